package io.sessionkeeper.adapter.radius;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * RFC 5080 §2.2.2 duplicate detection: packets are known by source address, source port, Identifier and Request
 * Authenticator. A packet is "in flight" from acceptance until its batch committed (then "answered", with the
 * response kept for {@code ttl}) or failed (then forgotten, so the NAS's retransmission is processed). Bounded:
 * beyond {@code maxEntries} the oldest entries go first.
 */
final class DuplicateCache {

    /** What is known of a packet. */
    sealed interface Status {}

    record Unknown() implements Status {}

    record InFlight() implements Status {}

    record Answered(byte[] response) implements Status {}

    private static final Status UNKNOWN = new Unknown();
    private static final Status IN_FLIGHT = new InFlight();

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

    DuplicateCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = ttlNanos;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    static Key key(InetAddress source, int port, int identifier, byte[] authenticator) {
        byte[] address = source.getAddress();
        byte[] packed = new byte[address.length + 3 + authenticator.length];
        System.arraycopy(address, 0, packed, 0, address.length);
        packed[address.length] = (byte) (port >>> 8);
        packed[address.length + 1] = (byte) port;
        packed[address.length + 2] = (byte) identifier;
        System.arraycopy(authenticator, 0, packed, address.length + 3, authenticator.length);
        return new Key(packed);
    }

    /** What is known of {@code key}; if unknown, it is now in flight. */
    synchronized Status reserve(Key key) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null) {
            if (entry.response == null) {
                return IN_FLIGHT;
            }
            if (now - entry.answeredAt < ttlNanos) {
                return new Answered(entry.response);
            }
            entries.remove(key);
        }
        entries.put(key, new Entry(null, 0));
        evict(now);
        return UNKNOWN;
    }

    /** The packet was answered with {@code response}: retransmissions get it for the time-to-live. */
    synchronized void answered(Key key, byte[] response) {
        long now = nanoTime.getAsLong();
        entries.remove(key);
        entries.put(key, new Entry(response, now));
        evict(now);
    }

    /** The packet was not recorded: forget it, so that its retransmission is processed. */
    synchronized void release(Key key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.response == null) {
            entries.remove(key);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void evict(long now) {
        Iterator<Map.Entry<Key, Entry>> oldest = entries.entrySet().iterator();
        while (oldest.hasNext()) {
            Entry entry = oldest.next().getValue();
            boolean expired = entry.response != null && now - entry.answeredAt >= ttlNanos;
            if (!expired && entries.size() <= maxEntries) {
                return;
            }
            oldest.remove();
        }
    }

    /** Source address, port, Identifier and Request Authenticator, packed. */
    static final class Key {
        private final byte[] packed;
        private final int hash;

        private Key(byte[] packed) {
            this.packed = packed;
            this.hash = Arrays.hashCode(packed);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && hash == that.hash && Arrays.equals(packed, that.packed);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record Entry(byte[] response, long answeredAt) {}
}
