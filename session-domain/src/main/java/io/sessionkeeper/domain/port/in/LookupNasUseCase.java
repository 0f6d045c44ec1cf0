package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import java.util.Optional;

/**
 * Finds who sent a RADIUS packet. Served from memory: a flood of packets from unknown addresses does not reach
 * the database more than once per refresh interval.
 */
public interface LookupNasUseCase {
    /** The NAS or proxy whose address is {@code source}. */
    Optional<Nas> radiusClient(IpAddress source);

    /**
     * The NAS a proxy forwards for, by NAS-IP-Address, else by NAS-Identifier, within the proxy's tenant. A
     * packet from a plain NAS is that NAS's own.
     */
    Optional<Nas> originOf(Nas client, IpAddress nasIpAddress, String nasIdentifier);

    /** Forgets what it holds, after NAS were added, changed or removed. */
    void refresh();
}
