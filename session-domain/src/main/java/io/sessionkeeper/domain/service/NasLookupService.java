package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.out.NasDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Holds every NAS in memory and reloads them at most once per refresh interval, so per-packet look-ups cost a
 * hash probe and packets from unknown addresses cannot make the database work harder. One per injector
 * ({@code @Singleton}): the listener that looks up and the administration that {@link #refresh()}es must share it.
 */
@Singleton
public final class NasLookupService implements LookupNasUseCase {
    /** How long a loaded set of NAS is trusted before the directory is read again. */
    public record RefreshInterval(Duration value) {}

    private final NasDirectory directory;
    private final Clock clock;
    private final Duration refreshInterval;
    private volatile Snapshot snapshot;

    @Inject
    public NasLookupService(NasDirectory directory, Clock clock, RefreshInterval refreshInterval) {
        this.directory = directory;
        this.clock = clock;
        this.refreshInterval = refreshInterval.value();
    }

    @Override
    public Optional<Nas> radiusClient(IpAddress source) {
        return Optional.ofNullable(current().byAddress.get(source.address()));
    }

    @Override
    public Optional<Nas> originOf(Nas client, IpAddress nasIpAddress, String nasIdentifier) {
        if (!client.proxy()) {
            return Optional.of(client);
        }
        Snapshot current = current();
        if (nasIpAddress != null) {
            Nas nas = current.byAddress.get(nasIpAddress.address());
            if (nas != null && nas.tenant().equals(client.tenant()) && !nas.proxy()) {
                return Optional.of(nas);
            }
        }
        if (nasIdentifier != null) {
            Nas nas = current.byIdentifier.get(new TenantIdentifier(client.tenant(), nasIdentifier));
            if (nas != null && !nas.proxy()) {
                return Optional.of(nas);
            }
        }
        return Optional.empty();
    }

    @Override
    public void refresh() {
        snapshot = null;
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null || now.isAfter(current.loadedAt.plus(refreshInterval))) {
            synchronized (this) {
                current = snapshot;
                if (current == null || now.isAfter(current.loadedAt.plus(refreshInterval))) {
                    current = load(now);
                    snapshot = current;
                }
            }
        }
        return current;
    }

    private Snapshot load(Instant now) {
        Map<InetAddress, Nas> byAddress = new HashMap<>();
        Map<TenantIdentifier, Nas> byIdentifier = new HashMap<>();
        for (Nas nas : directory.findAll()) {
            byAddress.put(nas.ipAddress().address(), nas);
            if (nas.identifier() != null) {
                byIdentifier.put(new TenantIdentifier(nas.tenant(), nas.identifier()), nas);
            }
        }
        return new Snapshot(now, Map.copyOf(byAddress), Map.copyOf(byIdentifier));
    }

    private record TenantIdentifier(TenantId tenant, String identifier) {}

    private record Snapshot(
            Instant loadedAt, Map<InetAddress, Nas> byAddress, Map<TenantIdentifier, Nas> byIdentifier) {}
}
