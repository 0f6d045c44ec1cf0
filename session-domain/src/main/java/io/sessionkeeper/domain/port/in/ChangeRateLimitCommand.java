package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.util.regex.Pattern;

/**
 * A new rate limit in MikroTik's "rx/tx" form from the router's view, e.g. {@code 10M/20M}. {@code requestedBy}: the
 * token that asked, for the session's timeline; null when no token asked.
 */
public record ChangeRateLimitCommand(TenantId tenant, SessionId id, String rateLimit, Requester requestedBy) {
    private static final Pattern RATE = Pattern.compile("[0-9]+[kKmMgG]?(/[0-9]+[kKmMgG]?)?([ /0-9kKmMgG]*)?");

    public ChangeRateLimitCommand {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(
                rateLimit != null
                        && rateLimit.length() <= 128
                        && RATE.matcher(rateLimit).matches(),
                "rateLimit",
                "must look like 10M/20M");
    }

    /** A request that names no token (an embedding system's own). */
    public ChangeRateLimitCommand(TenantId tenant, SessionId id, String rateLimit) {
        this(tenant, id, rateLimit, null);
    }
}
