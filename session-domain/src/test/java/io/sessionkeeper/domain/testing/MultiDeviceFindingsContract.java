package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.MultiDeviceRule.Finding;
import io.sessionkeeper.domain.model.MultiDeviceRule.Reason;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.port.out.MultiDeviceFindings;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MultiDeviceFindings} must do. A subclass supplies an empty store with the session repository and
 * NAS directory the store reads (evidence, tenants).
 */
public abstract class MultiDeviceFindingsContract {
    public record Stores(MultiDeviceFindings findings, SessionRepository sessions, NasDirectory nasDirectory) {}

    private static final Instant NOW = Instant.parse("2026-03-31T10:00:00Z");

    private MultiDeviceFindings findings;
    private SessionRepository sessions;
    private final Nas main = Fixtures.nas("Main", "192.0.2.170");
    private final Nas other = Fixtures.nas(OTHER_TENANT, "Other", "192.0.2.171");
    private int serial;

    /** Empty stores; called before each test. */
    protected abstract Stores createStores();

    @BeforeEach
    void setUpContract() {
        Stores stores = createStores();
        findings = stores.findings();
        sessions = stores.sessions();
        stores.nasDirectory().save(main);
        stores.nasDirectory().save(other);
    }

    private Session open(Nas nas, String user, String mac) {
        Session session = Fixtures.session(nas)
                .acctSessionId("md" + serial++)
                .username(user)
                .mac(mac)
                .framedIp("10.9.0." + serial)
                .start(NOW.minusSeconds(3_600 + serial))
                .lastUpdate(NOW.minusSeconds(60))
                .build();
        sessions.writeAtomically(Set.of(), w -> {
            w.saveAll(List.of(session));
            return null;
        });
        return session;
    }

    private static Finding finding(String user, int score, Set<Reason> reasons, Session... evidence) {
        return Finding.of(
                user,
                evidence.length,
                score,
                reasons,
                1,
                List.of(evidence).stream().map(DeviceSession::of).toList());
    }

    private static MultiDeviceScan scan(Instant at, int candidates, boolean truncated) {
        return new MultiDeviceScan(at, Duration.ofHours(24), 3, candidates, truncated, Duration.ofMillis(1_234));
    }

    @Test
    void aTenantNeverScannedHasNoScanAndNoFindings() {
        MultiDeviceFindings.Stored stored = findings.read(TENANT, 0, 20);

        assertThat(stored.scan()).isEmpty();
        assertThat(stored.total()).isZero();
        assertThat(stored.findings()).isEmpty();
    }

    @Test
    void tenantsToScanAreThoseWithANasAndThoseWithAScan() {
        TenantId gone = TenantId.of("gone-isp");
        findings.replace(gone, scan(NOW, 0, false), List.of());

        assertThat(findings.tenantsToScan()).containsExactlyInAnyOrder(TENANT, OTHER_TENANT, gone);
    }

    @Test
    void findingsComeByScoreThenUserNameWithTheirEvidenceInOrderAndTheScan() {
        Session b1 = open(main, "bob", "00:11:22:33:44:01");
        Session b2 = open(main, "bob", "00:11:22:33:44:02");
        Session a1 = open(main, "amy", "00:11:22:33:44:03");
        Session a2 = open(main, "amy", "00:11:22:33:44:04");
        Session c1 = open(main, "cid", "00:11:22:33:44:05");
        Session c2 = open(main, "cid", "00:11:22:33:44:06");
        EnumSet<Reason> both =
                EnumSet.of(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC, Reason.CONCURRENT_SESSIONS_DIFFERENT_NAS);
        findings.replace(
                TENANT,
                scan(NOW, 7, true),
                List.of(
                        finding("cid", 50, Set.of(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC), c1, c2),
                        finding("bob", 80, both, b2, b1),
                        finding("amy", 50, Set.of(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC), a1, a2)));

        MultiDeviceFindings.Stored first = findings.read(TENANT, 0, 2);
        MultiDeviceFindings.Stored rest = findings.read(TENANT, 2, 2);

        assertThat(first.scan()).contains(scan(NOW, 7, true));
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.findings()).extracting(Finding::username).containsExactly("bob", "amy");
        assertThat(rest.findings()).extracting(Finding::username).containsExactly("cid");
        Finding bob = first.findings().get(0);
        assertThat(bob.score()).isEqualTo(80);
        assertThat(bob.reasons()).isEqualTo(both);
        assertThat(bob.activeSessions()).isEqualTo(2);
        assertThat(bob.randomizedMacs()).isEqualTo(1);
        assertThat(bob.sessions()).containsExactly(DeviceSession.of(b2), DeviceSession.of(b1));
        assertThat(bob.macs()).extracting(Object::toString).containsExactly("00:11:22:33:44:02", "00:11:22:33:44:01");
        assertThat(bob.ips()).containsExactly(b2.framedIp(), b1.framedIp());
        assertThat(bob.nasIds()).containsExactly(main.id());
    }

    @Test
    void aScanReplacesTheLastOneWhollyAndOnlyItsTenants() {
        Session b1 = open(main, "bob", "00:11:22:33:44:01");
        Session b2 = open(main, "bob", "00:11:22:33:44:02");
        Session o1 = open(other, "bob", "00:11:22:33:44:01");
        Session o2 = open(other, "bob", "00:11:22:33:44:02");
        Set<Reason> mac = Set.of(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC);
        findings.replace(TENANT, scan(NOW, 2, false), List.of(finding("bob", 50, mac, b1, b2)));
        findings.replace(OTHER_TENANT, scan(NOW, 1, false), List.of(finding("bob", 50, mac, o1, o2)));

        findings.replace(TENANT, scan(NOW.plusSeconds(300), 0, false), List.of());

        assertThat(findings.read(TENANT, 0, 20).total()).isZero();
        assertThat(findings.read(TENANT, 0, 20).scan()).contains(scan(NOW.plusSeconds(300), 0, false));
        MultiDeviceFindings.Stored others = findings.read(OTHER_TENANT, 0, 20);
        assertThat(others.findings()).hasSize(1);
        assertThat(others.findings().get(0).sessions()).containsExactly(DeviceSession.of(o1), DeviceSession.of(o2));
    }

    @Test
    void evidenceIsReadAsTheSessionsAreNow() {
        Session b1 = open(main, "bob", "00:11:22:33:44:01");
        Session b2 = open(main, "bob", "00:11:22:33:44:02");
        findings.replace(
                TENANT,
                scan(NOW, 1, false),
                List.of(finding("bob", 50, Set.of(Reason.CONCURRENT_SESSIONS_DIFFERENT_MAC), b1, b2)));

        Session closed = sessions.close(TENANT, b2.id(), NOW.plusSeconds(30), TerminateCause.ADMIN_TERMINATE)
                .orElseThrow();

        assertThat(findings.read(TENANT, 0, 20).findings().get(0).sessions())
                .containsExactly(DeviceSession.of(b1), DeviceSession.of(closed));
        assertThat(closed.stopTime()).isEqualTo(NOW.plusSeconds(30));
    }
}
