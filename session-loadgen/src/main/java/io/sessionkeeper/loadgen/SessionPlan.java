package io.sessionkeeper.loadgen;

import java.util.Locale;

/**
 * What subscriber {@code i} of a run sends: step 0 is the Start, steps 1..K the Interim-Updates, step K+1 the Stop.
 * The counters of every step are a pure function of (subscriber, step), so that the final values the server must
 * hold are known without remembering what was sent. They grow by ~1.3 GB (download) and ~1.1 GB (upload) per step,
 * so from the fourth step on they exceed 2^32 and need Acct-Input/Output-Gigawords.
 */
public record SessionPlan(String runId, int interims) {
    public static final long UPLOAD_PER_STEP = 1_100_000_123L;
    public static final long DOWNLOAD_PER_STEP = 1_300_000_007L;

    public SessionPlan {
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
