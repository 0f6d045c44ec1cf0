package io.sessionkeeper.domain.model;

/**
 * A {@link UsageSample} with the session it belongs to, as the accounting unit of work appends it.
 *
 * @param newerThanStored the unit knows that nothing stored can have this sample's key: its session was created by
 *     the unit, or the sample's time (to the microsecond, as stored) is after the session's last update as the unit
 *     read it. A stored session's last update never moves back and is never earlier than any of its stored samples
 *     ({@link io.sessionkeeper.domain.port.out.SessionWrites#saveAll}), so such a sample cannot be a retransmission:
 *     the store may skip its look-up of the key. {@code false} says nothing (the store looks the key up).
 */
public record SessionSample(TenantId tenant, SessionId session, UsageSample sample, boolean newerThanStored) {
    public SessionSample {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(session != null, "session", "must not be null");
        InvalidValueException.require(sample != null, "sample", "must not be null");
    }

    /** A sample of which nothing is known: the store looks its key up. */
    public SessionSample(TenantId tenant, SessionId session, UsageSample sample) {
        this(tenant, session, sample, false);
    }
}
