package io.sessionkeeper.app.it;

import io.sessionkeeper.adapter.radius.testing.TestPacket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One NAS as a big BNG is: one source address (127.0.0.1), several UDP sockets (source ports), each with its window
 * of 256 RADIUS identifiers, many subscribers. Each subscriber's Accounting-Start, then its Interim-Updates with
 * growing counters; an identifier is used again only once its request is answered, and what is not answered is
 * retransmitted every two seconds with the same octets, as RFC 2866 §2 asks of a NAS. It can hold its new requests
 * back (retransmitting only) or be paused (nothing sent, nothing retransmitted, answers still read), so that a test
 * can compare what was acknowledged with what was stored without the NAS changing either.
 */
final class NasFleet implements AutoCloseable {
    private static final int IDENTIFIERS = 256;
    private static final long RETRANSMIT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A subscriber's session: Acct-Session-Id and User-Name. */
    record Subscriber(String sessionId, String username) {}

    /**
     * One Accounting-Request: step 0 is the Start, step k the k-th Interim-Update, with Acct-Input-Octets {@code
     * inputOctets} and Acct-Output-Octets {@code outputOctets}.
     */
    static final class Event {
        final Subscriber subscriber;
        final int step;
        final long inputOctets;
        final long outputOctets;
        private byte[] octets;
        private volatile long firstSent;
        private volatile long lastSent;
        private volatile long acknowledgedAt;

        Event(Subscriber subscriber, int step, long inputOctets, long outputOctets) {
            this.subscriber = subscriber;
            this.step = step;
            this.inputOctets = inputOctets;
            this.outputOctets = outputOctets;
        }

        boolean acknowledged() {
            return acknowledgedAt != 0;
        }

        /** {@link System#nanoTime()} of the first transmission; 0 if never sent. */
        long firstSent() {
            return firstSent;
        }

        /** {@link System#nanoTime()} when its valid Accounting-Response arrived; 0 if none did. */
        long acknowledgedAt() {
            return acknowledgedAt;
        }

        @Override
        public String toString() {
            return subscriber.sessionId() + (step == 0 ? " Start" : " Interim " + step) + " (in " + inputOctets
                    + ", out " + outputOctets + ")";
        }
    }

    private final String secret;
    private final List<Stream> streams = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger retransmissions = new AtomicInteger();
    private final AtomicLong lastAnswer = new AtomicLong(System.nanoTime());
    private volatile Trigger trigger;
    private volatile InetSocketAddress target;
    private volatile boolean paused;
    private volatile boolean holding;
    private volatile boolean closed;

    /**
     * @param sockets source ports of the NAS
     * @param subscribersPerSocket sessions sent from each socket
     * @param interims Interim-Updates after each Start
     */
    NasFleet(String secret, String prefix, int sockets, int subscribersPerSocket, int interims) {
        this.secret = secret;
        for (int s = 0; s < sockets; s++) {
            List<Subscriber> subscribers = new ArrayList<>();
            for (int u = 0; u < subscribersPerSocket; u++) {
                subscribers.add(new Subscriber(
                        prefix + "-" + s + "-" + u, prefix.toLowerCase(Locale.ROOT) + "-user-" + s + "-" + u));
            }
            // round by round, as the NAS's interim interval comes round for everybody
            List<Event> events = new ArrayList<>();
            for (int step = 0; step <= interims; step++) {
                for (int u = 0; u < subscribers.size(); u++) {
                    // a Start carries no counters; each interim more than the one before
                    long input = step == 0 ? 0 : step * 1_000L + u;
                    long output = step == 0 ? 0 : step * 7_000L + u;
                    events.add(new Event(subscribers.get(u), step, input, output));
                }
            }
            streams.add(new Stream(s, events));
        }
    }

    /** Begins sending to {@code service}'s RADIUS port. */
    void start(InetSocketAddress service) {
        target = service;
        for (Stream stream : streams) {
            threads.add(daemon(stream::send, "nas-send-" + stream.index));
            threads.add(daemon(stream::receive, "nas-receive-" + stream.index));
        }
        threads.add(daemon(this::retransmitLoop, "nas-retransmit"));
    }

    /**
     * Runs {@code action} on the thread that reads an answer, once {@code count} are acknowledged: at the first
     * answer that comes after a pause of {@code quiet} or more (the first of a burst: a server answers a batch at
     * once, so most of that batch's answers are then still to come), or at the latest when {@code latest} are
     * acknowledged. The other sockets' answers are still read meanwhile. The returned future completes when {@code
     * action} has run (or with what it threw).
     */
    CompletableFuture<Void> whenAcknowledged(int count, Duration quiet, int latest, Runnable action) {
        Trigger armed = new Trigger(count, quiet.toNanos(), latest, action, new CompletableFuture<>());
        trigger = armed;
        return armed.done();
    }

    private record Trigger(int count, long quietNanos, int latest, Runnable action, CompletableFuture<Void> done) {
        boolean due(int acknowledged, long sincePreviousAnswer) {
            return acknowledged >= latest || (acknowledged >= count && sincePreviousAnswer >= quietNanos);
        }

        void fire() {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** Sends no new request; retransmits what is unanswered. */
    void holdNewRequests() {
        holding = true;
    }

    /** Stops sending and retransmitting; answers are still read. */
    void pause() {
        holding = true;
        paused = true;
    }

    /** Sends again: the unanswered requests at once, then the rest. */
    void resume() {
        holding = false;
        paused = false;
    }

    List<Event> events() {
        List<Event> all = new ArrayList<>();
        streams.forEach(stream -> all.addAll(stream.events));
        return all;
    }

    /** The last event of each subscriber: what the store must finally hold. */
    List<Event> lastEvents() {
        Map<Subscriber, Event> last = new LinkedHashMap<>();
        for (Event event : events()) {
            last.merge(event.subscriber, event, (a, b) -> a.step >= b.step ? a : b);
        }
        return new ArrayList<>(last.values());
    }

    int total() {
        return streams.stream().mapToInt(stream -> stream.events.size()).sum();
    }

    int acknowledged() {
        return acknowledged.get();
    }

    int retransmissions() {
        return retransmissions.get();
    }

    /** Waits until {@code count} requests are acknowledged; false if that did not happen within {@code seconds}. */
    boolean awaitAcknowledged(int count, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (acknowledged.get() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        streams.forEach(stream -> stream.socket.close());
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }

    private void retransmitLoop() {
        while (!closed) {
            if (!paused) {
                streams.forEach(Stream::retransmit);
            }
            sleep(200);
        }
    }

    private final class Stream {
        final int index;
        final List<Event> events;
        final DatagramSocket socket;
        /** The request waiting for an answer under each identifier; guarded by itself. */
        final Event[] outstanding = new Event[IDENTIFIERS];

        final BlockingQueue<Integer> free = new ArrayBlockingQueue<>(IDENTIFIERS);

        Stream(int index, List<Event> events) {
            this.index = index;
            this.events = events;
            try {
                socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                socket.setSoTimeout(200);
                socket.setReceiveBufferSize(1 << 20);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int id = 0; id < IDENTIFIERS; id++) {
                free.add(id);
            }
        }

        void send() {
            for (Event event : events) {
                Integer identifier = null;
                while (identifier == null) {
                    if (closed) {
                        return;
                    }
                    if (holding) {
                        sleep(10);
                        continue;
                    }
                    identifier = poll();
                    if (identifier != null && holding) {
                        free.add(identifier);
                        identifier = null;
                    }
                }
                byte[] octets = packet(event, identifier);
                synchronized (outstanding) {
                    event.octets = octets;
                    outstanding[identifier] = event;
                }
                long now = System.nanoTime();
                event.firstSent = now;
                event.lastSent = now;
                transmit(octets);
            }
        }

        private Integer poll() {
            try {
                return free.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        void receive() {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(datagram);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return;
                }
                long now = System.nanoTime();
                long previous = lastAnswer.getAndSet(now);
                byte[] response = Arrays.copyOf(datagram.getData(), datagram.getLength());
                int identifier = response[1] & 0xff;
                int count = 0;
                synchronized (outstanding) {
                    Event event = outstanding[identifier];
                    // a late answer to an earlier request under the same identifier fails the authenticator check
                    if (event != null && response[0] == 5 && TestPacket.validResponse(response, event.octets, secret)) {
                        outstanding[identifier] = null;
                        event.acknowledgedAt = now;
                        count = acknowledged.incrementAndGet();
                        free.add(identifier);
                    }
                }
                Trigger armed = trigger;
                if (armed != null && count > 0 && armed.due(count, now - previous)) {
                    synchronized (NasFleet.this) {
                        if (trigger != armed) {
                            continue;
                        }
                        trigger = null;
                    }
                    armed.fire();
                }
            }
        }

        void retransmit() {
            long now = System.nanoTime();
            List<byte[]> due = new ArrayList<>();
            synchronized (outstanding) {
                for (Event event : outstanding) {
                    if (event != null && now - event.lastSent > RETRANSMIT_AFTER_NANOS) {
                        event.lastSent = now;
                        due.add(event.octets);
                    }
                }
            }
            due.forEach(this::transmit);
            retransmissions.addAndGet(due.size());
        }

        private void transmit(byte[] octets) {
            try {
                socket.send(new DatagramPacket(octets, octets.length, target));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private byte[] packet(Event event, int identifier) {
            Subscriber subscriber = event.subscriber;
            if (event.step == 0) {
                return TestPacket.start(identifier, subscriber.sessionId(), subscriber.username())
                        .sign(secret);
            }
            return TestPacket.accountingRequest(identifier)
                    .integer(40, 3) // Acct-Status-Type = Interim-Update
                    .string(44, subscriber.sessionId())
                    .string(1, subscriber.username())
                    .integer(7, 1)
                    .string(31, "AA:BB:CC:00:00:01")
                    .integer(42, event.inputOctets)
                    .integer(43, event.outputOctets)
                    .integer(46, event.step * 60L) // Acct-Session-Time
                    .sign(secret);
        }
    }

    private static Thread daemon(Runnable work, String name) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
