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
 * raw retention. Everything is confined to the asking tenant.
 */
public interface UsageHistory {

    /** Whose sessions. */
    sealed interface Scope {}

    record OfCustomer(String username) implements Scope {}

    record OfNas(NasId nas) implements Scope {}

    /** Roll-up granularities: a NAS and a tenant have quarter hours (13 months), a customer hours (90 days) and days. */
    enum Grain {
        QUARTER_HOUR,
        HOUR,
        DAY
    }

    /**
     * A session of the scope with its samples covering the range (as {@link UsageSamples#covering}), and the
     * interim interval its NAS said it sends (null when it did not: {@link
     * io.sessionkeeper.domain.model.Session#interimInterval}).
     */
    record SessionSamples(SessionId session, Instant stop, Duration interimInterval, List<UsageSample> samples) {}

    /** A roll-up bucket: octets in it and how many sessions had traffic data in it (the most of any quarter). */
    record RolledBucket(Instant start, long downloadOctets, long uploadOctets, int sessions) {}

    /** The scope's sessions that may have samples in [from, to), each with its samples covering the range. */
    List<SessionSamples> samples(TenantId tenant, Scope scope, Instant from, Instant to);

    /** The scope's roll-up buckets of {@code grain} starting in [from, to), oldest first. */
    List<RolledBucket> rolledUp(TenantId tenant, Scope scope, Grain grain, Instant from, Instant to);

    /**
     * Whole hours before this instant are in the roll-ups (except the late samples still queued for them); {@link
     * Instant#EPOCH} before the first roll-up.
     */
    Instant rolledUntil();
}
