package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.NasId;
import java.util.Comparator;
import java.util.UUID;

/**
 * The one order in which the accounting unit writes its rows keyed by NAS ({@link NasActivityUpsert}, {@link
 * NasPacketMinutesUpsert}), so that two writers never wait for each other in a cycle: the order of the ids' canonical
 * text, which is the unsigned order of their 128 bits (fixed-width lower-case hex, the dashes at fixed places) and
 * PostgreSQL's order of {@code uuid} ({@link UuidOrder}). Compared on the bits: the text, built twice a comparison,
 * was 8 % of the service's allocation under load (JFR, 4 NAS, 2026-12-06).
 */
final class NasOrder {
    static final Comparator<NasId> TEXT = (a, b) -> compare(a.value(), b.value());

    private NasOrder() {}

    private static int compare(UUID a, UUID b) {
        return UuidOrder.compare(
                a.getMostSignificantBits(),
                a.getLeastSignificantBits(),
                b.getMostSignificantBits(),
                b.getLeastSignificantBits());
    }
}
