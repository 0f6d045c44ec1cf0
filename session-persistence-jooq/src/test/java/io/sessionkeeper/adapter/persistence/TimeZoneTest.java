package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stored instants depend neither on the JVM's default zone nor on the database session's TimeZone. */
class TimeZoneTest {
    private final TestDatabase database = TestDatabase.get();
    private TimeZone jvmZone;
    private HikariDataSource chatham;

    @BeforeEach
    void setUp() {
        database.truncate();
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/St_Johns"));
        chatham = database.newPool("chatham", 2, "SET TIME ZONE 'Pacific/Chatham'");
    }

    @AfterEach
    void restore() {
        chatham.close();
        TimeZone.setDefault(jvmZone);
    }

    @Test
    void instantsWrittenAndReadInOtherZonesAreTheSameInstants() throws Exception {
        Instant start = Instant.parse("2025-03-30T00:59:59.123456Z"); // around a DST change in Europe
        Session s = session()
                .start(start)
                .lastUpdate(start.plusSeconds(3_600))
                .stopped(start.plus(Duration.ofHours(2)), TerminateCause.fromRadius(1))
                .build();
        PostgresSessionRepository viaChatham = new PostgresSessionRepository(chatham);

        viaChatham.writeAtomically(Set.of(s.key()), writes -> {
            writes.saveAll(List.of(s));
            return null;
        });

        assertThat(viaChatham.findById(s.tenant(), s.id())).contains(s);
        assertThat(new PostgresSessionRepository(database.dataSource()).findById(s.tenant(), s.id()))
                .contains(s);
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT extract(epoch FROM start_time)::numeric, to_char(start_time AT TIME ZONE 'UTC',"
                                + " 'YYYY-MM-DD HH24:MI:SS.US') FROM sessions WHERE id = ?")) {
            q.setObject(1, s.id().value());
            try (ResultSet row = q.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBigDecimal(1)).isEqualByComparingTo("1743296399.123456");
                assertThat(row.getString(2)).isEqualTo("2025-03-30 00:59:59.123456");
            }
        }
    }

    @Test
    void countsSinceAnInstantAreZoneIndependent() {
        Instant start = Instant.parse("2025-06-01T23:30:00Z");
        Session s = session().start(start).build();
        PostgresSessionRepository viaChatham = new PostgresSessionRepository(chatham);
        viaChatham.writeAtomically(Set.of(s.key()), writes -> {
            writes.saveAll(List.of(s));
            return null;
        });

        assertThat(viaChatham.countStartedSince(TenantId.DEFAULT, List.of(start, start.plusMillis(1))))
                .containsExactly(1L, 0L);
    }
}
