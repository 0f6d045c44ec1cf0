package io.sessionkeeper.domain.model;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Public identifier of a session. New sessions get a time-ordered one ({@link #timeOrdered}, ADR 65); sessions stored
 * before that have random ones (version 4), and both kinds stay valid.
 */
public record SessionId(UUID value) {
    /** The random part's source: ids are public, so they must not be guessable from one another. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final long MILLIS_MASK = (1L << 48) - 1;

    public SessionId {
        InvalidValueException.require(value != null, "id", "must not be null");
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID());
    }

    /**
     * A new session's id, a UUID of version 7 (RFC 9562, section 5.7): the Unix milliseconds of {@code createdAt} in
     * the first 48 bits, then 74 random bits. Ids made later sort after earlier ones (to the millisecond) in
     * PostgreSQL's order of {@code uuid}, so a new session's entry goes to the right-hand end of every index keyed by
     * its id instead of onto a random leaf page (ADR 65). The time it shows is when the service received the packet
     * that opened the session, which the session's own record shows anyway.
     */
    public static SessionId timeOrdered(Instant createdAt) {
        long millis = createdAt.toEpochMilli() & MILLIS_MASK;
        byte[] bytes = new byte[10];
        RANDOM.nextBytes(bytes);
        long randomA = (bytes[0] & 0x0FL) << 8 | (bytes[1] & 0xFFL);
        long randomB = 0;
        for (int i = 2; i < bytes.length; i++) {
            randomB = randomB << 8 | (bytes[i] & 0xFFL);
        }
        long mostSignificant = millis << 16 | 0x7000L | randomA;
        long leastSignificant = randomB & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new SessionId(new UUID(mostSignificant, leastSignificant));
    }

    /** Parses the canonical 36-character form; anything else is an {@link InvalidValueException}. */
    public static SessionId parse(String text) {
        return new SessionId(Uuids.parse("id", text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
