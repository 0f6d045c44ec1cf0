package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.UsageSample;
import java.time.Instant;
import java.util.List;

/** The usage samples of sessions, as accounting recorded them. */
public interface UsageSamples {
    /** At most {@code limit} samples of the tenant's session in {@code [fromInclusive, toExclusive)}, oldest first. */
    List<UsageSample> between(
            TenantId tenant, SessionId session, Instant fromInclusive, Instant toExclusive, int limit);
}
