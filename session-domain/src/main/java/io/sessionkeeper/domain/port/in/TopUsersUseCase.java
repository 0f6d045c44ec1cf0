package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TopUsers;
import java.time.ZoneId;

/** The users with most traffic today, in 7 or in 30 days. */
public interface TopUsersUseCase {
    TopUsers topUsers(Query query);

    /**
     * @param limit 1..100
     * @param zone null: the tenant's (for {@code today})
     */
    record Query(TenantId tenant, TopUsers.Period period, int limit, ZoneId zone) {
        public Query {
            InvalidValueException.require(tenant != null, "tenant", "must not be null");
            InvalidValueException.require(period != null, "period", "must not be null");
            InvalidValueException.require(limit >= 1 && limit <= 100, "limit", "must be 1 to 100");
        }
    }
}
