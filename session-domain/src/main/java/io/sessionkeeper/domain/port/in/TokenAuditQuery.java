package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.TenantId;

/**
 * A page of the token audit, newest first: of the caller's tenant ({@code tenant} null or the caller's own), of
 * another tenant, or of every tenant ({@code everyTenant}); the last two need {@code tenants:manage}. {@code page}
 * from 1, {@code pageSize} 1 to {@value ListSessionsQuery#MAX_PAGE_SIZE}.
 */
public record TokenAuditQuery(TenantId tenant, boolean everyTenant, int page, int pageSize) {
    /** The audit is small (an event per issue or revoke); a deep offset is a mistake, not a need. */
    public static final long MAX_OFFSET = 100_000;

    public TokenAuditQuery {
        InvalidValueException.require(!everyTenant || tenant == null, "tenant", "one tenant or every tenant");
        InvalidValueException.require(page >= 1, "page", "must be 1 or more");
        InvalidValueException.require(
                pageSize >= 1 && pageSize <= ListSessionsQuery.MAX_PAGE_SIZE,
                "pageSize",
                "must be between 1 and " + ListSessionsQuery.MAX_PAGE_SIZE);
        InvalidValueException.require(
                (long) (page - 1) * pageSize <= MAX_OFFSET,
                "page",
                "too deep: at most " + MAX_OFFSET + " events can be skipped");
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
