package io.sessionkeeper.domain.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Byte counts for people, in binary multiples labelled as ISP dashboards do (1 GB = 1024³ bytes): at most two
 * decimals, trailing zeros dropped ({@code 3221225472 → "3 GB"}, {@code 1610612736 → "1.5 GB"}).
 */
public final class ByteFormat {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private ByteFormat() {}

    public static String human(long bytes) {
        if (bytes < 0) {
            throw new InvalidValueException("bytes", "must not be negative");
        }
        int unit = 0;
        long divisor = 1;
        while (unit < UNITS.length - 1 && bytes / divisor >= 1024) {
            divisor *= 1024;
            unit++;
        }
        BigDecimal value = BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(divisor), 2, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return value.toPlainString() + " " + UNITS[unit];
    }
}
