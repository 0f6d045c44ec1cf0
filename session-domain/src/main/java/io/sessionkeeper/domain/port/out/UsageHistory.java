package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The usage of many sessions: the raw samples of a customer's or a NAS's sessions, and the roll-ups kept past the
 * raw retention (of a session too: its own quarters). Everything is confined to the asking tenant.
 */
public interface UsageHistory {

    /** Whose sessions. */
    sealed interface Scope {}

    record OfCustomer(String username) implements Scope {}

    record OfNas(NasId nas) implements Scope {}

    /** One session: its roll-ups are its quarters, kept until the session is archived (ADR 43). */
    record OfSession(SessionId session) implements Scope {}

    /**
     * Roll-up granularities: a NAS, a tenant and a session have quarter hours (13 months; a session's until it is
     * archived), a customer hours (90 days) and days.
     */
    enum Grain {
        QUARTER_HOUR(Duration.ofMinutes(15)),
        HOUR(Duration.ofHours(1)),
        DAY(Duration.ofDays(1));

        private final Duration length;

        Grain(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }
    }

    /**
     * A session of the scope with its samples covering the range (as {@link UsageSamples#covering}), and the
     * interim interval its NAS said it sends (null when it did not: {@link
     * io.sessionkeeper.domain.model.Session#interimInterval}).
     */
    record SessionSamples(SessionId session, Instant stop, Duration interimInterval, List<UsageSample> samples) {}

    /**
     * A roll-up bucket: octets in it and how many sessions had traffic data in it (the most of any quarter; of a
     * session's quarter: 1 or 0).
     */
    record RolledBucket(Instant start, long downloadOctets, long uploadOctets, int sessions) {}

    /**
     * Every session of the scope whose samples give it traffic in [from, to), each with its samples covering the
     * range; sessions without traffic there may be in the list (their series add nothing) or not.
     */
    List<SessionSamples> samples(TenantId tenant, Scope scope, Instant from, Instant to);

    /**
     * The scope's roll-up buckets of {@code grain} starting in [from, to), oldest first; none for a grain the scope
     * does not keep.
     */
    List<RolledBucket> rolledUp(TenantId tenant, Scope scope, Grain grain, Instant from, Instant to);

    /**
     * Whole UTC quarter-hours before this instant are in the roll-ups (except the late samples still queued for them):
     * a scope's quarters and a session's hours by quarter up to it; a customer's hours and days only when the hour or
     * the day ends at or before it (until then their rows hold part of it). {@link Instant#EPOCH} before the first
     * roll-up.
     */
    Instant rolledUntil();

    /**
     * Raw samples at or after this instant are kept: the start of the oldest UTC day of samples (the raw retention
     * drops whole days, oldest first); {@link Instant#EPOCH} when every sample written is kept. Samples before it
     * exist only in the roll-ups.
     */
    Instant samplesKeptSince();
}
