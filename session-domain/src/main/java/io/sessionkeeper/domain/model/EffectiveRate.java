package io.sessionkeeper.domain.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate a session is shaped to, in kbit/s per direction, mapped here and nowhere else: the rate limit of the last
 * CoA the NAS acknowledged, else the rate limit its accounting carried (Mikrotik-Rate-Limit), else its customer's
 * package speeds. "Near the rate limit" ({@link #isNear}) compares throughput with it.
 */
public record EffectiveRate(long downloadKbps, long uploadKbps, Basis basis) {
    /** A bucket is near the limit when either direction carries at least this share of its rate. */
    public static final double NEAR_SHARE = 0.9;

    /** What the rate was taken from. */
    public enum Basis {
        COA,
        ACCOUNTING,
        PACKAGE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    // MikroTik's "rx-rate[/tx-rate] [burst ...]", rates with an optional k, M or G (bit/s, decimal)
    private static final Pattern RATE = Pattern.compile("\\s*([0-9]{1,12})([kKmMgG]?)(?:/([0-9]{1,12})([kKmMgG]?))?.*");

    public EffectiveRate {
        InvalidValueException.require(downloadKbps >= 0 && uploadKbps >= 0, "rate", "must not be negative");
        InvalidValueException.require(basis != null, "basis", "must not be null");
    }

    /**
     * The session's effective rate, or null when none is known (no rate limit, no package, or a package of speed 0).
     *
     * @param lastAckedCoa the rate limit of the last CoA-Request the NAS acknowledged (null: none)
     * @param accounting the session's rate limit from accounting (null: none)
     * @param servicePackage its customer's package (null: none)
     */
    public static EffectiveRate of(String lastAckedCoa, String accounting, ServicePackage servicePackage) {
        EffectiveRate rate = fromMikrotik(lastAckedCoa, Basis.COA);
        if (rate == null) {
            rate = fromMikrotik(accounting, Basis.ACCOUNTING);
        }
        if (rate == null && servicePackage != null) {
            long down = servicePackage.downloadSpeed() * 1_000L;
            long up = servicePackage.uploadSpeed() * 1_000L;
            rate = down > 0 || up > 0 ? new EffectiveRate(down, up, Basis.PACKAGE) : null;
        }
        return rate;
    }

    /**
     * A MikroTik rate limit from the router's view: rx (what it receives: the subscriber's upload) / tx (what it
     * sends: the download); one rate for both when there is no slash. Null when it does not read as one.
     */
    static EffectiveRate fromMikrotik(String text, Basis basis) {
        if (text == null || text.length() > 128) {
            return null;
        }
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long rx = kbps(m.group(1), m.group(2));
        long tx = m.group(3) == null ? rx : kbps(m.group(3), m.group(4));
        return rx > 0 || tx > 0 ? new EffectiveRate(tx, rx, basis) : null;
    }

    private static long kbps(String digits, String unit) {
        long value = Long.parseLong(digits);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "k" -> value;
            case "m" -> value * 1_000;
            case "g" -> value * 1_000_000;
            default -> value / 1_000;
        };
    }

    /**
     * Whether the throughput is near this rate in either direction (a direction of rate 0 is unshaped and never near).
     */
    public boolean isNear(double downloadKbps, double uploadKbps) {
        return (this.downloadKbps > 0 && downloadKbps >= NEAR_SHARE * this.downloadKbps)
                || (this.uploadKbps > 0 && uploadKbps >= NEAR_SHARE * this.uploadKbps);
    }
}
