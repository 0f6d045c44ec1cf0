package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.MultiDeviceRule.Finding;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Multi-device findings as the last scan made them (ADR 0048): a request pages through stored findings instead of
 * judging every candidate user's sessions (at 10M sessions that took over a second a request).
 */
public interface MultiDeviceFindings {
    /** The tenants a scan must make findings for: every tenant with a NAS, and every tenant with a scan stored. */
    List<TenantId> tenantsToScan();

    /**
     * Replaces the tenant's findings and its last scan, at once: a reader sees the old set or the new, never a mix.
     * A finding keeps its evidence as session ids, in order.
     */
    void replace(TenantId tenant, MultiDeviceScan scan, List<Finding> findings);

    /**
     * The tenant's last scan (empty: none yet), how many findings it made, and {@code limit} of them from {@code
     * offset}, by score (highest first) then User-Name. Each finding's evidence is its sessions as they are now, in the
     * stored order; a session deleted since is left out (and its IP, MAC and NAS with it).
     */
    Stored read(TenantId tenant, long offset, int limit);

    record Stored(Optional<MultiDeviceScan> scan, long total, List<Finding> findings) {
        public Stored {
            findings = List.copyOf(findings);
        }
    }
}
