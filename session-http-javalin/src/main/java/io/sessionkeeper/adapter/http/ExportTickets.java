package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionCriteria;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time download tickets for the session export. A browser that holds its token in script memory cannot put it
 * in an {@code Authorization} header of a plain download, and a token in a URL ends up in history, logs and
 * {@code Referer}s; a download fetched by script would be buffered whole in the page. So the page asks for a ticket
 * with its token ({@code POST /api/sessions/export/ticket}, the export's own permission and parameters), then lets
 * the browser fetch {@code GET /api/sessions/export/download?ticket=…}, which streams to disk.
 *
 * <p>A ticket is 256 random bits, valid for {@link #LIFETIME} and for one request: it is taken out when it is
 * presented, whether the download then succeeds or not. It is bound to what it was issued for: the token's tenant,
 * permissions and name (the export runs and is audited as that token) and the format and filters, which the download
 * request cannot change (it takes no other parameter). Only a hash of each ticket is kept, in this process's memory:
 * a ticket is redeemed on the instance that issued it, and a restart forgets every ticket.
 */
final class ExportTickets {
    static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Outstanding tickets of every tenant together; beyond this, issuing is refused (429) until some expire. */
    static final int MAX_OUTSTANDING = 10_000;

    static final String PREFIX = "skt_";
    private static final int RANDOM_BYTES = 32;
    private static final int MAX_LENGTH = 100;
    private static final String REDEEMED = "sessionkeeper.ticket";

    /** What a ticket allows: one export, as {@code owner}, in {@code format}, of the sessions {@code criteria} select. */
    record Ticket(Principal owner, ExportFormat format, SessionCriteria criteria, Instant expiresAt) {}

    record Issued(String value, Instant expiresAt) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Ticket> byHash = new ConcurrentHashMap<>();

    ExportTickets(Clock clock) {
        this.clock = clock;
    }

    /** @throws RateLimitedException when {@link #MAX_OUTSTANDING} tickets are outstanding */
    Issued issue(Principal owner, ExportFormat format, SessionCriteria criteria) {
        Instant now = clock.instant();
        byHash.values().removeIf(t -> !now.isBefore(t.expiresAt()));
        if (byHash.size() >= MAX_OUTSTANDING) {
            throw new RateLimitedException(
                    "too many download tickets are outstanding; retry when they have expired", LIFETIME.toSeconds());
        }
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(LIFETIME);
        byHash.put(hash(value), new Ticket(owner, format, criteria, expiresAt));
        return new Issued(value, expiresAt);
    }

    /**
     * Takes the ticket out, so that it serves this request and no other, and keeps it on the request for the handler.
     *
     * @throws AuthenticationException when no ticket is given, or it is unknown, used or expired
     * @throws InvalidValueException when the value is longer than any ticket
     */
    Ticket redeem(Context ctx, String value) {
        if (value == null || value.isEmpty()) {
            throw new AuthenticationException(
                    "a download needs its ticket: ?ticket=… from POST /api/sessions/export/ticket");
        }
        InvalidValueException.require(
                value.length() <= MAX_LENGTH, "ticket", "must be at most " + MAX_LENGTH + " characters");
        Ticket ticket = byHash.remove(hash(value));
        if (ticket == null || !clock.instant().isBefore(ticket.expiresAt())) {
            throw new AuthenticationException("the download ticket is unknown, used or expired; ask for a new one");
        }
        ctx.attribute(REDEEMED, ticket);
        return ticket;
    }

    /** The ticket the request redeemed. */
    static Ticket redeemed(Context ctx) {
        Ticket ticket = ctx.attribute(REDEEMED);
        if (ticket == null) {
            throw new IllegalStateException("route " + ctx.path() + " redeems no ticket");
        }
        return ticket;
    }

    /** Outstanding tickets (expired ones included until the next issue sweeps them), for tests. */
    int outstanding() {
        return byHash.size();
    }

    /**
     * The key a ticket is kept under: its SHA-256, so that the memory holds nothing that could be presented, and a
     * look-up's timing tells nothing about how much of a guess matched.
     */
    private static String hash(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
