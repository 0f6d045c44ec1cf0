package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.port.out.AlertFilter;

/** A page of alerts: {@code page} from 1, {@code pageSize} 1 to {@value ListSessionsQuery#MAX_PAGE_SIZE}. */
public record ListAlertsQuery(AlertFilter filter, int page, int pageSize) {
    public ListAlertsQuery {
        InvalidValueException.require(filter != null, "filter", "must not be null");
        InvalidValueException.require(page >= 1, "page", "must be 1 or more");
        InvalidValueException.require(
                pageSize >= 1 && pageSize <= ListSessionsQuery.MAX_PAGE_SIZE,
                "pageSize",
                "must be between 1 and " + ListSessionsQuery.MAX_PAGE_SIZE);
        InvalidValueException.require(
                (long) (page - 1) * pageSize <= ListSessionsQuery.MAX_OFFSET, "page", "is too deep; narrow the filter");
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
