package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.MultiDeviceRule;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;

/**
 * Users whose account several devices use at once, or many devices in a window ({@link MultiDeviceRule}), as the
 * last scan found them ({@link ScanMultiDeviceUseCase}).
 */
public interface MultiDeviceUseCase {
    Page multiDevice(Query query);

    /**
     * @param page from 1
     * @param pageSize 1..100
     */
    record Query(TenantId tenant, int page, int pageSize) {
        public Query {
            InvalidValueException.require(tenant != null, "tenant", "must not be null");
            InvalidValueException.require(page >= 1 && page <= 10_000, "page", "must be 1 to 10000");
            InvalidValueException.require(pageSize >= 1 && pageSize <= 100, "pageSize", "must be 1 to 100");
        }
    }

    /**
     * Findings by score (highest first, then User-Name), of the tenant's last scan ({@code scan}: null when none has
     * run yet, then there are no findings).
     */
    record Page(List<MultiDeviceRule.Finding> findings, long total, int page, int pageSize, MultiDeviceScan scan) {
        public Page {
            findings = List.copyOf(findings);
        }
    }
}
