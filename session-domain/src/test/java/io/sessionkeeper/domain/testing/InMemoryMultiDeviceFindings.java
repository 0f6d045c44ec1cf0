package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.MultiDeviceRule.Finding;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Findings in memory; the evidence is read back from the in-memory session repository, as the port says (a session
 * deleted since is left out). Tenants to scan: those of the NAS directory, and those with a scan stored.
 */
public final class InMemoryMultiDeviceFindings implements MultiDeviceFindings {
    private record Kept(MultiDeviceScan scan, List<Finding> findings) {}

    private final InMemorySessionRepository sessions;
    private final InMemoryNasDirectory nasDirectory;
    private final Map<TenantId, Kept> kept = new ConcurrentHashMap<>();

    public InMemoryMultiDeviceFindings(InMemorySessionRepository sessions, InMemoryNasDirectory nasDirectory) {
        this.sessions = sessions;
        this.nasDirectory = nasDirectory;
    }

    @Override
    public List<TenantId> tenantsToScan() {
        Set<TenantId> tenants = new LinkedHashSet<>();
        nasDirectory.findAll().forEach(n -> tenants.add(n.tenant()));
        tenants.addAll(kept.keySet());
        return List.copyOf(tenants);
    }

    @Override
    public void replace(TenantId tenant, MultiDeviceScan scan, List<Finding> findings) {
        kept.put(tenant, new Kept(scan, List.copyOf(findings)));
    }

    @Override
    public Stored read(TenantId tenant, long offset, int limit) {
        Kept k = kept.get(tenant);
        if (k == null) {
            return new Stored(Optional.empty(), 0, List.of());
        }
        List<Finding> page = k.findings().stream()
                .sorted(Comparator.comparingInt(Finding::score).reversed().thenComparing(Finding::username))
                .skip(offset)
                .limit(limit)
                .map(f -> Finding.of(
                        f.username(),
                        f.activeSessions(),
                        f.score(),
                        f.reasons(),
                        f.randomizedMacs(),
                        f.sessions().stream()
                                .map(s -> now(tenant, s.id()))
                                .filter(Objects::nonNull)
                                .toList()))
                .toList();
        return new Stored(Optional.of(k.scan()), k.findings().size(), page);
    }

    private DeviceSession now(TenantId tenant, SessionId id) {
        return sessions.all().stream()
                .filter(s -> s.tenant().equals(tenant) && s.id().equals(id))
                .findFirst()
                .map(DeviceSession::of)
                .orElse(null);
    }
}
