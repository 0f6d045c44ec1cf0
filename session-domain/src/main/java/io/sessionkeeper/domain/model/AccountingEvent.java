package io.sessionkeeper.domain.model;

import java.time.Instant;

/**
 * One Accounting-Request as the domain needs it, already authenticated and attributed to a registered NAS by the
 * adapter that received it. Values are as the NAS sent them; the domain decides what they mean (event time,
 * direction of counters, connection type, MAC normalisation).
 *
 * <p>Text values are what the adapter made of the NAS's octets for storage and display (RADIUS strings are UTF-8
 * octets; invalid sequences and control characters are replaced, see docs/accounting-rules.md); where that
 * changed User-Name or Acct-Session-Id, {@code original} keeps the octets as sent, for Disconnect/CoA.
 *
 * <p>Nullable: eventTimestamp, acctSessionId, username, nasPort, framedIp, callingStationId, sessionTime,
 * terminateCause, rateLimit, interimIntervalSeconds (Acct-Interim-Interval, positive when present), original. {@code
 * port} (NAS-Port-Id, Called-Station-Id, Host-IP), {@code link} (Service-Type, Framed-Protocol, NAS-Port-Type) and
 * {@code ipv6} are never null, their values are ({@link NasPort#NONE}, {@link LinkKind#NONE}, {@link
 * Ipv6Assignment#NONE} when the packet carried none). An event of a session type (Start, Interim-Update, Stop) without Acct-Session-Id is acknowledged and
 * ignored.
 */
public record AccountingEvent(
        Nas nas,
        AcctStatusType statusType,
        Instant receivedAt,
        Instant eventTimestamp,
        long delaySeconds,
        String acctSessionId,
        String username,
        NasPort port,
        Long nasPort,
        IpAddress framedIp,
        String callingStationId,
        RadiusCounters counters,
        Long sessionTime,
        Integer terminateCause,
        LinkKind link,
        String rateLimit,
        Integer interimIntervalSeconds,
        OriginalOctets original,
        Ipv6Assignment ipv6) {

    public AccountingEvent {
        if (ipv6 == null) {
            ipv6 = Ipv6Assignment.NONE;
        }
        if (port == null) {
            port = NasPort.NONE;
        }
        if (link == null) {
            link = LinkKind.NONE;
        }
        InvalidValueException.require(nas != null, "nas", "must not be null");
        InvalidValueException.require(statusType != null, "statusType", "must not be null");
        InvalidValueException.require(receivedAt != null, "receivedAt", "must not be null");
        InvalidValueException.require(delaySeconds >= 0, "delaySeconds", "must not be negative");
        InvalidValueException.require(sessionTime == null || sessionTime >= 0, "sessionTime", "must not be negative");
        InvalidValueException.require(
                interimIntervalSeconds == null || interimIntervalSeconds > 0,
                "interimIntervalSeconds",
                "must be positive");
        if (counters == null) {
            counters = RadiusCounters.ZERO;
        }
    }

    public static Builder builder(Nas nas, AcctStatusType statusType, Instant receivedAt) {
        return new Builder(nas, statusType, receivedAt);
    }

    /** Whether the event concerns one session (Start, Interim-Update, Stop) rather than the whole NAS. */
    public boolean isSessionEvent() {
        return statusType == AcctStatusType.START
                || statusType == AcctStatusType.INTERIM_UPDATE
                || statusType == AcctStatusType.STOP;
    }

    public boolean isNasEvent() {
        return statusType == AcctStatusType.ACCOUNTING_ON || statusType == AcctStatusType.ACCOUNTING_OFF;
    }

    /** Builds events attribute by attribute, as a decoder meets them. */
    public static final class Builder {
        private final Nas nas;
        private final AcctStatusType statusType;
        private final Instant receivedAt;
        private Instant eventTimestamp;
        private long delaySeconds;
        private String acctSessionId;
        private String username;
        private String nasPortId;
        private Long nasPort;
        private IpAddress framedIp;
        private String callingStationId;
        private String calledStationId;
        private long inputOctets;
        private long inputGigawords;
        private long outputOctets;
        private long outputGigawords;
        private long inputPackets;
        private long outputPackets;
        private Long sessionTime;
        private Integer terminateCause;
        private Integer serviceType;
        private Integer framedProtocol;
        private Integer nasPortType;
        private IpAddress hostIp;
        private String rateLimit;
        private Integer interimIntervalSeconds;
        private OriginalOctets original;
        private Ipv6Assignment ipv6;

        private Builder(Nas nas, AcctStatusType statusType, Instant receivedAt) {
            this.nas = nas;
            this.statusType = statusType;
            this.receivedAt = receivedAt;
        }

        public Builder eventTimestamp(Instant value) {
            this.eventTimestamp = value;
            return this;
        }

        public Builder delaySeconds(long value) {
            this.delaySeconds = value;
            return this;
        }

        public Builder acctSessionId(String value) {
            this.acctSessionId = value;
            return this;
        }

        public Builder username(String value) {
            this.username = value;
            return this;
        }

        public Builder nasPortId(String value) {
            this.nasPortId = value;
            return this;
        }

        public Builder nasPort(Long value) {
            this.nasPort = value;
            return this;
        }

        public Builder framedIp(IpAddress value) {
            this.framedIp = value;
            return this;
        }

        public Builder callingStationId(String value) {
            this.callingStationId = value;
            return this;
        }

        public Builder calledStationId(String value) {
            this.calledStationId = value;
            return this;
        }

        public Builder inputOctets(long octets, long gigawords) {
            this.inputOctets = octets;
            this.inputGigawords = gigawords;
            return this;
        }

        public Builder outputOctets(long octets, long gigawords) {
            this.outputOctets = octets;
            this.outputGigawords = gigawords;
            return this;
        }

        public Builder packets(long input, long output) {
            this.inputPackets = input;
            this.outputPackets = output;
            return this;
        }

        public Builder sessionTime(Long value) {
            this.sessionTime = value;
            return this;
        }

        public Builder terminateCause(Integer value) {
            this.terminateCause = value;
            return this;
        }

        public Builder serviceType(Integer value) {
            this.serviceType = value;
            return this;
        }

        public Builder framedProtocol(Integer value) {
            this.framedProtocol = value;
            return this;
        }

        public Builder nasPortType(Integer value) {
            this.nasPortType = value;
            return this;
        }

        public Builder hostIp(IpAddress value) {
            this.hostIp = value;
            return this;
        }

        public Builder rateLimit(String value) {
            this.rateLimit = value;
            return this;
        }

        public Builder interimIntervalSeconds(Integer value) {
            this.interimIntervalSeconds = value;
            return this;
        }

        public Builder original(OriginalOctets value) {
            this.original = value;
            return this;
        }

        public Builder ipv6(Ipv6Assignment value) {
            this.ipv6 = value;
            return this;
        }

        public AccountingEvent build() {
            return new AccountingEvent(
                    nas,
                    statusType,
                    receivedAt,
                    eventTimestamp,
                    delaySeconds,
                    acctSessionId,
                    username,
                    new NasPort(nasPortId, calledStationId, hostIp),
                    nasPort,
                    framedIp,
                    callingStationId,
                    new RadiusCounters(
                            inputOctets, inputGigawords, outputOctets, outputGigawords, inputPackets, outputPackets),
                    sessionTime,
                    terminateCause,
                    new LinkKind(serviceType, framedProtocol, nasPortType),
                    rateLimit,
                    interimIntervalSeconds,
                    original,
                    ipv6);
        }
    }
}
