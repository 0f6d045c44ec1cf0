package io.sessionkeeper.domain.model;

/**
 * Counters as an Accounting-Request carries them (RFC 2866/2869), from the NAS port's point of view: input is
 * what the NAS received from the user (the customer's upload), output what it sent to the user (download).
 * Each 32-bit octet counter has a gigawords companion counting its wraps.
 */
public record RadiusCounters(
        long inputOctets,
        long inputGigawords,
        long outputOctets,
        long outputGigawords,
        long inputPackets,
        long outputPackets) {
    public static final RadiusCounters ZERO = new RadiusCounters(0, 0, 0, 0, 0, 0);

    public RadiusCounters {
        InvalidValueException.require(
                inputOctets >= 0
                        && inputGigawords >= 0
                        && outputOctets >= 0
                        && outputGigawords >= 0
                        && inputPackets >= 0
                        && outputPackets >= 0,
                "counters",
                "must not be negative");
    }

    /** 64-bit total: (gigawords &lt;&lt; 32) + octets (RFC 2869 §5.1). */
    public long inputTotal() {
        return combine(inputGigawords, inputOctets);
    }

    public long outputTotal() {
        return combine(outputGigawords, outputOctets);
    }

    private static long combine(long gigawords, long octets) {
        long high = Math.min(gigawords, Integer.MAX_VALUE);
        return (high << 32) + octets;
    }
}
