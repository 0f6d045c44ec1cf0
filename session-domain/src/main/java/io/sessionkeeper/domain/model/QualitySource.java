package io.sessionkeeper.domain.model;

import java.util.Locale;

/**
 * Where a quality measurement came from: the service's own ICMP prober, or a measuring box (an inline shaper or QoE
 * box) that pushed it. Kept apart per bucket: a probe from the service host and a shaper's TCP round trips measure
 * different paths, and mixing them would hide which one degraded.
 */
public enum QualitySource {
    PROBE,
    PUSH;

    /** The API's name: {@code probe}, {@code push}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Stable numbers for storage (never renumbered). */
    public int number() {
        return this == PROBE ? 1 : 2;
    }

    public static QualitySource ofNumber(int number) {
        return switch (number) {
            case 1 -> PROBE;
            case 2 -> PUSH;
            default -> throw new IllegalArgumentException("no quality source " + number);
        };
    }
}
