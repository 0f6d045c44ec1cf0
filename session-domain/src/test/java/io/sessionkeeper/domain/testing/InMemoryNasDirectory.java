package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.out.NasDirectory;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The NAS directory in memory; passes {@link NasDirectoryContract}. */
public class InMemoryNasDirectory implements NasDirectory {
    private final Map<NasId, Nas> byId = new LinkedHashMap<>();

    @Override
    public synchronized Optional<Nas> findById(TenantId tenant, NasId id) {
        return Optional.ofNullable(byId.get(id)).filter(n -> n.tenant().equals(tenant));
    }

    @Override
    public synchronized List<Nas> findByTenant(TenantId tenant) {
        return byId.values().stream()
                .filter(n -> n.tenant().equals(tenant))
                .sorted(Comparator.comparing(Nas::name).thenComparing(n -> n.id().toString()))
                .toList();
    }

    @Override
    public synchronized List<Nas> findAll() {
        return List.copyOf(byId.values());
    }

    @Override
    public synchronized void save(Nas nas) {
        for (Nas other : byId.values()) {
            if (!other.id().equals(nas.id()) && other.ipAddress().equals(nas.ipAddress())) {
                throw new ConflictException("IP address " + nas.ipAddress() + " belongs to another NAS");
            }
        }
        Nas existing = byId.get(nas.id());
        if (existing != null && !existing.tenant().equals(nas.tenant())) {
            throw new ConflictException("NAS " + nas.id() + " belongs to another tenant");
        }
        byId.put(nas.id(), nas);
    }

    @Override
    public synchronized boolean delete(TenantId tenant, NasId id) {
        Nas existing = byId.get(id);
        if (existing == null || !existing.tenant().equals(tenant)) {
            return false;
        }
        byId.remove(id);
        return true;
    }
}
