package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * Something that happened to a session besides its counters, recorded when it happened (not reconstructed later):
 * by the accounting unit that saw it (an IP change, a session superseded, a NAS reboot), by the stale cleanup, or
 * by the service acting on a request (a rate-limit change, a disconnect and its answer). The session's start, its
 * interim updates and its end are not events: they are read from the session and its usage samples.
 *
 * @param at when it happened: the event time of the accounting packet that showed it, or the service's clock when
 *     the service acted
 */
public record SessionEvent(TenantId tenant, SessionId session, Instant at, Detail detail) {
    public SessionEvent {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(session != null, "session", "must not be null");
        InvalidValueException.require(at != null, "at", "must not be null");
        InvalidValueException.require(detail != null, "detail", "must not be null");
    }

    public SessionEventType type() {
        return detail.type();
    }

    /** What happened, with what that kind of event carries. */
    public sealed interface Detail {
        SessionEventType type();
    }

    /** An accounting packet brought another Framed-IP-Address than the session had. */
    public record IpChanged(IpAddress from, IpAddress to) implements Detail {
        public IpChanged {
            InvalidValueException.require(from != null && to != null, "ip", "must not be null");
            InvalidValueException.require(!from.equals(to), "ip", "must change");
        }

        @Override
        public SessionEventType type() {
            return SessionEventType.IP_CHANGED;
        }
    }

    /** A CoA-Request with a new rate limit was sent; {@code answer} is what the NAS said to it. */
    public record SpeedChanged(String rateLimit, CoaAnswer answer, Requester requestedBy) implements Detail {
        public SpeedChanged {
            InvalidValueException.require(
                    rateLimit != null && !rateLimit.isEmpty() && rateLimit.length() <= 128,
                    "rateLimit",
                    "must be 1-128 characters");
            InvalidValueException.require(answer != null, "answer", "must not be null");
        }

        @Override
        public SessionEventType type() {
            return SessionEventType.SPEED_CHANGED;
        }
    }

    /**
     * Someone asked to end the session: through its NAS, or with {@code force} in the database only (then no
     * {@link DisconnectAnswered} follows).
     */
    public record DisconnectRequested(Requester requestedBy, boolean force) implements Detail {
        @Override
        public SessionEventType type() {
            return SessionEventType.DISCONNECT_REQUESTED;
        }
    }

    /** What the NAS answered to a Disconnect-Request. */
    public record DisconnectAnswered(CoaAnswer answer) implements Detail {
        public DisconnectAnswered {
            InvalidValueException.require(answer != null, "answer", "must not be null");
        }

        @Override
        public SessionEventType type() {
            return SessionEventType.DISCONNECT_RESULT;
        }
    }

    /** The NAS sent Accounting-On or Accounting-Off: the session was closed with every other open one of it. */
    public record NasRebooted() implements Detail {
        @Override
        public SessionEventType type() {
            return SessionEventType.NAS_REBOOTED;
        }
    }

    /** The stale cleanup closed the session: no accounting for longer than the stale threshold. */
    public record ClosedAsStale() implements Detail {
        @Override
        public SessionEventType type() {
            return SessionEventType.CLOSED_AS_STALE;
        }
    }

    /** A Start of the same device (or a reused Acct-Session-Id) began session {@code by}, so this one was closed. */
    public record Superseded(SessionId by) implements Detail {
        public Superseded {
            InvalidValueException.require(by != null, "by", "must not be null");
        }

        @Override
        public SessionEventType type() {
            return SessionEventType.SUPERSEDED;
        }
    }

    /**
     * The session's measured quality crossed the operator's thresholds (p95 round trip or loss, see {@code
     * QualityPolicy}): {@code degraded} when a 5-minute bucket broke them after one that did not (or was the first),
     * recovered when one kept them again. The bucket's figures, null where unknown.
     */
    public record QualityChanged(boolean degraded, Double rttP95Millis, Double lossPercent) implements Detail {
        @Override
        public SessionEventType type() {
            return degraded ? SessionEventType.QUALITY_DEGRADED : SessionEventType.QUALITY_RECOVERED;
        }
    }

    /**
     * The API token that asked: its id and its name at the time (a label for people, or null), never its secret.
     * Null where a request names no token (an embedding system calling the use case itself).
     */
    public record Requester(TokenId tokenId, String tokenName) {
        public Requester {
            InvalidValueException.require(tokenId != null, "tokenId", "must not be null");
            ApiToken.requireName(tokenName);
        }

        /** The token of the caller, or null when the caller is the service itself. */
        public static Requester of(Principal caller) {
            return caller == null || caller.tokenId() == null
                    ? null
                    : new Requester(caller.tokenId(), caller.tokenName());
        }
    }

    /** A NAS's answer to a Disconnect- or CoA-Request, as kept on the timeline. */
    public record CoaAnswer(Outcome outcome, int errorCause) {
        public enum Outcome {
            ACK,
            NAK,
            TIMEOUT,
            FAILED
        }

        public CoaAnswer {
            InvalidValueException.require(outcome != null, "outcome", "must not be null");
            InvalidValueException.require(
                    errorCause == 0 || outcome == Outcome.NAK, "errorCause", "only a NAK has an Error-Cause");
            InvalidValueException.require(errorCause >= 0, "errorCause", "must not be negative");
        }

        public static CoaAnswer of(DisconnectResult result) {
            if (result instanceof DisconnectResult.Acked) {
                return new CoaAnswer(Outcome.ACK, 0);
            }
            if (result instanceof DisconnectResult.Nacked nak) {
                return new CoaAnswer(Outcome.NAK, Math.max(0, nak.errorCause()));
            }
            if (result instanceof DisconnectResult.TimedOut) {
                return new CoaAnswer(Outcome.TIMEOUT, 0);
            }
            return new CoaAnswer(Outcome.FAILED, 0);
        }
    }
}
