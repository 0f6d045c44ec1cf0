package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.CoaCodec;
import io.sessionkeeper.adapter.radius.codec.CoaCodec.Reply;
import io.sessionkeeper.adapter.radius.codec.CoaCodec.SessionIdentity;
import io.sessionkeeper.adapter.radius.codec.MalformedPacketException;
import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.port.out.SessionDisconnector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Disconnect/CoA client (RFC 5176) behind {@link SessionDisconnector}: jradius encodes and decodes, the
 * transport is ours, because jradius's {@code RadiusClient} neither matches answers by Identifier nor is
 * thread-safe (see docs/adr/0008).
 *
 * <p>One UDP socket for every NAS and every caller. Each request gets an Identifier that is free for its
 * destination (address and port: up to 256 requests in flight per NAS); answers are matched by source address,
 * source port and Identifier, and accepted only with a valid Response Authenticator and a code that answers the
 * request (others are counted and ignored, so a forged or stale answer cannot end a wait). Without an answer
 * within the time-out, the very same octets are sent again, up to the configured number of retransmissions.
 * Callers block; any number may call at once.
 */
public final class RadiusDisconnector implements SessionDisconnector, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RadiusDisconnector.class);
    private static final int RECEIVE_POLL_MILLIS = 200;

    private final RadiusDisconnectorSettings settings;
    private final CoaCodec codec = new CoaCodec();
    private final RateLimitedLog log;
    private final Map<PendingKey, Pending> pending = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Identifiers> identifiers = new HashMap<>();
    private final Counters counters = new Counters();

    private DatagramSocket socket;
    private Thread receiver;
    private volatile boolean running;
    private boolean closed;

    public RadiusDisconnector(RadiusDisconnectorSettings settings) {
        this.settings = settings;
        this.log = new RateLimitedLog(LOG, settings.logInterval().toNanos());
    }

    /**
     * Binds the socket and starts the thread that reads answers; the first request does it when not done before.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the Disconnect/CoA client is closed");
        }
        if (socket != null) {
            return;
        }
        try {
            DatagramSocket bound = new DatagramSocket(null);
            bound.bind(new InetSocketAddress(settings.bindAddress(), settings.port()));
            bound.setSoTimeout(RECEIVE_POLL_MILLIS);
            socket = bound;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot bind the Disconnect/CoA socket to " + settings.bindAddress() + ":" + settings.port(), e);
        }
        running = true;
        receiver = new Thread(this::receiveLoop, "radius-coa-receiver-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
        LOG.info(
                "RADIUS Disconnect/CoA client on {}: time-out {} ms, {} retransmissions",
                socket.getLocalSocketAddress(),
                settings.timeout().toMillis(),
                settings.retransmissions());
    }

    public synchronized InetSocketAddress localAddress() {
        start();
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public DisconnectResult disconnect(Nas nas, Session session) {
        SessionIdentity identity = identity(nas, session);
        byte[] secret = Authenticators.secretBytes(nas.secret());
        return exchange(nas, Radius.DISCONNECT_REQUEST, id -> codec.disconnectRequest(id, identity, secret), secret);
    }

    @Override
    public DisconnectResult changeRateLimit(Nas nas, Session session, String rateLimit) {
        SessionIdentity identity = identity(nas, session);
        byte[] secret = Authenticators.secretBytes(nas.secret());
        return exchange(nas, Radius.COA_REQUEST, id -> codec.rateLimitRequest(id, identity, rateLimit, secret), secret);
    }

    /** What the client has done so far. */
    public Stats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        Thread reader;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            reader = receiver;
        }
        if (reader != null) {
            try {
                reader.join(RECEIVE_POLL_MILLIS * 5L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (socket != null) {
                socket.close();
            }
        }
        for (Pending waiting : pending.values()) {
            waiting.answer.completeExceptionally(new IOException("the Disconnect/CoA client was closed"));
        }
    }

    private DisconnectResult exchange(Nas nas, int code, IntFunction<byte[]> encoder, byte[] secret) {
        counters.requests.increment();
        DatagramSocket sender;
        try {
            synchronized (this) {
                start();
                sender = socket;
            }
        } catch (RuntimeException e) {
            return failed(e.toString(), 0, 0);
        }
        InetSocketAddress destination = new InetSocketAddress(nas.ipAddress().address(), nas.coaPort());
        int identifier = allocate(destination);
        if (identifier < 0) {
            return failed("256 requests are already waiting for " + destination, 0, 0);
        }
        PendingKey key = new PendingKey(destination, identifier);
        try {
            byte[] request;
            try {
                request = encoder.apply(identifier);
            } catch (IllegalArgumentException e) {
                return failed(e.getMessage(), 0, 0);
            }
            byte[] authenticator = Arrays.copyOfRange(
                    request, Radius.AUTHENTICATOR_OFFSET, Radius.AUTHENTICATOR_OFFSET + Radius.AUTHENTICATOR_LENGTH);
            Pending waiting = new Pending(code, authenticator, secret);
            pending.put(key, waiting);
            DatagramPacket datagram = new DatagramPacket(request, request.length, destination);
            long started = System.nanoTime();
            long timeoutNanos = settings.timeout().toNanos();
            int attempts = 0;
            while (attempts <= settings.retransmissions()) {
                attempts++;
                if (attempts > 1) {
                    counters.retransmissions.increment();
                }
                try {
                    sender.send(datagram);
                } catch (IOException e) {
                    return failed(e.toString(), attempts, millisSince(started));
                }
                try {
                    Reply reply = waiting.answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
                    return result(reply, attempts, millisSince(started));
                } catch (TimeoutException e) {
                    // not answered yet: send the same packet again
                } catch (ExecutionException e) {
                    return failed(e.getCause().getMessage(), attempts, millisSince(started));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failed("interrupted", attempts, millisSince(started));
                }
            }
            counters.timedOut.increment();
            log.warn(
                    "timeout:" + destination,
                    "No valid answer from {} to a {} after {} attempts",
                    destination,
                    Radius.codeName(code),
                    attempts);
            return new DisconnectResult.TimedOut(attempts, millisSince(started));
        } finally {
            pending.remove(key);
            release(destination, identifier);
        }
    }

    private DisconnectResult result(Reply reply, int attempts, long millis) {
        if (reply.isAck()) {
            counters.acked.increment();
            return new DisconnectResult.Acked(attempts, millis);
        }
        counters.nacked.increment();
        long cause = reply.errorCause() == null ? 0 : reply.errorCause();
        return new DisconnectResult.Nacked((int) Math.min(cause, Integer.MAX_VALUE), attempts, millis);
    }

    private DisconnectResult failed(String reason, int attempts, long millis) {
        counters.failed.increment();
        log.warn("failed", "A Disconnect/CoA request could not be sent: {}", reason);
        return new DisconnectResult.Failed(reason, attempts, millis);
    }

    private void receiveLoop() {
        byte[] buffer = new byte[Radius.MAX_PACKET_LENGTH];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (running) {
            datagram.setData(buffer, 0, buffer.length);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!running || socket.isClosed()) {
                    return;
                }
                log.warn("receive", "Disconnect/CoA receive failed: {}", e.toString());
                continue;
            }
            try {
                handle(datagram);
            } catch (RuntimeException e) {
                counters.malformed.increment();
                log.warn("unexpected", "Unexpected failure on an answer from {}: {}", datagram.getAddress(), e, e);
            }
        }
    }

    private void handle(DatagramPacket datagram) {
        InetSocketAddress source = (InetSocketAddress) datagram.getSocketAddress();
        RawPacket packet;
        try {
            packet = RawPacket.parse(datagram.getData(), datagram.getOffset(), datagram.getLength());
        } catch (MalformedPacketException e) {
            counters.malformed.increment();
            log.warn("malformed", "Ignored a malformed answer from {}: {}", source, e.getMessage());
            return;
        }
        Pending waiting = pending.get(new PendingKey(source, packet.identifier()));
        if (waiting == null) {
            counters.unexpected.increment();
            log.warn(
                    "unmatched",
                    "Ignored a {} from {} with Identifier {}: no request is waiting for it",
                    Radius.codeName(packet.code()),
                    source,
                    packet.identifier());
            return;
        }
        if (!CoaCodec.answers(waiting.code, packet.code())) {
            counters.unexpected.increment();
            log.warn(
                    "unexpected-code",
                    "Ignored a {} from {} answering a {}",
                    Radius.codeName(packet.code()),
                    source,
                    Radius.codeName(waiting.code));
            return;
        }
        if (!Authenticators.responseAuthenticatorValid(packet, waiting.requestAuthenticator, waiting.secret)) {
            counters.badAuthenticator.increment();
            log.warn(
                    "bad-authenticator:" + source,
                    "Ignored a {} from {} with a wrong Response Authenticator (shared secret mismatch?)",
                    Radius.codeName(packet.code()),
                    source);
            return;
        }
        try {
            waiting.answer.complete(codec.decodeReply(packet));
        } catch (MalformedPacketException e) {
            counters.malformed.increment();
            log.warn("malformed", "Ignored an undecodable answer from {}: {}", source, e.getMessage());
        }
    }

    private int allocate(InetSocketAddress destination) {
        synchronized (identifiers) {
            return identifiers
                    .computeIfAbsent(destination, d -> new Identifiers())
                    .allocate();
        }
    }

    private void release(InetSocketAddress destination, int identifier) {
        synchronized (identifiers) {
            Identifiers ids = identifiers.get(destination);
            if (ids != null) {
                ids.release(identifier);
            }
        }
    }

    /**
     * The session as the NAS knows it: User-Name and Acct-Session-Id in the octets it sent, which differ from the
     * stored text where that had to be cleaned (invalid UTF-8, control characters), else the text's UTF-8.
     */
    private static SessionIdentity identity(Nas nas, Session session) {
        OriginalOctets original = session.original();
        return new SessionIdentity(
                original != null && original.username() != null
                        ? original.username().toByteArray()
                        : session.username().getBytes(StandardCharsets.UTF_8),
                original != null && original.acctSessionId() != null
                        ? original.acctSessionId().toByteArray()
                        : session.acctSessionId().getBytes(StandardCharsets.UTF_8),
                session.framedIp() == null ? null : session.framedIp().address(),
                nas.ipAddress().address());
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /**
     * What the client has done.
     *
     * @param requests Disconnect and CoA requests asked for
     * @param retransmissions packets sent again after a time-out
     * @param badAuthenticator answers ignored for a wrong Response Authenticator
     * @param unexpected answers ignored because no request waited for them or their code did not fit
     * @param malformed answers ignored as malformed
     */
    public record Stats(
            long requests,
            long retransmissions,
            long acked,
            long nacked,
            long timedOut,
            long failed,
            long badAuthenticator,
            long unexpected,
            long malformed) {}

    private static final class Counters {
        final LongAdder requests = new LongAdder();
        final LongAdder retransmissions = new LongAdder();
        final LongAdder acked = new LongAdder();
        final LongAdder nacked = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder badAuthenticator = new LongAdder();
        final LongAdder unexpected = new LongAdder();
        final LongAdder malformed = new LongAdder();

        Stats snapshot() {
            return new Stats(
                    requests.sum(),
                    retransmissions.sum(),
                    acked.sum(),
                    nacked.sum(),
                    timedOut.sum(),
                    failed.sum(),
                    badAuthenticator.sum(),
                    unexpected.sum(),
                    malformed.sum());
        }
    }

    /** The 256 Identifiers of one destination; the next one is tried first so that reuse is as late as possible. */
    private static final class Identifiers {
        private final BitSet used = new BitSet(256);
        private int next = ThreadLocalRandom.current().nextInt(256);

        int allocate() {
            for (int i = 0; i < 256; i++) {
                int candidate = (next + i) & 0xFF;
                if (!used.get(candidate)) {
                    used.set(candidate);
                    next = (candidate + 1) & 0xFF;
                    return candidate;
                }
            }
            return -1;
        }

        void release(int identifier) {
            used.clear(identifier);
        }
    }

    private record PendingKey(InetSocketAddress source, int identifier) {}

    private static final class Pending {
        final int code;
        final byte[] requestAuthenticator;
        final byte[] secret;
        final CompletableFuture<Reply> answer = new CompletableFuture<>();

        Pending(int code, byte[] requestAuthenticator, byte[] secret) {
            this.code = code;
            this.requestAuthenticator = requestAuthenticator;
            this.secret = secret;
        }
    }
}
