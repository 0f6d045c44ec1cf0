package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.MultiDeviceRule;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;

/** Users whose account several devices use at once, or many devices in a window ({@link MultiDeviceRule}). */
public interface MultiDeviceUseCase {
    Page multiDevice(Query query);

    /**
     * @param page from 1
     * @param pageSize 1..100
     * @param windowHours 1..168, the window of {@code MANY_MACS}
     * @param minMacs 2..100
     */
    record Query(TenantId tenant, int page, int pageSize, int windowHours, int minMacs) {
        public static final int DEFAULT_WINDOW_HOURS = 24;
        public static final int DEFAULT_MIN_MACS = 3;

        public Query {
            InvalidValueException.require(tenant != null, "tenant", "must not be null");
            InvalidValueException.require(page >= 1 && page <= 10_000, "page", "must be 1 to 10000");
            InvalidValueException.require(pageSize >= 1 && pageSize <= 100, "pageSize", "must be 1 to 100");
            InvalidValueException.require(windowHours >= 1 && windowHours <= 168, "windowHours", "must be 1 to 168");
            InvalidValueException.require(minMacs >= 2 && minMacs <= 100, "minMacs", "must be 2 to 100");
        }
    }

    /**
     * Findings by score (highest first, then User-Name); {@code truncated}: more users were candidates than one
     * request examines, so the list may miss some.
     */
    record Page(List<MultiDeviceRule.Finding> findings, long total, int page, int pageSize, boolean truncated) {
        public Page {
            findings = List.copyOf(findings);
        }
    }
}
