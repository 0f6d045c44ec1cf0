package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.time.Instant;
import java.util.List;

/**
 * The usage samples of sessions (one per Start, Interim-Update and Stop, written by the accounting unit of work,
 * {@link SessionWrites#appendSamples}), kept for the raw retention. Only samples of the tenant's own sessions are
 * ever returned. A sample is returned once the store has made it readable, which may be shortly after its unit
 * committed (the PostgreSQL store: once folded, about a second, ADR 67); never partly, never twice.
 */
public interface UsageSamples {

    /** The session's samples at or after {@code fromInclusive} and before {@code toExclusive}, oldest first. */
    List<UsageSample> between(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit);

    /**
     * As {@link #between}, plus the last sample before {@code fromInclusive} and the first at or after {@code
     * toExclusive} where they exist: the traffic of a range includes the intervals that cross its edges.
     */
    List<UsageSample> covering(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit);
}
