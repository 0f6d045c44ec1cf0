package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.TENANT;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSample.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sessions and samples of top users with exact expected figures, for the in-memory analytics and PostgreSQL's
 * roll-ups alike. Now is {@link #NOW} (10:20 UTC): traffic is counted up to 10:00, the last whole hour. Octets of an
 * interval between two samples are spread evenly over it (the series' rule), so each session crossing a window's
 * edge counts with the part inside:
 *
 * <ul>
 *   <li>alice, 30 March 21:00-23:00 UTC, 600 down and 60 up an hour: across Berlin's midnight (22:00 UTC);
 *   <li>bob, open since 31 March 01:00: 500 down in 01:00-02:00, 400 in 02:00-09:30, 100 in 09:30-10:10 (75 of them
 *       before 10:00, 25 after it and not counted): 975;
 *   <li>carol, 30 March 18:00-18:30 UTC, 300 down and 30 up: across Kathmandu's midnight (18:15 UTC, +05:45);
 *   <li>dave, 24 March 09:00-11:00 UTC, 2,000 down: across the start of 7 days (24 March 10:15, the quarter of
 *       10:20), 750 after it;
 *   <li>erin, 20 March: before every window.
 * </ul>
 */
public final class TopUsersScenario {
    public static final Instant NOW = Instant.parse("2026-03-31T10:20:00Z");

    private final List<Session> sessions = new ArrayList<>();
    private final List<SessionSample> samples = new ArrayList<>();

    public TopUsersScenario(Nas nas) {
        closed(
                nas,
                "alice",
                "2026-03-30T21:00:00Z",
                sample("2026-03-30T22:00:00Z", 600, 60),
                sample("2026-03-30T23:00:00Z", 1200, 120));
        Session bob = Fixtures.session(nas)
                .acctSessionId("top-bob")
                .username("bob")
                .start(Instant.parse("2026-03-31T01:00:00Z"))
                .lastUpdate(Instant.parse("2026-03-31T10:10:00Z"))
                .usage(1000, 0)
                .build();
        add(
                bob,
                List.of(
                        sample("2026-03-31T01:00:00Z", 0, 0, Kind.START),
                        sample("2026-03-31T02:00:00Z", 500, 0),
                        sample("2026-03-31T09:30:00Z", 900, 0),
                        sample("2026-03-31T10:10:00Z", 1000, 0)));
        closed(nas, "carol", "2026-03-30T18:00:00Z", sample("2026-03-30T18:30:00Z", 300, 30));
        closed(nas, "dave", "2026-03-24T09:00:00Z", sample("2026-03-24T11:00:00Z", 2000, 0));
        closed(nas, "erin", "2026-03-20T09:00:00Z", sample("2026-03-20T10:00:00Z", 5000, 0));
    }

    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    public List<SessionSample> samples() {
        return List.copyOf(samples);
    }

    /** A session from {@code start} (a Start sample of zero) to its last sample (a Stop). */
    private void closed(Nas nas, String user, String start, UsageSample... rest) {
        UsageSample last = rest[rest.length - 1];
        UsageSample stop = new UsageSample(
                last.at(), last.downloadOctets(), last.uploadOctets(), last.sessionTimeSeconds(), Kind.STOP);
        Session session = Fixtures.session(nas)
                .acctSessionId("top-" + user)
                .username(user)
                .start(Instant.parse(start))
                .stopped(stop.at(), TerminateCause.ADMIN_TERMINATE)
                .usage(stop.downloadOctets(), stop.uploadOctets())
                .build();
        List<UsageSample> all = new ArrayList<>();
        all.add(sample(start, 0, 0, Kind.START));
        for (int i = 0; i < rest.length - 1; i++) {
            all.add(rest[i]);
        }
        all.add(stop);
        add(session, all);
    }

    private void add(Session session, List<UsageSample> of) {
        sessions.add(session);
        for (UsageSample sample : of) {
            samples.add(new SessionSample(TENANT, session.id(), sample));
        }
    }

    private static UsageSample sample(String at, long down, long up) {
        return sample(at, down, up, Kind.INTERIM);
    }

    private static UsageSample sample(String at, long down, long up, Kind kind) {
        return new UsageSample(Instant.parse(at), down, up, 0, kind);
    }
}
