package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DuplicateCacheTest {
    private static final long TTL = TimeUnit.SECONDS.toNanos(10);
    private final AtomicLong now = new AtomicLong(1_000);
    private final DuplicateCache cache = new DuplicateCache(TTL, 3, now::get);

    private static DuplicateCache.Key key(int identifier) {
        return DuplicateCache.key(InetAddress.getLoopbackAddress(), 40000, identifier, new byte[16]);
    }

    @Test
    void aNewPacketIsReservedAndItsRetransmissionIsInFlight() {
        assertThat(cache.reserve(key(1))).isInstanceOf(DuplicateCache.Unknown.class);
        assertThat(cache.reserve(key(1))).isInstanceOf(DuplicateCache.InFlight.class);
    }

    @Test
    void anAnsweredPacketGetsItsResponseUntilTheTimeToLiveEnds() {
        cache.reserve(key(1));
        cache.answered(key(1), new byte[] {5, 1});

        now.addAndGet(TTL - 1);
        assertThat(cache.reserve(key(1)))
                .isInstanceOfSatisfying(DuplicateCache.Answered.class, a -> assertThat(a.response())
                        .containsExactly(5, 1));
        now.addAndGet(1);
        assertThat(cache.reserve(key(1))).isInstanceOf(DuplicateCache.Unknown.class);
    }

    @Test
    void aReleasedPacketIsProcessedAgain() {
        cache.reserve(key(1));
        cache.release(key(1));

        assertThat(cache.reserve(key(1))).isInstanceOf(DuplicateCache.Unknown.class);
    }

    @Test
    void everyPartOfTheKeyCounts() throws Exception {
        byte[] authenticator = new byte[16];
        byte[] other = new byte[16];
        other[15] = 1;
        InetAddress a = InetAddress.getByName("127.0.0.1");
        InetAddress b = InetAddress.getByName("127.0.0.2");

        assertThat(DuplicateCache.key(a, 1, 1, authenticator)).isEqualTo(DuplicateCache.key(a, 1, 1, authenticator));
        assertThat(DuplicateCache.key(a, 1, 1, authenticator))
                .isNotEqualTo(DuplicateCache.key(b, 1, 1, authenticator))
                .isNotEqualTo(DuplicateCache.key(a, 2, 1, authenticator))
                .isNotEqualTo(DuplicateCache.key(a, 1, 2, authenticator))
                .isNotEqualTo(DuplicateCache.key(a, 1, 1, other));
    }

    @Test
    void theOldestEntriesGoWhenTheCacheIsFullAndExpiredOnesGoFirst() {
        for (int i = 0; i < 3; i++) {
            cache.reserve(key(i));
            cache.answered(key(i), new byte[] {(byte) i});
        }
        cache.reserve(key(3));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.reserve(key(0))).isInstanceOf(DuplicateCache.Unknown.class);
        now.addAndGet(TTL);
        cache.reserve(key(9));
        assertThat(cache.size()).isEqualTo(3);
    }
}
