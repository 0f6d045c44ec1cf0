package io.sessionkeeper.adapter.radius.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RadiusTextTest {
    private static String decode(String hex) {
        byte[] octets = HexFormat.of().parseHex(hex);
        return RadiusText.decode(octets, 0, octets.length);
    }

    private static String codePoints(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(out.length() == 0 ? "" : " ").append(Integer.toHexString(c)));
        return out.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // clean: printable ASCII, every well-formed multi-octet form at its bounds
        "616c696365, 61 6c 69 63 65",
        "c2a0, a0",
        "dfbf, 7ff",
        "e0a080, 800",
        "ed9fbf, d7ff",
        "ee8080, e000",
        "efbfbf, ffff",
        "f0908080, 10000",
        "f48fbfbf, 10ffff",
        // control characters: C0, DEL, C1
        "610062, 61 fffd 62",
        "091b0a0d, fffd fffd fffd fffd",
        "7f, fffd",
        "c280c29f, fffd fffd",
        // ill-formed: one U+FFFD per maximal subpart (Unicode 15, Table 3-8 and its neighbours)
        "ff61, fffd 61",
        "80bf, fffd fffd",
        "c0af, fffd fffd",
        "c1bf, fffd fffd",
        "e080af, fffd fffd fffd",
        "eda080, fffd fffd fffd",
        "f08080af, fffd fffd fffd fffd",
        "f4908080, fffd fffd fffd fffd",
        "f5808080, fffd fffd fffd fffd",
        "f09f98, fffd",
        "f09f9861, fffd 61",
        "e2, fffd",
        "e282, fffd",
        "e28261, fffd 61",
        "c3, fffd",
        "61f1808080e180, 61 40000 fffd",
    })
    void cleansByTheDocumentedRule(String octets, String expectedCodePoints) {
        assertThat(codePoints(decode(octets))).isEqualTo(expectedCodePoints);
    }

    @Test
    void cleanValuesAreExactlyTheirUtf8AndTheOthersAreNot() {
        Random random = new Random(11);
        for (int run = 0; run < 20_000; run++) {
            byte[] octets = new byte[1 + random.nextInt(24)];
            random.nextBytes(octets);
            if (run % 2 == 0) {
                for (int i = 0; i < octets.length; i++) {
                    octets[i] = (byte) (0x20 + (octets[i] & 0x7F) % 0x70 + (random.nextInt(8) == 0 ? 0x60 : 0));
                }
            }
            String text = RadiusText.decode(octets, 0, octets.length);
            boolean keepsEveryOctet = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), octets);
            boolean hasControl = text.chars().anyMatch(Character::isISOControl);

            assertThat(RadiusText.isClean(octets, 0, octets.length))
                    .as("octets %s", HexFormat.of().formatHex(octets))
                    .isEqualTo(keepsEveryOctet && !hasControl);
            assertThat(hasControl).isFalse();
            assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(octets.length);
            assertThat(RadiusText.decode(octets, 0, octets.length)).isEqualTo(text);
        }
    }

    @Test
    void trailingNulPaddingIsNotPartOfTheValue() {
        assertThat(RadiusText.withoutTrailingNuls(new byte[] {'a', 0, 'b', 0, 0}, 0, 5))
                .isEqualTo(3);
        assertThat(RadiusText.withoutTrailingNuls(new byte[] {0, 0}, 0, 2)).isZero();
    }
}
