package io.sessionkeeper.domain.port.in;

/** One round of the active prober over the open sessions. */
public interface ProbeQualityUseCase {
    /**
     * What a round did: open sessions with an address seen, those outside the subscriber ranges (never probed),
     * those probed, and those left for the next round because the rate cap allows no more in one.
     */
    record ProbeRound(int targets, int outsideRanges, int probed, int deferred) {}

    ProbeRound probeRound();
}
