package io.sessionkeeper.adapter.radius;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.radius.testing.AccountingListenerCounters;
import io.sessionkeeper.adapter.radius.testing.AccountingTestBed;
import io.sessionkeeper.adapter.radius.testing.TestPacket;
import io.sessionkeeper.adapter.radius.testing.UdpPeer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated datagrams (seeded, bounded in count and paced) at a running listener: it must
 * not crash, answer, or store anything, and it must still serve a valid packet afterwards. Then authentic but
 * arbitrary packets: whatever they hold, each gets exactly one outcome.
 */
class AccountingListenerFuzzTest {
    private static final String SECRET = "fuzz-secret";
    private static final long SEED = 0x5E55_10E5L;
    private static final int DATAGRAMS = 10_000;
    private static final int[] KNOWN_TYPES = {
        1, 4, 5, 6, 7, 8, 25, 26, 30, 31, 32, 33, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 52, 53, 55, 61, 80, 87,
        95, 101
    };

    private final AccountingTestBed bed = new AccountingTestBed();
    private final Random random = new Random(SEED);

    @BeforeEach
    void start() {
        bed.register("mt-1", "127.0.0.1", SECRET);
        bed.start();
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void randomAndMutatedDatagramsAreNeverAnsweredNorStored() throws Exception {
        List<byte[]> valid = validPackets();
        try (UdpPeer attacker = new UdpPeer()) {
            for (int sent = 0; sent < DATAGRAMS; sent++) {
                attacker.send(fuzzed(valid), bed.port());
                if (sent % 200 == 199) {
                    int expected = sent + 1;
                    bed.awaitStats(s -> s.received() >= expected, Duration.ofSeconds(5));
                }
            }
            AccountingListenerCounters.Snapshot stats =
                    bed.awaitStats(s -> s.received() >= DATAGRAMS, Duration.ofSeconds(10));

            assertThat(attacker.receive(300))
                    .as("an answer to a fuzzed datagram")
                    .isEmpty();
            assertThat(stats.received()).isEqualTo(DATAGRAMS);
            assertThat(stats.answered() + stats.answeredFromCache()).isZero();
            assertThat(stats.droppedTotal()).isEqualTo(DATAGRAMS);
            assertThat(stats.dropped(DropReason.MALFORMED)
                            + stats.dropped(DropReason.BAD_AUTHENTICATOR)
                            + stats.dropped(DropReason.NOT_ACCOUNTING_REQUEST))
                    .isEqualTo(DATAGRAMS);
            assertThat(bed.tracker.batches()).isEmpty();
            assertThat(bed.sessions()).isEmpty();

            byte[] good = TestPacket.start(200, "85000001", "after-the-storm").sign(SECRET);
            attacker.send(good, bed.port());
            assertThat(attacker.receive(3_000))
                    .hasValueSatisfying(answer -> assertThat(TestPacket.validResponse(answer.octets(), good, SECRET))
                            .isTrue());
            assertThat(bed.session("85000001")).isPresent();
        }
    }

    @Test
    void authenticButArbitraryPacketsEachGetExactlyOneOutcome() throws Exception {
        int count = 1_500;
        try (UdpPeer nas = new UdpPeer()) {
            for (int i = 0; i < count; i++) {
                nas.send(arbitraryAuthentic(i), bed.port());
                if (i % 100 == 99) {
                    int expected = i + 1;
                    bed.awaitStats(s -> s.received() >= expected, Duration.ofSeconds(5));
                }
            }
            AccountingListenerCounters.Snapshot stats = bed.awaitStats(
                    s -> s.received() == count && s.answered() + s.droppedTotal() + s.answeredFromCache() == count,
                    Duration.ofSeconds(10));

            assertThat(stats.received()).isEqualTo(count);
            assertThat(stats.answered() + stats.answeredFromCache() + stats.droppedTotal())
                    .isEqualTo(count);
            assertThat(stats.dropped(DropReason.COMMIT_FAILED)).isZero();
            assertThat(stats.answered()).isPositive();
            nas.receiveAll(200);
            byte[] good = TestPacket.start(7, "85000002", "still-here").sign(SECRET);
            nas.send(good, bed.port());
            assertThat(nas.receive(3_000)).isPresent();
        }
    }

    private List<byte[]> validPackets() {
        List<byte[]> packets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            packets.add(TestPacket.start(i, "8500" + i, "user" + i)
                    .integer(42, random.nextInt() & 0xFFFFFFFFL)
                    .vendor(14988, 8, "10M/20M".getBytes(StandardCharsets.UTF_8))
                    .address(8, "100.64.0." + i)
                    .sign(SECRET));
        }
        return packets;
    }

    private byte[] fuzzed(List<byte[]> valid) {
        byte[] base = valid.get(random.nextInt(valid.size())).clone();
        switch (random.nextInt(8)) {
            case 0 -> {
                byte[] noise = new byte[random.nextInt(300)];
                random.nextBytes(noise);
                return noise;
            }
            case 1 -> {
                byte[] noise = new byte[20 + random.nextInt(200)];
                random.nextBytes(noise);
                noise[0] = 4;
                noise[2] = (byte) (noise.length >>> 8);
                noise[3] = (byte) noise.length;
                return noise;
            }
            case 2 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    base[random.nextInt(base.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return base;
            }
            case 3 -> {
                return Arrays.copyOf(base, random.nextInt(base.length));
            }
            case 4 -> {
                int length = random.nextInt(4200);
                base[2] = (byte) (length >>> 8);
                base[3] = (byte) length;
                if (length == base.length) {
                    base[3] ^= 1;
                }
                return base;
            }
            case 5 -> {
                int position = 20;
                int target = random.nextInt(6);
                while (target-- > 0 && position + 1 < base.length) {
                    position += Math.max(2, base[position + 1] & 0xFF);
                }
                if (position + 1 < base.length) {
                    base[position + 1] = (byte) random.nextInt(256);
                }
                base[1] ^= 1;
                return base;
            }
            case 6 -> {
                return arbitrary(random.nextInt(256), "not-" + SECRET);
            }
            default -> {
                byte[] resigned = arbitrary(random.nextInt(256), SECRET);
                resigned[0] = (byte) new int[] {1, 2, 3, 5, 11, 12, 40, 43}[random.nextInt(8)];
                return resigned;
            }
        }
    }

    /** Well-formed attributes of known and unknown types with arbitrary values, signed with {@code secret}. */
    private byte[] arbitrary(int identifier, String secret) {
        TestPacket packet = TestPacket.accountingRequest(identifier);
        int attributes = random.nextInt(20);
        int room = 4096 - 20;
        for (int i = 0; i < attributes; i++) {
            int type = random.nextBoolean() ? KNOWN_TYPES[random.nextInt(KNOWN_TYPES.length)] : random.nextInt(256);
            int length =
                    random.nextInt(5) == 0 ? random.nextInt(254) : new int[] {0, 1, 4, 4, 6, 16}[random.nextInt(6)];
            if (length + 2 > room) {
                break;
            }
            room -= length + 2;
            byte[] value = new byte[length];
            random.nextBytes(value);
            if (type == 26 && length >= 6 && random.nextBoolean()) {
                value[0] = 0;
                value[1] = 0;
                value[2] = 0x3A;
                value[3] = (byte) 0x8C;
                value[4] = (byte) new int[] {3, 8, 10}[random.nextInt(3)];
                value[5] = (byte) (random.nextBoolean() ? length - 4 : random.nextInt(256));
            }
            if (type == 40 && length == 4) {
                value[0] = 0;
                value[1] = 0;
                value[2] = 0;
                value[3] = (byte) new int[] {1, 2, 3, 7, 8, 15, 99}[random.nextInt(7)];
            }
            packet.raw(type, value);
        }
        return packet.sign(secret);
    }

    private byte[] arbitraryAuthentic(int sequence) {
        return arbitrary(sequence & 0xFF, SECRET);
    }
}
