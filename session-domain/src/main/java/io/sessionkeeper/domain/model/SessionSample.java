package io.sessionkeeper.domain.model;

/** A {@link UsageSample} with the session it belongs to, as the accounting unit of work appends it. */
public record SessionSample(TenantId tenant, SessionId session, UsageSample sample) {
    public SessionSample {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(session != null, "session", "must not be null");
        InvalidValueException.require(sample != null, "sample", "must not be null");
    }
}
