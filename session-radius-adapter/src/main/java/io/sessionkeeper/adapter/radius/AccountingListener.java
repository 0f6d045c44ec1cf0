package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.adapter.radius.codec.AccountingRequestDecoder;
import io.sessionkeeper.adapter.radius.codec.AccountingRequestValues;
import io.sessionkeeper.adapter.radius.codec.AccountingResponseEncoder;
import io.sessionkeeper.adapter.radius.codec.Authenticators;
import io.sessionkeeper.adapter.radius.codec.MalformedPacketException;
import io.sessionkeeper.adapter.radius.codec.Radius;
import io.sessionkeeper.adapter.radius.codec.RawPacket;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.DomainException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS accounting listener (RFC 2866) with acknowledge-after-commit.
 *
 * <p>One UDP socket, two threads. The <em>receiver</em> checks each datagram's structure, finds the RADIUS client
 * by source address, verifies the Request Authenticator over the raw octets with that client's secret, looks the
 * packet up for RFC 5080 duplicates, decodes it, attributes it to its NAS (the client itself, or the NAS a proxy
 * forwards for) and offers it to a bounded queue. The <em>writer</em> takes micro-batches from the queue (up to
 * {@code maxBatchSize} events, waiting at most {@code maxBatchDelay} for more), hands each to the
 * track-accounting use case as one unit, and only when that returns sends the Accounting-Responses. When it
 * throws, nothing of the batch is answered and the NAS retransmits (RFC 2866 §4.1: never acknowledge what was not
 * recorded); when it throws a {@link DomainException} (the data was refused, not the store), the events are
 * recorded one by one so that one bad event does not hold back the others. Whatever is not answered is counted by
 * {@link DropReason}.
 *
 * <p>{@link #close()} stops receiving, commits and answers what was already accepted, then closes the socket.
 */
public final class AccountingListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountingListener.class);
    private static final int RECEIVE_POLL_MILLIS = 100;
    private static final long WRITER_POLL_MILLIS = 100;

    private enum State {
        NEW,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final AccountingListenerSettings settings;
    private final TrackAccountingUseCase tracker;
    private final LookupNasUseCase nasLookup;
    private final AccountingListenerMetrics metrics;
    private final Clock clock;
    private final AccountingRequestDecoder decoder = new AccountingRequestDecoder();
    private final AccountingResponseEncoder encoder = new AccountingResponseEncoder();
    private final List<Writer> writers;
    /** Which writer serves each NAS; touched by the receiver thread only. */
    private final Map<NasId, Writer> writerOfNas = new HashMap<>();

    private final DuplicateCache duplicates;
    private final RateLimitedLog log;

    private State state = State.NEW;
    private DatagramSocket socket;
    private InetSocketAddress boundAddress;
    private Thread receiver;
    private volatile boolean receiving;
    private volatile boolean inputClosed;

    public AccountingListener(
            AccountingListenerSettings settings,
            TrackAccountingUseCase tracker,
            LookupNasUseCase nasLookup,
            AccountingListenerMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.tracker = tracker;
        this.nasLookup = nasLookup;
        this.metrics = metrics;
        this.clock = clock;
        int perWriter = settings.queueCapacity();
        List<Writer> all = new ArrayList<>();
        for (int i = 0; i < settings.writers(); i++) {
            all.add(new Writer(new ArrayBlockingQueue<>(perWriter)));
        }
        this.writers = List.copyOf(all);
        this.duplicates =
                new DuplicateCache(settings.duplicateTtl().toNanos(), settings.duplicateCacheSize(), System::nanoTime);
        this.log = new RateLimitedLog(LOG, settings.logInterval().toNanos());
    }

    /**
     * Binds the socket and starts the receiver and writer threads.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("the listener was already started");
        }
        try {
            DatagramSocket bound = new DatagramSocket(null);
            bound.setReceiveBufferSize(settings.receiveBufferBytes());
            bound.bind(new InetSocketAddress(settings.bindAddress(), settings.port()));
            bound.setSoTimeout(RECEIVE_POLL_MILLIS);
            socket = bound;
            boundAddress = (InetSocketAddress) bound.getLocalSocketAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen for RADIUS accounting on " + settings.bindAddress() + ":" + settings.port(), e);
        }
        receiving = true;
        int port = socket.getLocalPort();
        receiver = new Thread(this::receiveLoop, "radius-acct-receiver-" + port);
        receiver.setDaemon(true);
        Thread.UncaughtExceptionHandler died =
                (thread, e) -> LOG.error("{} died: RADIUS accounting is no longer answered", thread.getName(), e);
        receiver.setUncaughtExceptionHandler(died);
        for (int i = 0; i < writers.size(); i++) {
            Writer writer = writers.get(i);
            writer.thread = new Thread(() -> writeLoop(writer.queue), "radius-acct-writer-" + port + "-" + i);
            writer.thread.setDaemon(true);
            writer.thread.setUncaughtExceptionHandler(died);
            writer.thread.start();
        }
        receiver.start();
        state = State.RUNNING;
        LOG.info(
                "RADIUS accounting listener on {}: {} writers, queue {}, batches of up to {} events or {} ms,"
                        + " duplicates kept {} s, receive buffer {} bytes",
                boundAddress,
                writers.size(),
                settings.queueCapacity(),
                settings.maxBatchSize(),
                settings.maxBatchDelay().toMillis(),
                settings.duplicateTtl().toSeconds(),
                receiveBufferSize());
    }

    /** Where the listener is bound (the actual port when 0 was asked). */
    public synchronized InetSocketAddress localAddress() {
        if (boundAddress == null) {
            throw new IllegalStateException("the listener is not started");
        }
        return boundAddress;
    }

    /** Accepted events waiting for the writer. */
    public int queued() {
        return writers.stream().mapToInt(w -> w.queue.size()).sum();
    }

    /** Packets remembered for duplicate detection. */
    public int duplicateCacheSize() {
        return duplicates.size();
    }

    /**
     * Stops receiving, commits and answers every event already accepted (waiting at most {@code stopTimeout}),
     * then closes the socket. Events that could not be committed in time are not answered; their NAS retransmits
     * to whichever server listens next.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state != State.RUNNING) {
                state = State.STOPPED;
                return;
            }
            state = State.STOPPING;
        }
        long deadline = System.nanoTime() + settings.stopTimeout().toNanos();
        int port = boundAddress.getPort();
        receiving = false;
        join(receiver, deadline);
        inputClosed = true;
        for (Writer writer : writers) {
            join(writer.thread, deadline);
        }
        for (Writer writer : writers) {
            if (writer.thread.isAlive()) {
                LOG.warn(
                        "{} did not finish within {} ms; {} accepted events are not answered",
                        writer.thread.getName(),
                        settings.stopTimeout().toMillis(),
                        writer.queue.size());
                writer.thread.interrupt();
                join(writer.thread, System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
            }
        }
        synchronized (this) {
            socket.close();
            state = State.STOPPED;
        }
        LOG.info("RADIUS accounting listener on port {} stopped", port);
    }

    private void receiveLoop() {
        byte[] buffer = new byte[Radius.MAX_PACKET_LENGTH];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        while (receiving) {
            datagram.setData(buffer, 0, buffer.length);
            try {
                socket.receive(datagram);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                if (!receiving || socket.isClosed()) {
                    break;
                }
                log.warn("receive", "RADIUS accounting receive failed: {}", e.toString());
                continue;
            }
            try {
                handle(datagram);
            } catch (RuntimeException e) {
                metrics.dropped(DropReason.MALFORMED);
                log.warn(
                        "unexpected",
                        "Unexpected failure on a packet from {}: {}",
                        datagram.getAddress().getHostAddress(),
                        e.toString(),
                        e);
            }
        }
    }

    private void handle(DatagramPacket datagram) {
        metrics.received();
        InetAddress source = datagram.getAddress();
        int port = datagram.getPort();
        RawPacket packet;
        try {
            packet = RawPacket.parse(datagram.getData(), datagram.getOffset(), datagram.getLength());
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, source, e.getMessage());
            return;
        }
        if (packet.code() != Radius.ACCOUNTING_REQUEST) {
            drop(DropReason.NOT_ACCOUNTING_REQUEST, source, Radius.codeName(packet.code()));
            return;
        }
        Optional<Nas> client;
        try {
            client = nasLookup.radiusClient(IpAddress.of(source));
        } catch (RuntimeException e) {
            drop(DropReason.NAS_LOOKUP_FAILED, source, e.toString());
            return;
        }
        if (client.isEmpty()) {
            drop(DropReason.UNKNOWN_CLIENT, source, "not a registered NAS or proxy");
            return;
        }
        byte[] secret = Authenticators.secretBytes(client.get().secret());
        if (!Authenticators.requestAuthenticatorValid(packet, secret)) {
            drop(DropReason.BAD_AUTHENTICATOR, source, "Request Authenticator does not match the shared secret");
            return;
        }
        DuplicateCache.Key key = DuplicateCache.key(source, port, packet.identifier(), packet.authenticator());
        DuplicateCache.Status known = duplicates.reserve(key);
        if (known instanceof DuplicateCache.Answered answered) {
            send(answered.response(), source, port);
            metrics.answeredFromCache();
            return;
        }
        if (known instanceof DuplicateCache.InFlight) {
            metrics.dropped(DropReason.DUPLICATE_IN_FLIGHT);
            return;
        }
        Accepted accepted = accept(packet, client.get(), secret, key, source, port);
        if (accepted == null) {
            duplicates.release(key);
        } else if (!writerOf(accepted.event().nas().id()).queue.offer(accepted)) {
            duplicates.release(key);
            drop(DropReason.QUEUE_FULL, source, "queue of " + settings.queueCapacity() + " events is full");
        }
    }

    /**
     * The writer of a NAS: all its events go through one writer, so they are stored in arrival order (a NAS's
     * Accounting-On after its sessions' events, a Start after the Stop it follows). A NAS seen for the first
     * time goes to the writer with the fewest NAS.
     */
    private Writer writerOf(NasId nas) {
        Writer writer = writerOfNas.get(nas);
        if (writer == null) {
            writer = writers.get(0);
            for (Writer candidate : writers) {
                if (candidate.nasCount < writer.nasCount) {
                    writer = candidate;
                }
            }
            writer.nasCount++;
            writerOfNas.put(nas, writer);
        }
        return writer;
    }

    /** The decoded event, or null when it was dropped. */
    private Accepted accept(
            RawPacket packet, Nas client, byte[] secret, DuplicateCache.Key key, InetAddress source, int port) {
        AccountingRequestValues values;
        try {
            values = decoder.decode(packet);
        } catch (MalformedPacketException e) {
            drop(DropReason.MALFORMED, source, e.getMessage());
            return null;
        }
        if (values.skippedAttributes() > 0) {
            metrics.invalidAttributes(values.skippedAttributes());
            log.info(
                    "invalid-attributes",
                    "Ignored {} attributes with invalid lengths in a packet from {}",
                    values.skippedAttributes(),
                    source.getHostAddress());
        }
        Optional<Nas> origin;
        try {
            origin = nasLookup.originOf(client, values.nasAddress(), values.nasIdentifier());
        } catch (RuntimeException e) {
            drop(DropReason.NAS_LOOKUP_FAILED, source, e.toString());
            return null;
        }
        if (origin.isEmpty()) {
            drop(
                    DropReason.UNKNOWN_NAS_BEHIND_PROXY,
                    source,
                    "NAS-IP-Address " + values.nasIpAddress() + " / NAS-Identifier " + values.nasIdentifier());
            return null;
        }
        AccountingEvent event;
        try {
            event = values.toEvent(origin.get(), clock.instant());
        } catch (DomainException e) {
            drop(DropReason.MALFORMED, source, e.getMessage());
            return null;
        }
        return new Accepted(event, key, source, port, values, secret);
    }

    /** One committing thread and the queue of the NAS it serves. */
    private static final class Writer {
        final BlockingQueue<Accepted> queue;
        Thread thread;
        int nasCount;

        Writer(BlockingQueue<Accepted> queue) {
            this.queue = queue;
        }
    }

    private void writeLoop(BlockingQueue<Accepted> queue) {
        List<Accepted> batch = new ArrayList<>(settings.maxBatchSize());
        long delayNanos = settings.maxBatchDelay().toNanos();
        int max = settings.maxBatchSize();
        try {
            while (true) {
                Accepted first = queue.poll(WRITER_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (inputClosed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - 1);
                long deadline = System.nanoTime() + delayNanos;
                while (batch.size() < max && !inputClosed) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        break;
                    }
                    Accepted next = queue.poll(remaining, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, max - batch.size());
                }
                commit(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queue.drainTo(batch);
            for (Accepted accepted : batch) {
                duplicates.release(accepted.key());
                metrics.dropped(DropReason.NOT_COMMITTED_AT_STOP);
            }
        }
    }

    private void commit(List<Accepted> batch) {
        List<AccountingEvent> events = new ArrayList<>(batch.size());
        for (Accepted accepted : batch) {
            events.add(accepted.event());
        }
        long started = System.nanoTime();
        try {
            tracker.track(new TrackAccountingCommand(events));
        } catch (StoreUnavailableException e) {
            // The store, not the data: event by event would only wait for it once per event. The NAS retransmits.
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return;
        } catch (DomainException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            if (batch.size() == 1) {
                notRecorded(batch, e);
                return;
            }
            // The data, not the store, was refused: find the culprit instead of failing everyone riding with it.
            log.warn(
                    "isolate",
                    "A batch of {} accounting events was refused ({}); recording them one by one",
                    batch.size(),
                    e.toString());
            for (Accepted accepted : batch) {
                commit(List.of(accepted));
            }
            return;
        } catch (RuntimeException e) {
            metrics.commitFailed(batch.size(), System.nanoTime() - started);
            notRecorded(batch, e);
            return;
        }
        metrics.committed(batch.size(), System.nanoTime() - started);
        for (Accepted accepted : batch) {
            byte[] response;
            try {
                response = encoder.encode(accepted.request(), accepted.secret());
            } catch (RuntimeException e) {
                duplicates.release(accepted.key());
                metrics.dropped(DropReason.RESPONSE_NOT_ENCODED);
                log.warn("encode", "Could not encode an Accounting-Response: {}", e.toString(), e);
                continue;
            }
            duplicates.answered(accepted.key(), response);
            send(response, accepted.source(), accepted.port());
            metrics.answered();
        }
    }

    private void notRecorded(List<Accepted> batch, RuntimeException e) {
        for (Accepted accepted : batch) {
            duplicates.release(accepted.key());
            metrics.dropped(DropReason.COMMIT_FAILED);
        }
        log.warn(
                "commit",
                "Could not record {} accounting events, not answering them (their NAS will retransmit): {}",
                batch.size(),
                e.toString());
    }

    private void send(byte[] response, InetAddress address, int port) {
        try {
            socket.send(new DatagramPacket(response, response.length, address, port));
        } catch (IOException e) {
            log.warn("send", "Could not send an Accounting-Response to {}:{}: {}", address, port, e.toString());
        }
    }

    private void drop(DropReason reason, InetAddress source, String detail) {
        metrics.dropped(reason);
        log.warn(reason.name(), "Dropped a packet from {} ({}): {}", source.getHostAddress(), reason.label(), detail);
    }

    private int receiveBufferSize() {
        try {
            return socket.getReceiveBufferSize();
        } catch (SocketException e) {
            return -1;
        }
    }

    private static void join(Thread thread, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            if (remaining > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An event accepted for recording, with what its answer needs. */
    private record Accepted(
            AccountingEvent event,
            DuplicateCache.Key key,
            InetAddress source,
            int port,
            AccountingRequestValues request,
            byte[] secret) {}
}
