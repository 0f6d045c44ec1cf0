package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.interim;
import static io.sessionkeeper.domain.testing.Fixtures.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.StaleSessionCleanupService;
import io.sessionkeeper.domain.service.StaleSessionPolicy;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.MutableClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The accounting rules' timeline events on PostgreSQL: written by the accounting unit in its own transaction, in one
 * statement and only for the rare rows (an IP change, a superseded session), by the bounded closes with their close,
 * and gone with their session.
 */
class SessionEventRecordingTest {
    private final TestDatabase database = TestDatabase.get();
    private final Nas nas = Fixtures.nas("Main Router", "192.0.2.1");
    private PostgresSessionRepository repository;
    private PostgresSessionEvents events;
    private AccountingService accounting;

    @BeforeEach
    void setUp() {
        database.truncate();
        new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER).save(nas);
        repository = new PostgresSessionRepository(database.dataSource());
        events = new PostgresSessionEvents(database.dataSource());
        accounting = new AccountingService(repository, AccountingPolicy.DEFAULT);
    }

    private void track(AccountingEvent.Builder... batch) {
        accounting.track(new TrackAccountingCommand(
                Arrays.stream(batch).map(AccountingEvent.Builder::build).toList()));
    }

    private List<Session> sessions() {
        return repository.find(SessionFilter.all(TENANT), 0, 100).stream()
                .sorted(Comparator.comparing(Session::startTime))
                .toList();
    }

    private long eventRows() {
        return count("SELECT count(*) FROM session_events");
    }

    private long count(String sql) {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Test
    void ordinaryStartsInterimsAndStopsWriteNoEventRow() {
        List<AccountingEvent.Builder> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(start(nas, "u" + i, "S" + i, T0).framedIp(IpAddress.parse("10.0.0." + (i + 1))));
        }
        track(batch.toArray(AccountingEvent.Builder[]::new));
        batch.clear();
        for (int i = 0; i < 50; i++) {
            batch.add(interim(nas, "u" + i, "S" + i, T0.plusSeconds(300), 300)
                    .framedIp(IpAddress.parse("10.0.0." + (i + 1)))
                    .inputOctets(1000L * i, 0));
        }
        track(batch.toArray(AccountingEvent.Builder[]::new));

        assertThat(eventRows()).isZero();
    }

    @Test
    void anIpChangeAmongOrdinaryInterimsIsTheOneRowWrittenWithTheUnit() {
        track(
                start(nas, "a", "A", T0).framedIp(IpAddress.parse("10.0.0.1")),
                start(nas, "b", "B", T0).framedIp(IpAddress.parse("10.0.0.2")));

        track(
                interim(nas, "a", "A", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.1")),
                interim(nas, "b", "B", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("100.64.0.9")));

        Session b = sessions().stream()
                .filter(s -> s.username().equals("b"))
                .findFirst()
                .orElseThrow();
        assertThat(eventRows()).isEqualTo(1);
        assertThat(events.of(TENANT, b.id(), 0, 10))
                .containsExactly(new SessionEvent(
                        TENANT,
                        b.id(),
                        T0.plusSeconds(300),
                        new SessionEvent.IpChanged(IpAddress.parse("10.0.0.2"), IpAddress.parse("100.64.0.9"))));
    }

    @Test
    void aSupersededSessionGetsItsEventInTheUnitThatClosedIt() {
        track(start(nas, "alice", "OLD", T0).callingStationId("AA:BB:CC:DD:EE:FF"));
        track(start(nas, "alice", "NEW", T0.plusSeconds(900)).callingStationId("AA:BB:CC:DD:EE:FF"));

        Session old = sessions().get(0);
        Session successor = sessions().get(1);
        assertThat(events.of(TENANT, old.id(), 0, 10))
                .containsExactly(new SessionEvent(
                        TENANT, old.id(), T0.plusSeconds(900), new SessionEvent.Superseded(successor.id())));
        assertThat(events.of(TENANT, successor.id(), 0, 10)).isEmpty();
    }

    @Test
    void accountingOnAndTheStaleCleanupRecordOneEventPerSessionTheyClose() {
        for (int i = 0; i < 7; i++) {
            track(start(nas, "u" + i, "S" + i, T0));
        }
        Nas other = Fixtures.nas("Branch", "192.0.2.2");
        new PostgresNasDirectory(database.dataSource(), TestDatabase.CIPHER).save(other);
        track(start(other, "x", "X", T0));
        Instant reboot = T0.plusSeconds(60);

        track(Fixtures.event(nas, AcctStatusType.ACCOUNTING_ON, null, null, reboot));
        Instant cleanup = T0.plus(Duration.ofDays(3));
        new StaleSessionCleanupService(repository, StaleSessionPolicy.DEFAULT, new MutableClock(cleanup))
                .cleanup(CleanupStaleSessionsCommand.of(TENANT));

        assertThat(count("SELECT count(*) FROM session_events WHERE type = 5 AND occurred_at = TIMESTAMPTZ '" + reboot
                        + "'"))
                .isEqualTo(7);
        Session x = sessions().stream()
                .filter(s -> s.username().equals("x"))
                .findFirst()
                .orElseThrow();
        assertThat(events.of(TENANT, x.id(), 0, 10))
                .containsExactly(new SessionEvent(TENANT, x.id(), cleanup, new SessionEvent.ClosedAsStale()));
        assertThat(eventRows()).isEqualTo(8);
    }

    @Test
    void eventsGoWithTheirSession() {
        track(start(nas, "a", "A", T0).framedIp(IpAddress.parse("10.0.0.1")));
        track(interim(nas, "a", "A", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.0.2")));
        track(start(nas, "b", "B", T0).framedIp(IpAddress.parse("10.0.1.1")));
        track(interim(nas, "b", "B", T0.plusSeconds(300), 300).framedIp(IpAddress.parse("10.0.1.2")));
        assertThat(eventRows()).isEqualTo(2);

        database.execute("DELETE FROM sessions WHERE username = 'a'");
        assertThat(count("SELECT count(*) FROM session_events e JOIN sessions s"
                        + " ON s.tenant_id = e.tenant_id AND s.id = e.session_id WHERE s.username = 'b'"))
                .isEqualTo(1);
        assertThat(eventRows()).isEqualTo(1);

        database.execute("TRUNCATE sessions");
        assertThat(eventRows()).isZero();
    }
}
