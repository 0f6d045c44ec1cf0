package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.NasPort;
import io.sessionkeeper.domain.model.OriginalOctets;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Usage;
import java.time.Instant;

/** A builder of sessions for the adapter tests: an open PPPoE session unless told otherwise. */
final class TestSessions {
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private SessionId id = SessionId.random();
    private TenantId tenant = TenantId.DEFAULT;
    private NasId nasId = new NasId(new java.util.UUID(1, 1));
    private String username = "alice";
    private String acctSessionId = "8100001A";
    private String nasPortId = "ether1";
    private SessionKey key;
    private IpAddress framedIp;
    private MacAddress mac;
    private ConnectionType connectionType = ConnectionType.PPPOE;
    private Instant start = T0;
    private boolean startSettled = true;
    private Instant stop;
    private Instant lastUpdate;
    private Usage usage = Usage.ZERO;
    private long sessionTime;
    private TerminateCause cause;
    private String calledStationId;
    private IpAddress hostIp;
    private String rateLimit;
    private OriginalOctets original;
    private java.time.Duration interimInterval;
    private io.sessionkeeper.domain.model.Ipv6Assignment ipv6;

    static TestSessions session() {
        return new TestSessions();
    }

    static TestSessions of(Session s) {
        TestSessions b = new TestSessions();
        b.id = s.id();
        b.tenant = s.tenant();
        b.nasId = s.nasId();
        b.key = s.key();
        b.acctSessionId = s.acctSessionId();
        b.username = s.username();
        b.framedIp = s.framedIp();
        b.mac = s.macAddress();
        b.connectionType = s.connectionType();
        b.start = s.startTime();
        b.startSettled = s.startSettled();
        b.stop = s.stopTime();
        b.lastUpdate = s.lastUpdate();
        b.usage = s.usage();
        b.sessionTime = s.sessionTimeSeconds();
        b.cause = s.terminateCause();
        b.calledStationId = s.port().calledStationId();
        b.nasPortId = s.port().nasPortId();
        b.hostIp = s.port().hostIp();
        b.rateLimit = s.rateLimit();
        b.ipv6 = s.ipv6();
        return b;
    }

    TestSessions id(SessionId value) {
        id = value;
        return this;
    }

    TestSessions tenant(TenantId value) {
        tenant = value;
        return this;
    }

    TestSessions nas(NasId value) {
        nasId = value;
        return this;
    }

    TestSessions username(String value) {
        username = value;
        return this;
    }

    TestSessions acctSessionId(String value) {
        acctSessionId = value;
        return this;
    }

    TestSessions key(SessionKey value) {
        key = value;
        return this;
    }

    TestSessions framedIp(String value) {
        framedIp = value == null ? null : IpAddress.parse(value);
        return this;
    }

    TestSessions mac(String value) {
        mac = value == null ? null : MacAddress.parse(value);
        return this;
    }

    TestSessions type(ConnectionType value) {
        connectionType = value;
        return this;
    }

    TestSessions start(Instant value) {
        start = value;
        return this;
    }

    /** A start implied by an Interim-Update or Stop (no Start recorded), which may still move earlier. */
    TestSessions unsettledStart(Instant value) {
        start = value;
        startSettled = false;
        return this;
    }

    TestSessions lastUpdate(Instant value) {
        lastUpdate = value;
        return this;
    }

    TestSessions stopped(Instant at, TerminateCause why) {
        stop = at;
        cause = why;
        return this;
    }

    TestSessions usage(long download, long upload) {
        usage = new Usage(download, upload, download / 1000, upload / 1000);
        return this;
    }

    TestSessions usage(Usage value) {
        usage = value;
        return this;
    }

    TestSessions sessionTime(long seconds) {
        sessionTime = seconds;
        return this;
    }

    TestSessions calledStationId(String value) {
        calledStationId = value;
        return this;
    }

    TestSessions nasPortId(String value) {
        nasPortId = value;
        return this;
    }

    TestSessions hostIp(String value) {
        hostIp = value == null ? null : IpAddress.parse(value);
        return this;
    }

    TestSessions rateLimit(String value) {
        rateLimit = value;
        return this;
    }

    TestSessions ipv6(String address, String framedPrefix, String delegatedPrefix) {
        ipv6 = new io.sessionkeeper.domain.model.Ipv6Assignment(
                address == null ? null : IpAddress.parse(address),
                framedPrefix == null ? null : io.sessionkeeper.domain.model.Ipv6Prefix.parse("prefix", framedPrefix),
                delegatedPrefix == null
                        ? null
                        : io.sessionkeeper.domain.model.Ipv6Prefix.parse("prefix", delegatedPrefix));
        return this;
    }

    TestSessions ipv6(io.sessionkeeper.domain.model.Ipv6Assignment value) {
        ipv6 = value;
        return this;
    }

    TestSessions interimInterval(java.time.Duration value) {
        interimInterval = value;
        return this;
    }

    TestSessions original(OriginalOctets value) {
        original = value;
        return this;
    }

    Session build() {
        SessionKey k = key != null ? key : SessionKey.derive(nasId, username, acctSessionId, nasPortId, null);
        Instant seen = lastUpdate != null ? lastUpdate : (stop != null ? stop : start);
        return new Session(
                id,
                tenant,
                nasId,
                k,
                acctSessionId,
                username,
                framedIp,
                mac,
                connectionType,
                start,
                startSettled,
                stop,
                seen,
                usage,
                sessionTime,
                cause,
                new NasPort(nasPortId, calledStationId, hostIp),
                rateLimit,
                original,
                interimInterval,
                ipv6);
    }
}
