package io.sessionkeeper.loadgen.verify;

import io.sessionkeeper.loadgen.LoadgenSettings;
import io.sessionkeeper.loadgen.SessionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares what a server recorded with what the run sent last: every session must exist exactly once under its
 * Acct-Session-Id and NAS address, with bytesIn (download) and bytesOut (upload) equal to its Stop's counters.
 */
public final class Verification {
    private Verification() {}

    /** What a server holds for one session, as read back through its API or its database. */
    public record Observed(String acctSessionId, String nasAddress, long bytesIn, long bytesOut) {}

    /** Expected sessions of a run, subscriber by subscriber. */
    public static List<SessionPlan.Expected> expected(LoadgenSettings settings) {
        List<SessionPlan.Expected> expected = new ArrayList<>(settings.subscribers());
        for (int subscriber = 0; subscriber < settings.subscribers(); subscriber++) {
            expected.add(settings.plan()
                    .expected(subscriber, settings.nasOf(subscriber).getHostAddress()));
        }
        return expected;
    }

    /**
     * Checks {@code expected} against what was found, keyed by Acct-Session-Id (each key may have been found
     * several times: a server that split a session is wrong too).
     */
    public static Result check(List<SessionPlan.Expected> expected, Map<String, List<Observed>> found) {
        long missing = 0;
        long duplicated = 0;
        long wrong = 0;
        List<String> examples = new ArrayList<>();
        for (SessionPlan.Expected session : expected) {
            List<Observed> rows = found.getOrDefault(session.acctSessionId(), List.of()).stream()
                    .filter(row -> row.nasAddress() == null || row.nasAddress().equals(session.nasAddress()))
                    .toList();
            if (rows.isEmpty()) {
                missing++;
                example(examples, session.acctSessionId() + ": not found");
            } else if (rows.size() > 1) {
                duplicated++;
                example(examples, session.acctSessionId() + ": " + rows.size() + " sessions");
            } else {
                Observed row = rows.get(0);
                if (row.bytesIn() != session.bytesIn() || row.bytesOut() != session.bytesOut()) {
                    wrong++;
                    example(
                            examples,
                            String.format(
                                    Locale.ROOT,
                                    "%s: bytesIn %d bytesOut %d, expected %d %d",
                                    session.acctSessionId(),
                                    row.bytesIn(),
                                    row.bytesOut(),
                                    session.bytesIn(),
                                    session.bytesOut()));
                }
            }
        }
        return new Result(expected.size(), missing, duplicated, wrong, List.copyOf(examples));
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < 10) {
            examples.add(line);
        }
    }

    /** The outcome: {@link #ok()} when every session is there once with its final counters. */
    public record Result(long sessions, long missing, long duplicated, long wrongCounters, List<String> examples) {
        public boolean ok() {
            return missing == 0 && duplicated == 0 && wrongCounters == 0;
        }

        public String format() {
            return String.format(
                            Locale.ROOT,
                            "verification: %d sessions, %d missing, %d duplicated, %d with wrong counters: %s",
                            sessions,
                            missing,
                            duplicated,
                            wrongCounters,
                            ok() ? "OK" : "FAILED")
                    + (examples.isEmpty() ? "" : "\n  " + String.join("\n  ", examples));
        }
    }
}
