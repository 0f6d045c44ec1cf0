package io.sessionkeeper.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The width of the buckets of a bandwidth series. Buckets are aligned on the UTC epoch: a 15-minute bucket starts at
 * :00, :15, :30 or :45 UTC, so that every time zone (+5:30 and +5:45 included) gets whole local hours and days from
 * 15-minute buckets; a day is a UTC day.
 */
public enum BandwidthInterval {
    ONE_MINUTE("1m", Duration.ofMinutes(1)),
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    FIFTEEN_MINUTES("15m", Duration.ofMinutes(15)),
    ONE_HOUR("1h", Duration.ofHours(1)),
    ONE_DAY("1d", Duration.ofDays(1));

    /** Without an interval asked for, the finest one that gives at most this many points is chosen. */
    public static final int CHOSEN_MAX_POINTS = 1_000;

    /** A series of more points than this is refused. */
    public static final int MAX_POINTS = 10_000;

    private final String code;
    private final Duration length;

    BandwidthInterval(String code, Duration length) {
        this.code = code;
        this.length = length;
    }

    public String code() {
        return code;
    }

    public Duration length() {
        return length;
    }

    public long micros() {
        return length.toSeconds() * 1_000_000L;
    }

    /** {@code 1m}, {@code 5m}, {@code 15m}, {@code 1h} or {@code 1d}; anything else is an invalid value. */
    public static BandwidthInterval parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (BandwidthInterval interval : values()) {
            if (interval.code.equals(wanted)) {
                return interval;
            }
        }
        throw new InvalidValueException("interval", "must be one of 1m, 5m, 15m, 1h, 1d");
    }

    /** The start of the bucket holding {@code at}. */
    public Instant floor(Instant at) {
        long micros = Instants.micros(at);
        return Instants.ofMicros(Math.floorDiv(micros, micros()) * micros());
    }

    /** The end of the bucket holding the instant just before {@code at}: {@code at} itself when on a boundary. */
    public Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : floor.plus(length);
    }

    /** How many buckets cover [from, to). */
    public long points(Instant from, Instant to) {
        long span = Instants.micros(ceil(to)) - Instants.micros(floor(from));
        return Math.max(0, span / micros());
    }

    /** The finest interval giving at most {@link #CHOSEN_MAX_POINTS} points over [from, to). */
    public static BandwidthInterval choose(Instant from, Instant to) {
        for (BandwidthInterval interval : values()) {
            if (interval.points(from, to) <= CHOSEN_MAX_POINTS) {
                return interval;
            }
        }
        return ONE_DAY;
    }

    /** Microseconds since the epoch, the precision the service keeps of instants. */
    static final class Instants {
        private Instants() {}

        static long micros(Instant at) {
            return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        }

        static Instant ofMicros(long micros) {
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }
}
