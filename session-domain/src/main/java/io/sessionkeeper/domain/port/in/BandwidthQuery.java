package io.sessionkeeper.domain.port.in;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TenantId;
import java.time.Instant;

/**
 * A bandwidth series of one session, or of all the sessions of a customer or a NAS summed. {@code interval},
 * {@code from} and {@code to} are optional (null): the range defaults to the session's life (up to now while it is
 * open), or the last 24 hours for a customer or a NAS; the interval to the finest giving at most 1,000 points.
 */
public record BandwidthQuery(TenantId tenant, Subject subject, BandwidthInterval interval, Instant from, Instant to) {

    /** What the series is of. */
    public sealed interface Subject {}

    public record OfSession(SessionId id) implements Subject {
        public OfSession {
            InvalidValueException.require(id != null, "id", "must not be null");
        }
    }

    /** The customer's sessions: those with its User-Name (a customer need not be registered to have traffic). */
    public record OfCustomer(String username) implements Subject {
        public OfCustomer {
            InvalidValueException.require(
                    username != null && !username.isEmpty() && username.length() <= 253,
                    "username",
                    "must be 1-253 characters");
        }
    }

    public record OfNas(NasId id) implements Subject {
        public OfNas {
            InvalidValueException.require(id != null, "id", "must not be null");
        }
    }

    /** Instants a series may ask for: beyond them no accounting exists (and bucket arithmetic stays exact). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    public BandwidthQuery {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(subject != null, "subject", "must not be null");
        InvalidValueException.require(within(from), "from", "must be between 1970 and 2200");
        InvalidValueException.require(within(to), "to", "must be between 1970 and 2200");
        InvalidValueException.require(from == null || to == null || from.isBefore(to), "from", "must be before to");
    }

    private static boolean within(Instant at) {
        return at == null || (!at.isBefore(EARLIEST) && at.isBefore(LATEST));
    }
}
