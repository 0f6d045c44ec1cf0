package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.interim;
import static io.sessionkeeper.domain.testing.Fixtures.start;
import static io.sessionkeeper.domain.testing.Fixtures.stop;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase.Holder;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.AddressLookupService;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Who had this address at that instant" over PostgreSQL: the store's narrowing and the domain's rule together. */
class PostgresAddressHistoryTest {
    private static final IpAddress A = IpAddress.parse("100.64.12.7");
    private static final IpAddress B = IpAddress.parse("100.64.12.8");
    private final TestDatabase database = TestDatabase.get();
    private final Nas nas = Fixtures.nas("Edge", "192.0.2.40");
    private final Nas otherTenantsNas = Fixtures.nas(Fixtures.OTHER_TENANT, "Globex Edge", "192.0.2.41");
    private final Principal caller = new Principal(
                    new TokenId(UUID.randomUUID()), TENANT, Set.of(Permission.SESSIONS_LOOKUP))
            .withClientAddress(IpAddress.parse("198.51.100.9"));
    private AccountingService accounting;
    private AddressLookupService service;

    @BeforeEach
    void setUp() {
        database.truncate();
        PostgresNasDirectory nasDirectory = new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER);
        nasDirectory.save(nas);
        accounting =
                new AccountingService(new PostgresSessionRepository(database.dataSource()), AccountingPolicy.DEFAULT);
        service = new AddressLookupService(
                new PostgresAddressHistory(database.dataSource()),
                new PostgresAddressLookupAudit(database.dataSource()),
                nasDirectory,
                new PostgresCustomerDirectory(database.dataSource()),
                new MutableClock(T0.plusSeconds(86_400)));
    }

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
    }

    private List<String> who(IpAddress address, Instant at) {
        return service.lookup(caller, address, at).holders().stream()
                .map(h -> h.view().session().username())
                .toList();
    }

    @Test
    void exactAtTheBoundariesOfAReusedAddress() {
        track(start(nas, "alice", "S1", T0).framedIp(A));
        track(stop(nas, "alice", "S1", T0.plusSeconds(3600), 3600).framedIp(A));
        track(start(nas, "bob", "S2", T0.plusSeconds(3600)).framedIp(A));
        track(start(otherTenantsNas, "mallory", "X1", T0).framedIp(A));

        assertThat(who(A, T0.minusSeconds(1))).isEmpty();
        assertThat(who(A, T0)).containsExactly("alice");
        assertThat(who(A, T0.plusSeconds(3600).minusNanos(1_000))).containsExactly("alice");
        assertThat(who(A, T0.plusSeconds(3600))).containsExactly("bob");

        Holder alice = service.lookup(caller, A, T0).holders().get(0);
        assertThat(alice.heldUntil()).isEqualTo(T0.plusSeconds(3600));
        assertThat(alice.view().nas().name()).isEqualTo("Edge");
    }

    @Test
    void theAddressASessionHadBeforeAnIpChangeIsFoundThroughTheChange() {
        track(start(nas, "carol", "S3", T0).framedIp(A));
        track(interim(nas, "carol", "S3", T0.plusSeconds(600), 600).framedIp(B));

        assertThat(who(A, T0.plusSeconds(300))).containsExactly("carol");
        assertThat(who(A, T0.plusSeconds(600))).isEmpty();
        assertThat(who(B, T0.plusSeconds(600))).containsExactly("carol");
    }

    private static Ipv6Assignment v6(String address, String framedPrefix, String delegatedPrefix) {
        return new Ipv6Assignment(
                address == null ? null : IpAddress.parse(address),
                framedPrefix == null ? null : Ipv6Prefix.parse("prefix", framedPrefix),
                delegatedPrefix == null ? null : Ipv6Prefix.parse("prefix", delegatedPrefix));
    }

    @Test
    void anIpv6AddressIsFoundInsideTheDelegatedOrFramedPrefixExactAtTheBoundaries() {
        track(start(nas, "dave", "S6", T0).framedIp(A).ipv6(v6(null, "2001:db8:1::/64", "2001:db8:100::/56")));
        track(interim(nas, "dave", "S6", T0.plusSeconds(600), 600)); // no IPv6 attributes: kept
        track(stop(nas, "dave", "S6", T0.plusSeconds(3600), 3600));
        track(start(nas, "erin", "S7", T0.plusSeconds(3600)).ipv6(v6(null, null, "2001:db8:100::/56")));
        track(start(otherTenantsNas, "mallory", "X6", T0).ipv6(v6(null, null, "2001:db8:100::/56")));

        IpAddress inside = IpAddress.parse("2001:db8:100:ff:ffff:ffff:ffff:ffff"); // the last address of the /56
        assertThat(who(inside, T0.minusSeconds(1))).isEmpty();
        assertThat(who(inside, T0)).containsExactly("dave");
        assertThat(who(inside, T0.plusSeconds(3600).minusNanos(1_000))).containsExactly("dave");
        assertThat(who(inside, T0.plusSeconds(3600))).containsExactly("erin");
        assertThat(who(IpAddress.parse("2001:db8:100::"), T0.plusSeconds(10))).containsExactly("dave");
        assertThat(who(IpAddress.parse("2001:db8:1:0:a::1"), T0.plusSeconds(10)))
                .containsExactly("dave");
        // just outside: the next /56, the address before it, and the next /64 of the framed prefix
        assertThat(who(IpAddress.parse("2001:db8:100:100::"), T0.plusSeconds(10)))
                .isEmpty();
        assertThat(who(IpAddress.parse("2001:db8:ff:ffff:ffff:ffff:ffff:ffff"), T0.plusSeconds(10)))
                .isEmpty();
        assertThat(who(IpAddress.parse("2001:db8:1:1::"), T0.plusSeconds(10))).isEmpty();

        Holder dave =
                service.lookup(caller, inside, T0.plusSeconds(10)).holders().get(0);
        assertThat(dave.heldFrom()).isEqualTo(T0);
        assertThat(dave.heldUntil()).isEqualTo(T0.plusSeconds(3600));
        assertThat(dave.view().session().ipv6()).isEqualTo(v6(null, "2001:db8:1::/64", "2001:db8:100::/56"));
    }

    @Test
    void aFramedIpv6AddressAndA128PrefixAreOneAddressEach() {
        track(start(nas, "frank", "S8", T0).ipv6(v6("2001:db8::7", "2001:db8::9/128", null)));

        assertThat(who(IpAddress.parse("2001:db8::7"), T0.plusSeconds(1))).containsExactly("frank");
        assertThat(who(IpAddress.parse("2001:db8::9"), T0.plusSeconds(1))).containsExactly("frank");
        assertThat(who(IpAddress.parse("2001:db8::8"), T0.plusSeconds(1))).isEmpty();
        assertThat(who(IpAddress.parse("2001:db8::6"), T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void sessionsLeftOpenByLostStopsNeverPushOutTheOneThatHoldsTheAddressNow() {
        AccountingEvent.Builder[] stale = new AccountingEvent.Builder[101];
        for (int i = 0; i < stale.length; i++) {
            stale[i] = start(nas, "old" + i, "O" + i, T0.minusSeconds(86_400L * 400 - i))
                    .framedIp(A);
        }
        track(stale);
        track(start(nas, "zed", "Z1", T0).framedIp(A));

        var answer = service.lookup(caller, A, T0.plusSeconds(1));

        assertThat(answer.truncated()).isTrue();
        assertThat(answer.holders()).hasSize(100);
        assertThat(answer.holders().get(0).view().session().username()).isEqualTo("zed");
    }

    @Test
    void eachLookUpLeavesOneAuditRow() throws Exception {
        track(start(nas, "alice", "S1", T0).framedIp(A));

        who(A, T0.plusSeconds(5));

        try (Connection connection = database.dataSource().getConnection();
                Statement st = connection.createStatement();
                ResultSet row = st.executeQuery("SELECT tenant_id, token_id, host(client_address), host(address),"
                        + " address_at, asked_at, found FROM address_lookup_audit")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo(TENANT.value());
            assertThat(row.getObject(2)).isEqualTo(caller.tokenId().value());
            assertThat(row.getString(3)).isEqualTo("198.51.100.9");
            assertThat(row.getString(4)).isEqualTo("100.64.12.7");
            assertThat(row.getTimestamp(5).toInstant()).isEqualTo(T0.plusSeconds(5));
            assertThat(row.getTimestamp(6).toInstant()).isEqualTo(T0.plusSeconds(86_400));
            assertThat(row.getInt(7)).isEqualTo(1);
            assertThat(row.next()).isFalse();
        }
    }
}
