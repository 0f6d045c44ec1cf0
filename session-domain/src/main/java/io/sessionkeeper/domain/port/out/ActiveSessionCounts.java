package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.NasId;
import java.util.Map;

/** Active sessions of a tenant: in all, by connection type, and by NAS. */
public record ActiveSessionCounts(long total, long pppoe, long hotspot, Map<NasId, Long> byNas) {
    public ActiveSessionCounts {
        byNas = Map.copyOf(byNas);
    }
}
