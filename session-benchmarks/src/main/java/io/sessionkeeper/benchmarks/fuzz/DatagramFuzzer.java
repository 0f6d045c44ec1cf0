package io.sessionkeeper.benchmarks.fuzz;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Random and mutated datagrams at a running accounting listener. Every datagram that is not a well-formed,
 * correctly signed Accounting-Request goes out of one socket (or, for unknown clients, of another source address),
 * and any datagram that comes back to those sockets is an answer to an invalid packet: the figure must be 0.
 * Signed packets with hostile attribute values go out of a third socket; for those every outcome is allowed
 * (answered, or dropped and counted) except a crash, so they are only counted.
 */
final class DatagramFuzzer {
    /** What one run sent and what came back. */
    record Result(
            long invalidSent,
            long unknownClientSent,
            long signedHostileSent,
            long answersToInvalid,
            long answersToSignedHostile,
            long cleanAnsweredAfter) {}

    private final InetSocketAddress target;
    private final String knownSource;
    private final String unknownSource;
    private final byte[] secret;
    private final Random random;
    private final LongSupplier receivedByService;

    DatagramFuzzer(
            InetSocketAddress target,
            String knownSource,
            String unknownSource,
            byte[] secret,
            long seed,
            LongSupplier receivedByService) {
        this.target = target;
        this.knownSource = knownSource;
        this.unknownSource = unknownSource;
        this.secret = secret.clone();
        this.random = new Random(seed);
        this.receivedByService = receivedByService;
    }

    Result run(long datagrams) throws IOException, InterruptedException {
        AtomicLong answersToInvalid = new AtomicLong();
        AtomicLong answersToSigned = new AtomicLong();
        long invalid = 0;
        long unknown = 0;
        long signed = 0;
        try (DatagramSocket invalidSocket = bound(knownSource);
                DatagramSocket unknownSocket = bound(unknownSource);
                DatagramSocket signedSocket = bound(knownSource)) {
            Thread drainInvalid = drain(invalidSocket, answersToInvalid);
            Thread drainUnknown = drain(unknownSocket, answersToInvalid);
            Thread drainSigned = drain(signedSocket, answersToSigned);
            long sent = 0;
            long startReceived = receivedByService.getAsLong();
            for (long i = 0; i < datagrams; i++) {
                int kind = random.nextInt(100);
                if (kind < 10) {
                    send(unknownSocket, random.nextBoolean() ? randomBytes() : mutated());
                    unknown++;
                } else if (kind < 85) {
                    send(invalidSocket, random.nextInt(4) == 0 ? randomBytes() : mutated());
                    invalid++;
                } else {
                    send(signedSocket, signedHostile());
                    signed++;
                }
                sent++;
                if (sent % 5_000 == 0) {
                    awaitService(startReceived + sent - 2_000);
                }
            }
            awaitService(startReceived + sent);
            Thread.sleep(2_000); // late answers still count
            long cleanAnswered = cleanRoundTrip(signedSocket, drainSigned);
            drainInvalid.interrupt();
            drainUnknown.interrupt();
            return new Result(invalid, unknown, signed, answersToInvalid.get(), answersToSigned.get(), cleanAnswered);
        }
    }

    /** Back-pressure on the fuzzer, not on the service: never more than a few thousand datagrams ahead. */
    private void awaitService(long received) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (receivedByService.getAsLong() < received && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Ten clean Starts after the storm: the service must still record and answer accounting. */
    private long cleanRoundTrip(DatagramSocket socket, Thread drain) throws IOException, InterruptedException {
        drain.interrupt();
        drain.join(2_000);
        socket.setSoTimeout(3_000);
        long answered = 0;
        byte[] buffer = new byte[4096];
        for (int i = 0; i < 10; i++) {
            byte[] request = RadiusPackets.clean(random, i, secret, 9_000_000 + i);
            request[1] = (byte) i;
            socket.send(new DatagramPacket(request, request.length, target));
            try {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                socket.receive(reply);
                if (reply.getLength() >= 20 && buffer[0] == 5) {
                    answered++;
                }
            } catch (SocketTimeoutException e) {
                // counted as not answered
            }
        }
        return answered;
    }

    private byte[] randomBytes() {
        int length =
                switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(20);
                    case 1 -> 20 + random.nextInt(60);
                    case 2 -> random.nextInt(4200);
                    default -> 20 + random.nextInt(400);
                };
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (length > 0 && random.nextBoolean()) {
            bytes[0] = RadiusPackets.ACCOUNTING_REQUEST; // reaches further into the checks
        }
        if (length >= 4 && random.nextBoolean()) {
            bytes[2] = (byte) (length >>> 8);
            bytes[3] = (byte) length;
        }
        return bytes;
    }

    /**
     * A correctly signed packet changed so that it is no longer a valid request: flipped bits, a cut, a corrupt
     * Length or attribute length, another code. Octets appended beyond Length are padding (RFC 2865 §3), so that
     * mutation is never used here: it would still be valid.
     */
    private byte[] mutated() {
        byte[] original = random.nextInt(3) == 0
                ? signedHostile()
                : RadiusPackets.clean(random, random.nextInt(256), secret, random.nextInt(50_000));
        for (int attempt = 0; attempt < 10; attempt++) {
            byte[] packet = mutate(original);
            if (!Arrays.equals(packet, original)) {
                return packet;
            }
        }
        return Arrays.copyOf(original, original.length - 1);
    }

    private byte[] mutate(byte[] original) {
        byte[] p = original.clone();
        switch (random.nextInt(7)) {
            case 0 -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(p.length);
                    p[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> p = Arrays.copyOf(p, random.nextInt(p.length));
            case 2 -> {
                int length = random.nextInt(65536);
                p[2] = (byte) (length >>> 8);
                p[3] = (byte) length;
            }
            case 3 -> {
                if (p.length > 21) {
                    p[21] = (byte) random.nextInt(256); // the first attribute's length
                } else {
                    p[0] ^= 0x40;
                }
            }
            case 4 -> p[0] = (byte) (random.nextInt(256));
            case 5 -> p[4 + random.nextInt(16)] ^= (byte) (1 + random.nextInt(255)); // the authenticator
            default -> {
                int at = RadiusPackets.HEADER + random.nextInt(Math.max(1, p.length - RadiusPackets.HEADER));
                if (at < p.length) {
                    p[at] = (byte) random.nextInt(256);
                }
            }
        }
        return p;
    }

    /** Signed, structurally valid, hostile values: NUL, control characters, invalid UTF-8, long and odd numbers. */
    private byte[] signedHostile() {
        RadiusPackets p = new RadiusPackets();
        int status = random.nextInt(10) == 0 ? random.nextInt(20) : 1 + random.nextInt(3);
        p.integer(40, status == 2 ? 3 : status == 3 ? 2 : status);
        p.attribute(1, hostileText());
        p.attribute(44, hostileText());
        int more = random.nextInt(12);
        int[] types = {4, 5, 6, 7, 8, 25, 30, 31, 32, 41, 42, 43, 45, 46, 47, 48, 49, 52, 53, 55, 61, 87, 95, 26};
        for (int i = 0; i < more; i++) {
            int type = types[random.nextInt(types.length)];
            if (type == 26) {
                byte[] vsa = new byte[6 + random.nextInt(40)];
                random.nextBytes(vsa);
                vsa[0] = 0;
                vsa[1] = 0;
                vsa[2] = 0x3A;
                vsa[3] = (byte) 0x8C; // MikroTik, 14988
                vsa[5] = (byte) (vsa.length - 4);
                p.attribute(26, vsa);
            } else if (random.nextBoolean()) {
                p.attribute(type, hostileText());
            } else {
                byte[] value = new byte[random.nextInt(9)];
                random.nextBytes(value);
                p.attribute(type, value);
            }
        }
        return p.signed(random.nextInt(256), secret);
    }

    private byte[] hostileText() {
        return switch (random.nextInt(6)) {
            case 0 -> ("u\0ser" + random.nextInt(1000)).getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[] {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'b'};
            case 2 -> "<script>alert(1)</script>\r\n\t\u001b[31m".getBytes(StandardCharsets.UTF_8);
            case 3 -> "=cmd|' /C calc'!A0,\"x\";".getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                byte[] b = new byte[random.nextInt(254)];
                random.nextBytes(b);
                yield b;
            }
            default -> "x".repeat(random.nextInt(254)).getBytes(StandardCharsets.UTF_8);
        };
    }

    private void send(DatagramSocket socket, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, target));
    }

    private static DatagramSocket bound(String address) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0));
        socket.setReceiveBufferSize(1 << 20);
        return socket;
    }

    private static Thread drain(DatagramSocket socket, AtomicLong counter) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[4096];
                    try {
                        socket.setSoTimeout(200);
                    } catch (IOException e) {
                        return;
                    }
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            socket.receive(new DatagramPacket(buffer, buffer.length));
                            counter.incrementAndGet();
                        } catch (SocketTimeoutException e) {
                            // poll the interrupt flag
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "fuzz-drain-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
