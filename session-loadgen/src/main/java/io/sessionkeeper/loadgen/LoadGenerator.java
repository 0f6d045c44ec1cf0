package io.sessionkeeper.loadgen;

import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.MalformedPacketException;
import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs one load: a single-threaded event loop over non-blocking UDP sockets (a few per NAS source address), so the
 * generator takes as little of the machine as possible from the server it measures. Each subscriber sends its next
 * step only when the previous one was answered (or given up), like a NAS whose interim interval is long compared with
 * the answer time; the run is bounded by the number of sessions and by {@link LoadgenSettings#maxDuration()}.
 */
public final class LoadGenerator {
    private static final long SCAN_INTERVAL_NANOS = 5_000_000L;
    private static final long MAX_RATE_BACKLOG_NANOS = 50_000_000L;
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;
    private static final int PREVIOUS_KEPT = 8;

    private final LoadgenSettings settings;
    private final Consumer<String> progress;
    private final SplittableRandom random;
    private final AccountingRequestWriter writer = new AccountingRequestWriter();
    private final LatencyRecorder.ByKind latency = new LatencyRecorder.ByKind();
    /**
     * The latencies since the last progress line: a run's p99 does not say when its tail happened (after a checkpoint,
     * during the Starts, at a collection), the line of each second does.
     */
    private final LatencyRecorder sinceProgress = new LatencyRecorder();

    private final int[] nextStep;
    private final int[] pending;
    private final long[] startedAtMillis;
    private final IntRing[] readyByNas;
    private final List<List<Channel>> socketsByNas = new ArrayList<>();
    private final int[] nextSocketOfNas;

    private long requests;
    private long transmissions;
    private long acknowledged;
    private long retransmitted;
    private long duplicatesSent;
    private long lost;
    private long lateResponses;
    private long invalidResponses;
    private int finishedSubscribers;
    private long firstSendNanos;
    private long lastAckNanos;

    public LoadGenerator(LoadgenSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
        this.random = new SplittableRandom(settings.seed());
        int subscribers = settings.subscribers();
        this.nextStep = new int[subscribers];
        this.pending = new int[subscribers];
        this.startedAtMillis = new long[subscribers];
        int nasCount = settings.nasAddresses().size();
        this.readyByNas = new IntRing[nasCount];
        this.nextSocketOfNas = new int[nasCount];
        for (int nas = 0; nas < nasCount; nas++) {
            readyByNas[nas] = new IntRing(subscribers / nasCount + 1);
        }
        for (int subscriber = 0; subscriber < subscribers; subscriber++) {
            readyByNas[subscriber % nasCount].add(subscriber);
        }
    }

    /** Runs the load to the end (every session stopped, or the time limit) and reports. */
    public LoadgenReport run() {
        try (Selector selector = Selector.open()) {
            try {
                openSockets(selector);
                loop(selector);
            } finally {
                for (List<Channel> sockets : socketsByNas) {
                    for (Channel socket : sockets) {
                        socket.channel.close();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long inFlight = 0;
        for (List<Channel> sockets : socketsByNas) {
            for (Channel socket : sockets) {
                inFlight += socket.inFlight;
            }
        }
        double seconds = requests == 0 ? 0 : Math.max(0, lastAckNanos - firstSendNanos) / 1e9;
        return new LoadgenReport(
                requests,
                transmissions,
                acknowledged,
                retransmitted,
                duplicatesSent,
                lost + inFlight,
                settings.totalRequests() - requests,
                lateResponses,
                invalidResponses,
                seconds,
                latency.all(),
                latency.percentiles());
    }

    private void openSockets(Selector selector) throws IOException {
        for (Inet4Address address : settings.nasAddresses()) {
            List<Channel> sockets = new ArrayList<>();
            for (int i = 0; i < settings.socketsPerNas(); i++) {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                channel.bind(new InetSocketAddress(address, 0));
                channel.connect(settings.server());
                channel.configureBlocking(false);
                Channel socket = new Channel(channel, address, settings.windowPerSocket());
                channel.register(selector, SelectionKey.OP_READ, socket);
                sockets.add(socket);
            }
            socketsByNas.add(sockets);
        }
    }

    private void loop(Selector selector) throws IOException {
        long begin = System.nanoTime();
        long deadline = begin + settings.maxDuration().toNanos();
        long interval = settings.rate() == 0 ? 0 : 1_000_000_000L / settings.rate();
        long nextSendAt = begin;
        long nextScan = begin + SCAN_INTERVAL_NANOS;
        long nextProgress = begin + PROGRESS_INTERVAL_NANOS;
        long lastProgressAcked = 0;
        ByteBuffer receiveBuffer = ByteBuffer.allocate(Radius.MAX_PACKET_LENGTH);
        while (finishedSubscribers < settings.subscribers()) {
            long now = System.nanoTime();
            if (now >= deadline) {
                progress.accept("time limit reached: stopping with requests still to send or in flight");
                return;
            }
            boolean blocked;
            if (interval == 0) {
                blocked = sendSome(Integer.MAX_VALUE, now) == 0;
            } else {
                if (nextSendAt < now - MAX_RATE_BACKLOG_NANOS) {
                    nextSendAt = now - MAX_RATE_BACKLOG_NANOS;
                }
                int budget = (int) Math.min(4096, (now - nextSendAt) / interval + 1);
                int sent = now >= nextSendAt ? sendSome(budget, now) : 0;
                nextSendAt += sent * interval;
                blocked = sent == 0;
            }
            if (blocked) {
                // nothing could be sent (window full, or ahead of the rate): sleep until an answer arrives, the next
                // time-out scan or the next send slot, at least 1 ms (the rate budget catches up in a burst)
                long waitNanos = nextScan - now;
                if (interval > 0 && nextSendAt > now) {
                    waitNanos = Math.min(waitNanos, nextSendAt - now);
                }
                selector.select(Math.max(1L, waitNanos / 1_000_000L));
            } else {
                selector.selectNow();
            }
            for (SelectionKey key : selector.selectedKeys()) {
                receiveAll((Channel) key.attachment(), receiveBuffer);
            }
            selector.selectedKeys().clear();
            now = System.nanoTime();
            if (now >= nextScan) {
                retransmitOrGiveUp(now);
                nextScan = now + SCAN_INTERVAL_NANOS;
            }
            if (now >= nextProgress) {
                LatencyRecorder.Percentiles second = sinceProgress.percentiles();
                sinceProgress.clear();
                progress.accept(String.format(
                        Locale.ROOT,
                        "t=%.0fs sent %d acked %d (%d/s) retransmitted %d lost %d sessions done %d/%d"
                                + " ack p99 %.1f max %.1f ms",
                        (now - begin) / 1e9,
                        requests,
                        acknowledged,
                        acknowledged - lastProgressAcked,
                        retransmitted,
                        lost,
                        finishedSubscribers,
                        settings.subscribers(),
                        second.p99(),
                        second.max()));
                lastProgressAcked = acknowledged;
                nextProgress += PROGRESS_INTERVAL_NANOS;
            }
        }
    }

    /** Sends up to {@code budget} first transmissions, round-robin over the NAS. Returns how many. */
    private int sendSome(int budget, long now) throws IOException {
        int sent = 0;
        boolean progressMade = true;
        while (sent < budget && progressMade) {
            progressMade = false;
            for (int nas = 0; nas < readyByNas.length && sent < budget; nas++) {
                IntRing ready = readyByNas[nas];
                if (ready.isEmpty()) {
                    continue;
                }
                Channel first = freeSocket(nas, null);
                if (first == null) {
                    continue;
                }
                int subscriber = ready.poll();
                int step = nextStep[subscriber];
                if (step == 0) {
                    startedAtMillis[subscriber] = System.currentTimeMillis();
                }
                if (step >= 1 && step < settings.plan().stopStep() && random.nextDouble() < settings.reorderRatio()) {
                    Channel second = freeSocket(nas, first);
                    if (second != null) {
                        pending[subscriber] = 2;
                        nextStep[subscriber] = step + 2;
                        send(first, subscriber, step + 1, now);
                        send(second, subscriber, step, now);
                        sent += 2;
                        progressMade = true;
                        continue;
                    }
                }
                pending[subscriber] = 1;
                nextStep[subscriber] = step + 1;
                send(first, subscriber, step, now);
                sent++;
                progressMade = true;
            }
        }
        return sent;
    }

    /** A socket of the NAS with a free Identifier, round-robin; {@code also} is reserved for one more request. */
    private Channel freeSocket(int nas, Channel also) {
        List<Channel> sockets = socketsByNas.get(nas);
        for (int i = 0; i < sockets.size(); i++) {
            int index = (nextSocketOfNas[nas] + i) % sockets.size();
            Channel socket = sockets.get(index);
            int needed = socket == also ? 2 : 1;
            if (socket.free.size() >= needed) {
                nextSocketOfNas[nas] = (index + 1) % sockets.size();
                return socket;
            }
        }
        return null;
    }

    private void send(Channel socket, int subscriber, int step, long now) throws IOException {
        int identifier = socket.free.poll();
        long nowMillis = System.currentTimeMillis();
        byte[] octets = writer.write(
                settings.plan(),
                subscriber,
                step,
                identifier,
                socket.address,
                settings.secret(),
                settings.plan().sessionTime(step, (nowMillis - startedAtMillis[subscriber]) / 1000),
                settings.plan().eventTimestamp(nowMillis / 1000));
        Request request = new Request(
                subscriber,
                settings.plan().statusType(step),
                octets,
                now,
                now + settings.timeout().toNanos());
        socket.slots[identifier] = request;
        socket.inFlight++;
        if (requests == 0) {
            firstSendNanos = now;
        }
        requests++;
        transmit(socket, octets);
        if (settings.duplicateRatio() > 0 && random.nextDouble() < settings.duplicateRatio()) {
            duplicatesSent++;
            transmit(socket, octets);
        }
    }

    private void transmit(Channel socket, byte[] octets) throws IOException {
        transmissions++;
        try {
            socket.channel.write(ByteBuffer.wrap(octets));
        } catch (PortUnreachableException e) {
            // nobody listens (yet): the time-out retransmits, as a NAS would
        }
    }

    private void receiveAll(Channel socket, ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            int length;
            try {
                length = socket.channel.read(buffer);
            } catch (PortUnreachableException e) {
                continue;
            }
            if (length <= 0) {
                return;
            }
            onResponse(socket, buffer.array(), length, System.nanoTime());
        }
    }

    private void onResponse(Channel socket, byte[] datagram, int length, long now) {
        RawPacket response;
        try {
            response = RawPacket.parse(datagram, 0, length);
        } catch (MalformedPacketException e) {
            invalidResponses++;
            return;
        }
        int identifier = response.identifier();
        Request request = socket.slots[identifier];
        if (request != null
                && response.code() == Radius.ACCOUNTING_RESPONSE
                && Authenticators.responseAuthenticatorValid(response, request.authenticator(), settings.secret())) {
            latency.record(request.statusType, now - request.firstSentNanos);
            sinceProgress.record(now - request.firstSentNanos);
            acknowledged++;
            lastAckNanos = now;
            release(socket, identifier, request);
        } else if (response.code() == Radius.ACCOUNTING_RESPONSE
                && answersAnEarlierRequest(socket, identifier, response)) {
            lateResponses++;
        } else {
            invalidResponses++;
        }
    }

    /** Whether the response answers one of the last requests that used this Identifier (a late or second answer). */
    private boolean answersAnEarlierRequest(Channel socket, int identifier, RawPacket response) {
        for (byte[] previous : socket.previousAuthenticators[identifier]) {
            if (previous != null && Authenticators.responseAuthenticatorValid(response, previous, settings.secret())) {
                return true;
            }
        }
        return false;
    }

    private void retransmitOrGiveUp(long now) throws IOException {
        for (List<Channel> sockets : socketsByNas) {
            for (Channel socket : sockets) {
                if (socket.inFlight == 0) {
                    continue;
                }
                for (int identifier = 0; identifier < 256; identifier++) {
                    Request request = socket.slots[identifier];
                    if (request == null || now < request.deadlineNanos) {
                        continue;
                    }
                    if (request.attempts <= settings.retransmissions()) {
                        request.attempts++;
                        request.deadlineNanos = now + settings.timeout().toNanos();
                        retransmitted++;
                        transmit(socket, request.octets);
                    } else {
                        lost++;
                        release(socket, identifier, request);
                    }
                }
            }
        }
    }

    private void release(Channel socket, int identifier, Request request) {
        socket.slots[identifier] = null;
        byte[][] previous = socket.previousAuthenticators[identifier];
        System.arraycopy(previous, 0, previous, 1, previous.length - 1);
        previous[0] = request.authenticator();
        socket.inFlight--;
        socket.free.add(identifier);
        int subscriber = request.subscriber;
        if (--pending[subscriber] > 0) {
            return;
        }
        if (nextStep[subscriber] > settings.plan().stopStep()) {
            finishedSubscribers++;
        } else {
            readyByNas[subscriber % readyByNas.length].add(subscriber);
        }
    }

    /** One UDP socket of a NAS: its Identifiers (FIFO of free ones, so a freed one is reused last) and requests. */
    private static final class Channel {
        final DatagramChannel channel;
        final Inet4Address address;
        final Request[] slots = new Request[256];
        /** Per Identifier, the authenticators of its last requests, newest first: tells late answers from bad ones. */
        final byte[][][] previousAuthenticators = new byte[256][PREVIOUS_KEPT][];

        final IntRing free = new IntRing(256);
        int inFlight;

        Channel(DatagramChannel channel, Inet4Address address, int window) {
            this.channel = channel;
            this.address = address;
            for (int identifier = 0; identifier < window; identifier++) {
                free.add(identifier);
            }
        }
    }

    private static final class Request {
        final int subscriber;
        final int statusType;
        final byte[] octets;
        final long firstSentNanos;
        long deadlineNanos;
        int attempts = 1;

        Request(int subscriber, int statusType, byte[] octets, long firstSentNanos, long deadlineNanos) {
            this.subscriber = subscriber;
            this.statusType = statusType;
            this.octets = octets;
            this.firstSentNanos = firstSentNanos;
            this.deadlineNanos = deadlineNanos;
        }

        byte[] authenticator() {
            return Arrays.copyOfRange(
                    octets, Radius.AUTHENTICATOR_OFFSET, Radius.AUTHENTICATOR_OFFSET + Radius.AUTHENTICATOR_LENGTH);
        }
    }

    /** A growable FIFO of ints. */
    static final class IntRing {
        private int[] items;
        private int head;
        private int size;

        IntRing(int capacity) {
            items = new int[Math.max(4, capacity)];
        }

        void add(int value) {
            if (size == items.length) {
                int[] grown = new int[items.length * 2];
                for (int i = 0; i < size; i++) {
                    grown[i] = items[(head + i) % items.length];
                }
                items = grown;
                head = 0;
            }
            items[(head + size) % items.length] = value;
            size++;
        }

        int poll() {
            int value = items[head];
            head = (head + 1) % items.length;
            size--;
            return value;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
