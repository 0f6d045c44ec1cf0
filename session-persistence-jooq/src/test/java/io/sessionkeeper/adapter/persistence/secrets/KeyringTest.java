package io.sessionkeeper.adapter.persistence.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyringTest {
    private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String KEY_B = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    @Test
    void aBareKeyIsKeyK1() {
        Keyring keyring = Keyring.parse(" " + KEY_A + "\n");

        assertThat(keyring.ids()).containsExactly("k1");
        assertThat(keyring.primary().id()).isEqualTo("k1");
    }

    @Test
    void itemsAreIdColonBase64ThePrimaryFirst() {
        Keyring keyring = Keyring.parse("2026-06:" + KEY_B + " , 2025.q1:" + KEY_A);

        assertThat(keyring.ids()).containsExactly("2026-06", "2025.q1");
        assertThat(keyring.primary().id()).isEqualTo("2026-06");
        assertThat(keyring.key("2025.q1")).isPresent();
        assertThat(keyring.key("k1")).isEmpty();
    }

    @Test
    void urlSafeBase64AndMissingPaddingAreAccepted() {
        // 32 bytes whose base64 has '-' and '_' in the URL-safe alphabet
        String urlSafe = "-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_-_8";

        assertThat(Keyring.parse("u:" + urlSafe).ids()).containsExactly("u");
        assertThat(Keyring.parse(KEY_A.replace("=", "")).ids()).containsExactly("k1");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''| is empty",
                "'   '| is empty",
                "not base64 at all!| the key is not base64",
                "c2hvcnQ=| the key must be 32 bytes in base64, not 5",
                "k1:" + KEY_A + ",k1:" + KEY_B + "| key id 'k1' appears twice",
                "k2:" + KEY_B + "," + KEY_A + "| item 2 has no id",
                "bad id:" + KEY_A + "| the key: a key id is 1-32 characters",
                ":" + KEY_A + "| the key: a key id is 1-32 characters",
                "k1:" + KEY_A + ",| item 2 has no id",
            })
    void aBadKeyringIsRefusedWithAReasonThatNeverQuotesTheKeys(String text, String reason) {
        assertThatThrownBy(() -> Keyring.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason.strip())
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(KEY_A)
                        .doesNotContain(KEY_B)
                        .doesNotContain("not base64 at all"));
    }

    @Test
    void toStringShowsIdsOnly() {
        Keyring keyring = Keyring.parse("new:" + KEY_B + ",old:" + KEY_A);

        assertThat(keyring.toString()).isEqualTo("Keyring[new (primary), old]");
        assertThat(keyring.primary().toString()).isEqualTo("DataKey[new]");
    }

    @Test
    void theTextFormReadsBackToTheSameKeys() {
        Keyring generated = Keyring.generate("k1");

        Keyring read = Keyring.parse(generated.format());
        SecretContext context = SecretContext.of("test", "row");

        assertThat(new SecretCipher(read).open(new SecretCipher(generated).seal("x", context), context))
                .isEqualTo("x");
    }
}
