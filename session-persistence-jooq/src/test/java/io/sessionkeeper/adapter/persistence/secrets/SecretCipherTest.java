package io.sessionkeeper.adapter.persistence.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String K1 = "k1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String K2 = "k2:" + "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    private static final UUID NAS_ID = UUID.fromString("7b0f3c52-6c1e-4a40-9d0c-3f1e2a9b8c01");
    private static final SecretContext ROW = SecretColumns.NAS_SECRET.context("acme", NAS_ID);

    private final SecretCipher cipher = new SecretCipher(Keyring.parse(K1));

    @Test
    void aSealedValueOpensToItsPlaintextInItsOwnRow() {
        String secret = "shared secret with ümlauts and 😀";

        byte[] sealed = cipher.seal(secret, ROW);

        assertThat(cipher.open(sealed, ROW)).isEqualTo(secret);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("shared secret");
    }

    @Test
    void aValueCarriesVersionAndKeyIdAndAFreshNonceEachTime() {
        byte[] first = cipher.seal("same", ROW);
        byte[] second = cipher.seal("same", ROW);

        assertThat(first[0]).isEqualTo((byte) 1);
        assertThat(first[1]).isEqualTo((byte) 2);
        assertThat(new String(first, 2, 2, StandardCharsets.US_ASCII)).isEqualTo("k1");
        assertThat(SecretCipher.keyIdOf(first)).contains("k1");
        // header 4, nonce 12, ciphertext 4, tag 16
        assertThat(first).hasSize(4 + 12 + 4 + 16);
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aValueCopiedToAnotherRowOrColumnDoesNotOpen() {
        byte[] sealed = cipher.seal("s3cret", ROW);

        assertThatThrownBy(() -> cipher.open(sealed, SecretColumns.NAS_SECRET.context("globex", NAS_ID)))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("fails authentication");
        assertThatThrownBy(() -> cipher.open(sealed, SecretColumns.NAS_SECRET.context("acme", UUID.randomUUID())))
                .isInstanceOf(UnreadableSecretException.class);
        assertThatThrownBy(() -> cipher.open(sealed, SecretContext.of("webhook.secret", "acme", NAS_ID)))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void contextPartsAreDelimitedSoThatShiftingABoundaryChangesTheContext() {
        byte[] sealed = cipher.seal("s3cret", SecretContext.of("c", "ab", "c"));

        assertThatThrownBy(() -> cipher.open(sealed, SecretContext.of("c", "a", "bc")))
                .isInstanceOf(UnreadableSecretException.class);
    }

    @Test
    void anyAlteredByteMakesTheValueUnreadable() {
        byte[] sealed = cipher.seal("s3cret", ROW);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(altered, ROW))
                    .as("byte %d altered", i)
                    .isInstanceOf(UnreadableSecretException.class);
        }
    }

    @Test
    void valuesNotWrittenByTheCipherAreUnreadableNotACrash() {
        for (byte[] value : new byte[][] {null, {}, {0}, {1}, {1, 0}, {1, 40, 'k'}, "s3cret".getBytes()}) {
            assertThat(SecretCipher.keyIdOf(value)).isEmpty();
            assertThatThrownBy(() -> cipher.open(value, ROW))
                    .isInstanceOf(UnreadableSecretException.class)
                    .hasMessage("is not a value written by SecretCipher");
        }
    }

    @Test
    void afterANewPrimaryKeyOldValuesStillOpenAndNewOnesUseTheNewKey() {
        byte[] old = cipher.seal("s3cret", ROW);
        SecretCipher rotated = new SecretCipher(Keyring.parse(K2 + "," + K1));

        byte[] fresh = rotated.seal("s3cret", ROW);

        assertThat(rotated.open(old, ROW)).isEqualTo("s3cret");
        assertThat(SecretCipher.keyIdOf(fresh)).contains("k2");
        assertThat(rotated.isUnderPrimary(fresh)).isTrue();
        assertThat(rotated.isUnderPrimary(old)).isFalse();
        assertThatThrownBy(() -> cipher.open(fresh, ROW))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessage("is encrypted with key 'k2', which is not in the keyring Keyring[k1 (primary)]");
    }

    @Test
    void anotherKeyUnderTheSameIdDoesNotOpenAValue() {
        byte[] sealed = cipher.seal("s3cret", ROW);
        SecretCipher impostor = new SecretCipher(Keyring.parse("k1:" + K2.substring(3)));

        assertThatThrownBy(() -> impostor.open(sealed, ROW))
                .isInstanceOf(UnreadableSecretException.class)
                .hasMessageContaining("fails authentication with key 'k1'");
    }

    @Test
    void aCheckValueMatchesOnlyTheKeyThatMadeIt() {
        DataKey key = Keyring.parse(K1).primary();
        DataKey sameIdOtherKey = Keyring.parse("k1:" + K2.substring(3)).primary();
        DataKey otherId = Keyring.parse(K2).primary();

        byte[] check = cipher.checkValue(key);

        assertThat(cipher.matchesCheckValue(key, check)).isTrue();
        assertThat(cipher.matchesCheckValue(sameIdOtherKey, check)).isFalse();
        assertThat(cipher.matchesCheckValue(otherId, check)).isFalse();
        assertThat(cipher.matchesCheckValue(key, new byte[] {1, 2, 3})).isFalse();
    }
}
