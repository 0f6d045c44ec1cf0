package io.sessionkeeper.adapter.radius;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RADIUS accounting listener (RFC 2866) with acknowledge-after-commit: the socket and the threads. One receiver
 * thread turns each datagram into an accepted event or a counted drop ({@link AccountingReceiver}) and hands
 * accepted events to the {@link BatchWriter writers}, which commit them in micro-batches and answer each only after
 * the commit of its batch (RFC 2866 §4.1: never acknowledge what was not recorded).
 *
 * <p>Events are partitioned by (NAS, User-Name): one NAS uses every writer, while all events of a subscriber on a
 * NAS keep their order on one writer (superseding, "same user, NAS and MAC", and a reused Acct-Session-Id need that).
 * An Accounting-On/Off is a {@link NasBarrier} across the writers.
 *
 * <p>{@link #close()} stops receiving, commits and answers what was already accepted, then closes the socket.
 */
public final class AccountingListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccountingListener.class);
    private static final int RECEIVE_POLL_MILLIS = 100;

    private enum State {
        NEW,
        RUNNING,
        STOPPING,
        STOPPED
    }

    private final AccountingListenerSettings settings;
    private final TrackAccountingUseCase tracker;
    private final AccountingListenerMetrics metrics;
    private final DuplicateCache duplicates;
    private final RateLimitedLog log;
    private final AccountingReceiver receiver;
    private List<BatchWriter> writers = List.of();

    private State state = State.NEW;
    private DatagramSocket socket;
    private InetSocketAddress boundAddress;
    private Thread receiverThread;
    private volatile boolean receiving;

    public AccountingListener(
            AccountingListenerSettings settings,
            TrackAccountingUseCase tracker,
            LookupNasUseCase nasLookup,
            AccountingListenerMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.tracker = tracker;
        this.metrics = metrics;
        this.duplicates =
                new DuplicateCache(settings.duplicateTtl().toNanos(), settings.duplicateCacheSize(), System::nanoTime);
        this.log = new RateLimitedLog(LOG, settings.logInterval().toNanos());
        Answers answers = new Answers(duplicates, this::send, metrics, log);
        this.receiver = new AccountingReceiver(nasLookup, metrics, clock, duplicates, answers, log);
    }

    /**
     * Binds the socket and starts the receiver and writer threads.
     *
     * @throws UncheckedIOException when the address cannot be bound (the port is taken, say), with a message of one
     *     line such as {@code cannot listen on udp 0.0.0.0:1813: address already in use}
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
                    "cannot listen on udp " + hostAndPort(settings.bindAddress(), settings.port()) + ": " + reason(e),
                    e);
        }
        receiving = true;
        int port = socket.getLocalPort();
        Thread.UncaughtExceptionHandler died =
                (thread, e) -> LOG.error("{} died: RADIUS accounting is no longer answered", thread.getName(), e);
        List<BatchWriter> all = new ArrayList<>();
        for (int i = 0; i < settings.writers(); i++) {
            all.add(new BatchWriter(i, settings, tracker, metrics, log, "radius-acct-writer-" + port + "-" + i));
        }
        writers = List.copyOf(all);
        writers.forEach(writer -> writer.start(died));
        receiverThread = new Thread(this::receiveLoop, "radius-acct-receiver-" + port);
        receiverThread.setDaemon(true);
        receiverThread.setUncaughtExceptionHandler(died);
        receiverThread.start();
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

    /** Accepted events (and barriers) waiting for the writers. */
    public int queued() {
        return writers.stream().mapToInt(BatchWriter::queued).sum();
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
        join(receiverThread, deadline);
        writers.forEach(writer -> writer.closeInput(deadline));
        writers.forEach(writer -> writer.join(deadline, settings.stopTimeout().toMillis()));
        synchronized (this) {
            socket.close();
            state = State.STOPPED;
        }
        LOG.info("RADIUS accounting listener on port {} stopped", port);
    }

    private void receiveLoop() {
        byte[] buffer = new byte[io.sessionkeeper.adapter.radius.codec.Radius.MAX_PACKET_LENGTH];
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
            InetAddress source = datagram.getAddress();
            int port = datagram.getPort();
            try {
                AccountingReceiver.Received received =
                        receiver.receive(datagram.getData(), datagram.getOffset(), datagram.getLength(), source, port);
                if (received instanceof AccountingReceiver.Accept accept) {
                    route(accept.pending());
                } else if (received instanceof AccountingReceiver.Resend resend) {
                    send(resend.response(), source, port);
                }
            } catch (RuntimeException e) {
                metrics.dropped(DropReason.MALFORMED);
                log.warn(
                        "unexpected",
                        "Unexpected failure on a packet from {}: {}",
                        source.getHostAddress(),
                        e.toString(),
                        e);
            }
        }
    }

    /**
     * To the writer of its subscriber on its NAS; an Accounting-On/Off to every writer as a barrier, or to none
     * when any queue is full (this thread is their only producer, so a queue with room keeps it).
     */
    private void route(PendingAnswer pending) {
        AccountingEvent event = pending.event();
        if (event.isNasEvent()) {
            for (BatchWriter writer : writers) {
                if (writer.remainingCapacity() == 0) {
                    queueFull(pending);
                    return;
                }
            }
            NasBarrier barrier = new NasBarrier(pending, writerIndex(event, null), writers.size());
            writers.forEach(writer -> writer.offer(barrier));
            return;
        }
        if (!writers.get(writerIndex(event, event.username())).offer(pending)) {
            queueFull(pending);
        }
    }

    private int writerIndex(AccountingEvent event, String username) {
        return writerIndex(event.nas().id(), username, writers.size());
    }

    /**
     * The writer of a subscriber on a NAS (of a NAS's barrier with a null user): a well-mixed hash of (NAS,
     * User-Name), so that the subscribers of one NAS spread over every writer.
     */
    static int writerIndex(NasId nas, String username, int writers) {
        int hash = nas.hashCode() * 31 + Objects.hashCode(username);
        hash *= 0x9E3779B9;
        return Math.floorMod(hash ^ (hash >>> 16), writers);
    }

    private void queueFull(PendingAnswer pending) {
        pending.notAnswered(
                DropReason.QUEUE_FULL,
                DropReason.QUEUE_FULL.name(),
                "Dropped a packet from {} ({}): queue of {} events is full",
                pending.source().getHostAddress(),
                DropReason.QUEUE_FULL.label(),
                settings.queueCapacity());
    }

    private void send(byte[] response, InetAddress address, int port) {
        try {
            socket.send(new DatagramPacket(response, response.length, address, port));
        } catch (IOException e) {
            log.warn("send", "Could not send an Accounting-Response to {}:{}: {}", address, port, e.toString());
        }
    }

    private int receiveBufferSize() {
        try {
            return socket.getReceiveBufferSize();
        } catch (SocketException e) {
            return -1;
        }
    }

    static void join(Thread thread, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            if (remaining > 0) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostAndPort(InetAddress host, int port) {
        String address = host.getHostAddress();
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** The JDK's "Address already in use (Bind failed)" as "address already in use". */
    private static String reason(IOException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int detail = message.indexOf(" (");
        String reason = detail > 0 ? message.substring(0, detail) : message;
        return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
