package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.interim;
import static io.sessionkeeper.domain.testing.Fixtures.start;
import static io.sessionkeeper.domain.testing.Fixtures.stop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.ForbiddenException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Ipv6Assignment;
import io.sessionkeeper.domain.model.Ipv6Prefix;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase.Answer;
import io.sessionkeeper.domain.port.in.LookupAddressUseCase.Holder;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryAddressHistory;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.MutableClock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AddressLookupServiceTest {
    private static final IpAddress A = IpAddress.parse("100.64.12.7");
    private static final IpAddress B = IpAddress.parse("100.64.12.8");
    private final Nas nas = Fixtures.nas("Edge", "192.0.2.40");
    private final Nas otherTenantsNas = Fixtures.nas(Fixtures.OTHER_TENANT, "Globex Edge", "192.0.2.41");
    private final Principal lookup =
            new Principal(new TokenId(UUID.randomUUID()), TENANT, Set.of(Permission.SESSIONS_LOOKUP));
    private InMemorySessionRepository sessions;
    private InMemoryAddressHistory history;
    private AddressLookupService service;
    private AccountingService accounting;

    @BeforeEach
    void setUp() {
        sessions = new InMemorySessionRepository();
        history = new InMemoryAddressHistory(sessions);
        InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
        nasDirectory.save(nas);
        service = new AddressLookupService(
                history,
                history,
                nasDirectory,
                new InMemoryCustomerDirectory(),
                new MutableClock(T0.plusSeconds(86_400)));
        accounting = new AccountingService(sessions, AccountingPolicy.DEFAULT);
    }

    private void track(AccountingEvent.Builder... events) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(events).map(AccountingEvent.Builder::build).toList()));
    }

    private java.util.List<String> who(IpAddress address, Instant at) {
        return service.lookup(lookup, address, at).holders().stream()
                .map(h -> h.view().session().username())
                .toList();
    }

    @Test
    void anAddressReusedByALaterSessionIsTheLaterOnesFromItsStartAndTheEarlierOnesUntilItsStop() {
        track(start(nas, "alice", "S1", T0).framedIp(A));
        track(stop(nas, "alice", "S1", T0.plusSeconds(3600), 3600).framedIp(A));
        track(start(nas, "bob", "S2", T0.plusSeconds(3600)).framedIp(A));

        assertThat(who(A, T0.minusSeconds(1))).isEmpty();
        assertThat(who(A, T0)).containsExactly("alice"); // the start is in
        assertThat(who(A, T0.plusSeconds(3599))).containsExactly("alice");
        assertThat(who(A, T0.plusSeconds(3600))).containsExactly("bob"); // the stop is out, the next start in
        assertThat(who(A, T0.plusSeconds(80_000))).containsExactly("bob"); // still open

        Holder alice = service.lookup(lookup, A, T0.plusSeconds(10)).holders().get(0);
        assertThat(alice.heldFrom()).isEqualTo(T0);
        assertThat(alice.heldUntil()).isEqualTo(T0.plusSeconds(3600));
        assertThat(alice.view().nas()).isEqualTo(nas);
    }

    @Test
    void anIpChangeMidSessionHandsTheOldAddressBackAtTheChangeAndTheNewOneFromIt() {
        track(start(nas, "carol", "S3", T0).framedIp(A));
        track(interim(nas, "carol", "S3", T0.plusSeconds(600), 600).framedIp(B));

        assertThat(who(A, T0.plusSeconds(599))).containsExactly("carol");
        assertThat(who(A, T0.plusSeconds(600))).isEmpty();
        assertThat(who(B, T0.plusSeconds(599))).isEmpty();
        assertThat(who(B, T0.plusSeconds(600))).containsExactly("carol");

        Holder before = service.lookup(lookup, A, T0).holders().get(0);
        assertThat(before.heldUntil()).isEqualTo(T0.plusSeconds(600));
        Holder after = service.lookup(lookup, B, T0.plusSeconds(700)).holders().get(0);
        assertThat(after.heldFrom()).isEqualTo(T0.plusSeconds(600));
        assertThat(after.heldUntil()).isNull();
    }

    @Test
    void anotherTenantsSessionWithTheAddressIsNeverNamed() {
        track(start(otherTenantsNas, "mallory", "X1", T0).framedIp(A));

        assertThat(who(A, T0.plusSeconds(1))).isEmpty();
    }

    @Test
    void everyLookUpIsAuditedWithWhoWhatWhenAndHowManyItNamed() {
        track(start(nas, "alice", "S1", T0).framedIp(A));

        Answer answer = service.lookup(lookup, A, T0.plusSeconds(5));
        service.lookup(lookup, B, null);

        assertThat(answer.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(history.audited()).hasSize(2);
        var first = history.audited().get(0);
        assertThat(first.tenant()).isEqualTo(TENANT);
        assertThat(first.token()).isEqualTo(lookup.tokenId());
        assertThat(first.address()).isEqualTo(A);
        assertThat(first.at()).isEqualTo(T0.plusSeconds(5));
        assertThat(first.askedAt()).isEqualTo(T0.plusSeconds(86_400));
        assertThat(first.found()).isEqualTo(1);
        assertThat(history.audited().get(1).at()).as("no instant: now").isEqualTo(T0.plusSeconds(86_400));
        assertThat(history.audited().get(1).found()).isZero();
    }

    @Test
    void aCallerWithoutThePermissionOrAnInstantInTheFutureIsRefusedAndNotAnswered() {
        Principal reader =
                new Principal(new TokenId(UUID.randomUUID()), TENANT, Set.of(Permission.DASHBOARD_ACTIVE_SESSIONS));

        assertThatThrownBy(() -> service.lookup(reader, A, T0)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> service.lookup(lookup, A, T0.plusSeconds(86_401)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("at");
        assertThat(history.audited()).isEmpty();
    }

    private static Ipv6Assignment v6(String address, String framedPrefix, String delegatedPrefix) {
        return new Ipv6Assignment(
                address == null ? null : IpAddress.parse(address),
                framedPrefix == null ? null : Ipv6Prefix.parse("prefix", framedPrefix),
                delegatedPrefix == null ? null : Ipv6Prefix.parse("prefix", delegatedPrefix));
    }

    @Test
    void anIpv6AddressIsHeldByTheSessionWhosePrefixContainsItFromItsStartUntilItsStop() {
        track(start(nas, "dave", "S6", T0).ipv6(v6(null, "2001:db8:1::/64", "2001:db8:100::/56")));
        track(stop(nas, "dave", "S6", T0.plusSeconds(3600), 3600));
        track(start(nas, "erin", "S7", T0.plusSeconds(3600)).ipv6(v6(null, null, "2001:db8:100::/56")));

        IpAddress inDelegated = IpAddress.parse("2001:db8:100:ff:1234::1");
        assertThat(who(inDelegated, T0.minusSeconds(1))).isEmpty();
        assertThat(who(inDelegated, T0)).containsExactly("dave"); // the start is in
        assertThat(who(inDelegated, T0.plusSeconds(3599))).containsExactly("dave");
        assertThat(who(inDelegated, T0.plusSeconds(3600))).containsExactly("erin"); // the stop is out
        assertThat(who(IpAddress.parse("2001:db8:1::abcd"), T0.plusSeconds(10))).containsExactly("dave");
        // just outside the /56: the next /56 up, and the last address below it
        assertThat(who(IpAddress.parse("2001:db8:100:100::"), T0.plusSeconds(10)))
                .isEmpty();
        assertThat(who(IpAddress.parse("2001:db8:ff:ffff:ffff:ffff:ffff:ffff"), T0.plusSeconds(10)))
                .isEmpty();

        Holder dave = service.lookup(lookup, inDelegated, T0.plusSeconds(10))
                .holders()
                .get(0);
        assertThat(dave.heldFrom()).isEqualTo(T0);
        assertThat(dave.heldUntil()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void aFramedIpv6AddressIsA128OnlyItselfAndAnIpv4LookUpNeverMatchesIpv6() {
        track(start(nas, "frank", "S8", T0).framedIp(A).ipv6(v6("2001:db8::7", null, null)));

        assertThat(who(IpAddress.parse("2001:db8::7"), T0.plusSeconds(1))).containsExactly("frank");
        assertThat(who(IpAddress.parse("2001:db8::6"), T0.plusSeconds(1))).isEmpty();
        assertThat(who(IpAddress.parse("2001:db8::8"), T0.plusSeconds(1))).isEmpty();
        assertThat(who(A, T0.plusSeconds(1))).containsExactly("frank");
    }

    @Test
    void theLastIpv6PrefixSeenIsTheOneLookedUpAndAnInterimWithoutOneKeepsIt() {
        track(start(nas, "gina", "S9", T0).ipv6(v6(null, null, "2001:db8:200::/56")));
        track(interim(nas, "gina", "S9", T0.plusSeconds(300), 300));

        assertThat(who(IpAddress.parse("2001:db8:200::1"), T0.plusSeconds(400))).containsExactly("gina");

        track(interim(nas, "gina", "S9", T0.plusSeconds(600), 600).ipv6(v6(null, null, "2001:db8:300::/56")));

        // not an event: the session is named for its last prefix over the whole session (ADR 0046)
        assertThat(who(IpAddress.parse("2001:db8:200::1"), T0.plusSeconds(400))).isEmpty();
        assertThat(who(IpAddress.parse("2001:db8:300::1"), T0.plusSeconds(400))).containsExactly("gina");
    }
}
