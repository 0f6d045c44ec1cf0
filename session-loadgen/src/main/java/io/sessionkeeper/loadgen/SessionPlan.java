package io.sessionkeeper.loadgen;

import java.util.Locale;

/**
 * What subscriber {@code i} of a run sends: step 0 is the Start, steps 1..K the Interim-Updates, step K+1 the Stop.
 * The counters of every step are a pure function of (subscriber, step), so that the final values the server must
 * hold are known without remembering what was sent. They grow by ~1.3 GB (download) and ~1.1 GB (upload) per step,
 * so from the fourth step on they exceed 2^32 and need Acct-Input/Output-Gigawords.
 */
public record SessionPlan(String runId, int interims, Timestamps timestamps) {
    public static final long UPLOAD_PER_STEP = 1_100_000_123L;

    /** The Interim-Update interval the distrusted replay pretends (RouterOS's default is 5 min in many ISPs). */
    public static final long REPLAYED_INTERIM_SECONDS = 300;

    /** About three years: Event-Timestamps this far in the past are not believed (the limit is 24 h). */
    public static final long REPLAY_AGE_SECONDS = 3 * 365 * 86_400L;

    /**
     * The time attributes of a run. BELIEVABLE: Event-Timestamp now and Acct-Session-Time the real time since the
     * Start, as a NAS with a good clock sends. DISTRUSTED: a replay of an old capture, or a NAS whose clock is years
     * off: Event-Timestamp about three years ago and Acct-Session-Time of {@value #REPLAYED_INTERIM_SECONDS} s per
     * step, so that the service falls back to arrival time and each step implies a start minutes earlier.
     */
    public enum Timestamps {
        BELIEVABLE,
        DISTRUSTED
    }

    public SessionPlan(String runId, int interims) {
        this(runId, interims, Timestamps.BELIEVABLE);
    }

    /** Acct-Session-Time of a step, given the real seconds since the subscriber's Start. */
    public long sessionTime(int step, long elapsedSeconds) {
        return timestamps == Timestamps.BELIEVABLE ? elapsedSeconds : step * REPLAYED_INTERIM_SECONDS;
    }

    /** Event-Timestamp of a step sent at {@code nowSeconds}. */
    public long eventTimestamp(long nowSeconds) {
        return timestamps == Timestamps.BELIEVABLE ? nowSeconds : nowSeconds - REPLAY_AGE_SECONDS;
    }

    public static final long DOWNLOAD_PER_STEP = 1_300_000_007L;

    public SessionPlan {
        if (timestamps == null) {
            throw new IllegalArgumentException("timestamps must be given");
        }
        if (!runId.matches("[0-9a-z]{1,16}")) {
            throw new IllegalArgumentException("run id must be 1-16 lower-case letters or digits: " + runId);
        }
        if (interims < 0) {
            throw new IllegalArgumentException("interims must be >= 0");
        }
    }

    public int steps() {
        return interims + 2;
    }

    public int stopStep() {
        return interims + 1;
    }

    /** Acct-Status-Type of a step: 1 Start, 3 Interim-Update, 2 Stop. */
    public int statusType(int step) {
        if (step == 0) {
            return 1;
        }
        return step == stopStep() ? 2 : 3;
    }

    public String acctSessionId(int subscriber) {
        return runId + "-" + String.format(Locale.ROOT, "%08X", subscriber);
    }

    public String username(int subscriber) {
        return "lg" + runId + "u" + subscriber;
    }

    /** Octets received from the user (Acct-Input-*, the customer's upload) after {@code step}. */
    public static long inputOctets(int subscriber, int step) {
        return step == 0 ? 0 : step * UPLOAD_PER_STEP + subscriber;
    }

    /** Octets sent to the user (Acct-Output-*, the customer's download) after {@code step}. */
    public static long outputOctets(int subscriber, int step) {
        return step == 0 ? 0 : step * DOWNLOAD_PER_STEP + 2L * subscriber;
    }

    /** The counters a server must hold at the end: those of the Stop. Download = output, upload = input. */
    public Expected expected(int subscriber, String nasAddress) {
        return new Expected(
                acctSessionId(subscriber),
                nasAddress,
                outputOctets(subscriber, stopStep()),
                inputOctets(subscriber, stopStep()));
    }

    /** What the server should have recorded for one session; bytesIn = download, bytesOut = upload. */
    public record Expected(String acctSessionId, String nasAddress, long bytesIn, long bytesOut) {}
}
