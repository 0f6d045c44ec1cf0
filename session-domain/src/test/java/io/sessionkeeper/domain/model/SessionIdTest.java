package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdTest {
    private static final Instant T0 = Instant.parse("2026-12-05T22:30:00.123456Z");

    @Test
    void aTimeOrderedIdIsAVersion7UuidCarryingItsMillisecond() {
        UUID id = SessionId.timeOrdered(T0).value();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
        assertThat(id.toString())
                .startsWith(String.format("%08x-%04x-7", T0.toEpochMilli() >>> 16, T0.toEpochMilli() & 0xFFFF));
    }

    @Test
    void idsOfLaterMillisecondsSortAfterInTheUnsignedOrderPostgreSqlUses() {
        // PostgreSQL compares uuid byte by byte, unsigned: the canonical text's order. UUID.compareTo is signed.
        String previous = SessionId.timeOrdered(T0).toString();
        for (int ms = 1; ms <= 2_000; ms++) {
            String next = SessionId.timeOrdered(T0.plusMillis(ms)).toString();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
        // past 2^47 ms (the year 6429) the first bit is set: the signed order would put it first
        assertThat(SessionId.timeOrdered(Instant.ofEpochMilli(1L << 47)).toString())
                .isGreaterThan(SessionId.timeOrdered(Instant.ofEpochMilli((1L << 47) - 1))
                        .toString());
    }

    @Test
    void idsOfOneMillisecondAreDistinctAndUnpredictable() {
        Set<UUID> ids = new HashSet<>();
        int[] ones = new int[128];
        for (int i = 0; i < 100_000; i++) {
            UUID id = SessionId.timeOrdered(T0).value();
            ids.add(id);
            long randomA = id.getMostSignificantBits() & 0x0FFFL;
            long randomB = id.getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL;
            for (int bit = 0; bit < 12; bit++) {
                ones[bit] += (int) (randomA >>> bit & 1);
            }
            for (int bit = 0; bit < 62; bit++) {
                ones[12 + bit] += (int) (randomB >>> bit & 1);
            }
        }
        assertThat(ids).hasSize(100_000);
        // each of the 74 random bits is set in about half of the ids (a constant or counter bit would not be)
        for (int bit = 0; bit < 74; bit++) {
            assertThat(ones[bit]).as("random bit %d", bit).isBetween(48_000, 52_000);
        }
    }
}
