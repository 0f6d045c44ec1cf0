package io.sessionkeeper.domain.model;

import java.util.List;

/**
 * Live figures of a tenant: active sessions in all, PPPoE and Hotspot; sessions started since local midnight,
 * in the last 7 days and the last 30 days (whatever their state now); active sessions by NAS, most first.
 */
public record SessionStatistics(
        long active,
        long activePppoe,
        long activeHotspot,
        long startedToday,
        long startedLast7Days,
        long startedLast30Days,
        List<NasSessionCount> activeByNas) {
    public SessionStatistics {
        activeByNas = List.copyOf(activeByNas);
    }
}
