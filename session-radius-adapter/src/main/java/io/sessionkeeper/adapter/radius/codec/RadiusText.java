package io.sessionkeeper.adapter.radius.codec;

import java.nio.charset.StandardCharsets;

/**
 * RADIUS text attributes (RFC 2865 §5: UTF-8 octets, not NUL-terminated) made fit for storage and display. The rule,
 * also in docs/accounting-rules.md:
 *
 * <ol>
 *   <li>trailing NUL octets are padding some NAS add, and are dropped (as before; not counted as cleaning);
 *   <li>the octets are decoded as UTF-8; every ill-formed sequence (a stray continuation octet, a truncated or
 *       overlong sequence, an encoded surrogate, a code point above U+10FFFF, an octet C0, C1, F5-FF) becomes
 *       U+FFFD, one per maximal subpart (Unicode §3.9, "U+FFFD Substitution of Maximal Subparts");
 *   <li>every control character (Unicode category Cc: U+0000-U+001F, U+007F, U+0080-U+009F) becomes U+FFFD.
 *       PostgreSQL refuses only NUL in text, but the others are hostile to every display (a terminal escape
 *       sequence, a line break forged into a log or a CSV export).
 * </ol>
 *
 * <p>The result depends on the octets only, so every retransmission, Interim and Stop of a session gives the same
 * text and so the same session key; it is never longer in characters than the value was in octets, so it fits the
 * columns sized for 253-octet attributes. Replacing loses information (two values differing only in their control
 * octets give the same text), which is why the NAS's original octets of User-Name and Acct-Session-Id are kept
 * where they differ ({@code OriginalOctets}), for Disconnect/CoA.
 *
 * <p>Speed: {@link #isClean} is one pass over the octets that allocates nothing, with a fast path for printable
 * ASCII; a clean value (nearly every one) is then decoded once by the JDK, as before. Only a value that needs
 * cleaning pays for a second pass.
 */
final class RadiusText {
    private static final char REPLACEMENT = '\uFFFD';

    private RadiusText() {}

    /** The end of the octets {@code from} (inclusive) to {@code to} (exclusive) without their trailing NUL octets. */
    static int withoutTrailingNuls(byte[] octets, int from, int to) {
        int end = to;
        while (end > from && octets[end - 1] == 0) {
            end--;
        }
        return end;
    }

    /** The text of the octets {@code from} (inclusive) to {@code to} (exclusive) by the rule above. */
    static String decode(byte[] octets, int from, int to) {
        return isClean(octets, from, to)
                ? new String(octets, from, to - from, StandardCharsets.UTF_8)
                : clean(octets, from, to);
    }

    /**
     * Whether the octets {@code from} (inclusive) to {@code to} (exclusive) are well-formed UTF-8 without control characters, i.e. whether their
     * text is their plain UTF-8 decoding and keeps every octet. One pass, no allocation.
     */
    static boolean isClean(byte[] octets, int from, int to) {
        int i = from;
        while (i < to) {
            int b = octets[i];
            if (b >= 0x20 && b < 0x7F) {
                i++;
                continue;
            }
            if (b >= 0) {
                return false; // C0 control or DEL
            }
            int n = sequenceLength(b & 0xFF);
            if (n == 0 || validPrefix(octets, i, to, n) < n) {
                return false;
            }
            if (n == 2 && (b & 0xFF) == 0xC2 && (octets[i + 1] & 0xFF) < 0xA0) {
                return false; // C1 control, U+0080-U+009F
            }
            i += n;
        }
        return true;
    }

    /**
     * The cleaned text of the octets {@code from} (inclusive) to {@code to} (exclusive): each maximal subpart of an ill-formed sequence (Unicode
     * §3.9, "U+FFFD Substitution of Maximal Subparts") and each control character becomes U+FFFD. Written out here
     * rather than left to the JDK's decoder, whose replacement differs in places (one U+FFFD for an encoded
     * surrogate) and could change with its version: the text is part of the session key.
     */
    static String clean(byte[] octets, int from, int to) {
        StringBuilder text = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int b = octets[i] & 0xFF;
            if (b < 0x80) {
                text.append(b < 0x20 || b == 0x7F ? REPLACEMENT : (char) b);
                i++;
                continue;
            }
            int n = sequenceLength(b);
            if (n == 0) {
                text.append(REPLACEMENT);
                i++;
                continue;
            }
            int valid = validPrefix(octets, i, to, n);
            if (valid < n) {
                text.append(REPLACEMENT);
                i += valid;
                continue;
            }
            int codePoint = b & (0xFF >> (n + 1));
            for (int k = 1; k < n; k++) {
                codePoint = (codePoint << 6) | (octets[i + k] & 0x3F);
            }
            if (codePoint <= 0x9F) {
                text.append(REPLACEMENT); // C1 control
            } else {
                text.appendCodePoint(codePoint);
            }
            i += n;
        }
        return text.toString();
    }

    /** The length of the sequence a non-ASCII first octet starts, or 0 when it cannot start one (Table 3-7). */
    private static int sequenceLength(int first) {
        if (first >= 0xC2 && first <= 0xDF) {
            return 2;
        }
        if (first >= 0xE0 && first <= 0xEF) {
            return 3;
        }
        if (first >= 0xF0 && first <= 0xF4) {
            return 4;
        }
        return 0;
    }

    /**
     * How many octets from {@code i} (at most {@code n}) form the start of a well-formed sequence of {@code n}
     * octets: {@code n} when the sequence is complete, else the length of its maximal subpart (at least 1).
     */
    private static int validPrefix(byte[] octets, int i, int to, int n) {
        int first = octets[i] & 0xFF;
        int low = first == 0xE0 ? 0xA0 : first == 0xF0 ? 0x90 : 0x80; // no overlong forms
        int high = first == 0xED ? 0x9F : first == 0xF4 ? 0x8F : 0xBF; // no surrogates, nothing above U+10FFFF
        int k = 1;
        while (k < n && i + k < to) {
            int next = octets[i + k] & 0xFF;
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
                break;
            }
            k++;
        }
        return k;
    }
}
