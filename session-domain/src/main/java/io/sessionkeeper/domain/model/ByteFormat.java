package io.sessionkeeper.domain.model;

/**
 * Byte counts for people, in binary multiples labelled as ISP dashboards do (1 GB = 1024³ bytes): at most two
 * decimals rounded half up, trailing zeros dropped ({@code 3221225472 → "3 GB"}, {@code 1610612736 → "1.5 GB"}).
 *
 * <p>Integer arithmetic: an export formats two counts a row, and the {@code BigDecimal} division this replaces was a
 * tenth of the service's CPU in a 300,000-row CSV export (JFR). {@code ValueTypesTest} holds it to the decimal rule.
 */
public final class ByteFormat {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private ByteFormat() {}

    public static String human(long bytes) {
        if (bytes < 0) {
            throw new InvalidValueException("bytes", "must not be negative");
        }
        int unit = 0;
        while (unit < UNITS.length - 1 && bytes >>> (10 * unit) >= 1024) {
            unit++;
        }
        int shift = 10 * unit;
        long whole = bytes >>> shift;
        long rest = bytes - (whole << shift);
        long hundredths = shift == 0 ? 0 : roundedHundredths(rest, shift);
        if (hundredths == 100) {
            whole++;
            hundredths = 0;
        }
        StringBuilder out = new StringBuilder(12).append(whole);
        if (hundredths != 0) {
            out.append('.').append(hundredths / 10);
            if (hundredths % 10 != 0) {
                out.append(hundredths % 10);
            }
        }
        return out.append(' ').append(UNITS[unit]).toString();
    }

    /** {@code round(rest × 100 / 2^shift)}, half up, for {@code 0 ≤ rest < 2^shift}, {@code 10 ≤ shift ≤ 60}. */
    private static long roundedHundredths(long rest, int shift) {
        if (shift == 10) {
            return (rest * 100 + 512) >>> 10;
        }
        // rest × 100 could overflow (rest < 2^60), so divide by 2^10 first: rest × 100 = scaled × 2^10 + r with
        // 0 ≤ r < 2^10, and (scaled × 2^10 + r + 2^(shift-1)) / 2^shift rounds down to (scaled + 2^(shift-11)) /
        // 2^(shift-10), because r / 2^10 < 1 never carries an integer over a multiple of 2^(shift-10)
        long scaled = (rest >>> 10) * 100 + (((rest & 1023) * 100) >>> 10);
        return (scaled + (1L << (shift - 11))) >>> (shift - 10);
    }
}
