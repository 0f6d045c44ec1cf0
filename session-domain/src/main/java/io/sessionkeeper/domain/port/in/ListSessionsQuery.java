package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Text;

/**
 * A page of sessions: {@code page} from 1, {@code pageSize} 1 to {@value #MAX_PAGE_SIZE}. Nullable: customerId,
 * nasId, search (see {@link io.sessionkeeper.domain.port.out.SessionFilter} for what search matches); {@code period}
 * (never null: {@link SessionPeriod#ANY} when not given) keeps the sessions of some days.
 */
public record ListSessionsQuery(
        TenantId tenant,
        SessionStatusFilter status,
        CustomerId customerId,
        NasId nasId,
        String search,
        int page,
        int pageSize,
        SessionPeriod period) {
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    /** Deep offsets cost the database a scan; beyond this, narrow the filter instead. */
    public static final long MAX_OFFSET = 1_000_000;
    /** As long as the longest username (a RADIUS attribute), the longest thing search compares against. */
    public static final int MAX_SEARCH = 253;

    public ListSessionsQuery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        if (status == null) {
            status = SessionStatusFilter.ALL;
        }
        InvalidValueException.require(page >= 1, "page", "must be 1 or more");
        InvalidValueException.require(
                pageSize >= 1 && pageSize <= MAX_PAGE_SIZE, "pageSize", "must be between 1 and " + MAX_PAGE_SIZE);
        InvalidValueException.require(
                (long) (page - 1) * pageSize <= MAX_OFFSET,
                "page",
                "too deep: at most " + MAX_OFFSET + " sessions can be skipped; narrow the filter");
        Text.optional("search", search, MAX_SEARCH);
        if (period == null) {
            period = SessionPeriod.ANY;
        }
    }

    /** Without a period. */
    public ListSessionsQuery(
            TenantId tenant,
            SessionStatusFilter status,
            CustomerId customerId,
            NasId nasId,
            String search,
            int page,
            int pageSize) {
        this(tenant, status, customerId, nasId, search, page, pageSize, SessionPeriod.ANY);
    }

    /** The page of sessions that {@code criteria} select. */
    public static ListSessionsQuery of(TenantId tenant, SessionCriteria criteria, int page, int pageSize) {
        return new ListSessionsQuery(
                tenant,
                criteria.status(),
                criteria.customerId(),
                criteria.nasId(),
                criteria.search(),
                page,
                pageSize,
                criteria.period());
    }

    public static ListSessionsQuery firstPage(TenantId tenant) {
        return new ListSessionsQuery(tenant, SessionStatusFilter.ALL, null, null, null, 1, DEFAULT_PAGE_SIZE);
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
