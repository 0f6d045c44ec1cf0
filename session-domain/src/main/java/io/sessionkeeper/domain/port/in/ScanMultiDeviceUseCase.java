package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.TenantId;
import java.util.Map;

/** Makes every tenant's multi-device findings anew (the analytics job runs it; ADR 0048). */
public interface ScanMultiDeviceUseCase {
    /** One scan per tenant, each stored as it ends; the scans made, by tenant. */
    Map<TenantId, MultiDeviceScan> scanAll();
}
