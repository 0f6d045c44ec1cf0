package io.sessionkeeper.domain.testing;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPort;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.ServicePackage;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Usage;
import java.time.Instant;

/** Test data: tenants, NAS, customers, sessions and accounting events with sensible defaults. */
public final class Fixtures {
    public static final TenantId TENANT = TenantId.of("acme");
    public static final TenantId OTHER_TENANT = TenantId.of("globex");
    public static final Instant T0 = Instant.parse("2026-01-04T10:00:00Z");

    private Fixtures() {}

    public static Nas nas(TenantId tenant, String name, String ip) {
        return new Nas(
                NasId.random(),
                tenant,
                name,
                IpAddress.parse(ip),
                "s3cret",
                Nas.DEFAULT_COA_PORT,
                NasVendor.MIKROTIK,
                null,
                false,
                null,
                false);
    }

    public static Nas nas(String name, String ip) {
        return nas(TENANT, name, ip);
    }

    public static Customer customer(TenantId tenant, String username) {
        return new Customer(
                CustomerId.random(),
                tenant,
                username,
                "Customer " + username,
                "+254700000000",
                username + "@example.com",
                new ServicePackage("10 Mbps Home", 10, 10));
    }

    public static SessionBuilder session(Nas nas) {
        return new SessionBuilder(nas);
    }

    /** An event as a NAS would send it at {@code at}, with Event-Timestamp set; add attributes on the builder. */
    public static AccountingEvent.Builder event(
            Nas nas, AcctStatusType type, String username, String acctSessionId, Instant at) {
        return AccountingEvent.builder(nas, type, at)
                .username(username)
                .acctSessionId(acctSessionId)
                .eventTimestamp(at);
    }

    public static AccountingEvent.Builder start(Nas nas, String username, String acctSessionId, Instant at) {
        return event(nas, AcctStatusType.START, username, acctSessionId, at).framedProtocol(1);
    }

    public static AccountingEvent.Builder interim(
            Nas nas, String username, String acctSessionId, Instant at, long sessionTime) {
        return event(nas, AcctStatusType.INTERIM_UPDATE, username, acctSessionId, at)
                .framedProtocol(1)
                .sessionTime(sessionTime);
    }

    public static AccountingEvent.Builder stop(
            Nas nas, String username, String acctSessionId, Instant at, long sessionTime) {
        return event(nas, AcctStatusType.STOP, username, acctSessionId, at)
                .framedProtocol(1)
                .sessionTime(sessionTime)
                .terminateCause(1);
    }

    /** Sessions with defaults: an active PPPoE session of "customer001" started at {@link #T0}. */
    public static final class SessionBuilder {
        private SessionId id = SessionId.random();
        private final Nas nas;
        private String acctSessionId = "8100001A";
        private String username = "customer001";
        private IpAddress framedIp = IpAddress.parse("10.5.50.100");
        private MacAddress mac = MacAddress.parse("00:11:22:33:44:55");
        private ConnectionType type = ConnectionType.PPPOE;
        private Instant start = T0;
        private boolean startSettled = true;
        private Instant stop;
        private Instant lastUpdate;
        private Usage usage = Usage.ZERO;
        private long sessionTime;
        private TerminateCause cause;
        private OriginalOctets original;
        private java.time.Duration interimInterval;
        private io.sessionkeeper.domain.model.Ipv6Assignment ipv6;

        private SessionBuilder(Nas nas) {
            this.nas = nas;
        }

        public SessionBuilder id(SessionId value) {
            this.id = value;
            return this;
        }

        public SessionBuilder acctSessionId(String value) {
            this.acctSessionId = value;
            return this;
        }

        public SessionBuilder username(String value) {
            this.username = value;
            return this;
        }

        public SessionBuilder framedIp(String value) {
            this.framedIp = value == null ? null : IpAddress.parse(value);
            return this;
        }

        public SessionBuilder mac(String value) {
            this.mac = value == null ? null : MacAddress.parse(value);
            return this;
        }

        public SessionBuilder type(ConnectionType value) {
            this.type = value;
            return this;
        }

        public SessionBuilder start(Instant value) {
            this.start = value;
            return this;
        }

        /** A start implied by an Interim-Update or Stop (no Start recorded), which may still move earlier. */
        public SessionBuilder unsettledStart(Instant value) {
            this.start = value;
            this.startSettled = false;
            return this;
        }

        public SessionBuilder lastUpdate(Instant value) {
            this.lastUpdate = value;
            return this;
        }

        public SessionBuilder stopped(Instant at, TerminateCause why) {
            this.stop = at;
            this.cause = why;
            return this;
        }

        public SessionBuilder usage(long download, long upload) {
            this.usage = new Usage(download, upload, download / 1000, upload / 1000);
            return this;
        }

        public SessionBuilder sessionTime(long value) {
            this.sessionTime = value;
            return this;
        }

        public SessionBuilder interimInterval(java.time.Duration value) {
            this.interimInterval = value;
            return this;
        }

        public SessionBuilder ipv6(String address, String framedPrefix, String delegatedPrefix) {
            this.ipv6 = new io.sessionkeeper.domain.model.Ipv6Assignment(
                    address == null ? null : IpAddress.parse(address),
                    framedPrefix == null
                            ? null
                            : io.sessionkeeper.domain.model.Ipv6Prefix.parse("prefix", framedPrefix),
                    delegatedPrefix == null
                            ? null
                            : io.sessionkeeper.domain.model.Ipv6Prefix.parse("prefix", delegatedPrefix));
            return this;
        }

        public SessionBuilder original(OriginalOctets value) {
            this.original = value;
            return this;
        }

        public Session build() {
            Instant seen = lastUpdate != null ? lastUpdate : (stop != null ? stop : start);
            return new Session(
                    id,
                    nas.tenant(),
                    nas.id(),
                    SessionKey.derive(nas.id(), username, acctSessionId, null, null),
                    acctSessionId,
                    username,
                    framedIp,
                    mac,
                    type,
                    start,
                    startSettled,
                    stop,
                    seen,
                    usage,
                    sessionTime,
                    cause,
                    new NasPort("ether1", "pppoe1", null),
                    null,
                    original,
                    interimInterval,
                    ipv6);
        }
    }
}
