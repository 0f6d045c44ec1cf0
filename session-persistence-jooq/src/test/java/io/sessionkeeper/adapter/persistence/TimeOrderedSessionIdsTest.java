package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.SessionId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * ADR 65: new sessions' ids are time-ordered (UUID version 7), and PostgreSQL's order of {@code uuid} must agree with
 * the domain's order of creation, or the ids would land on random leaves of {@code sessions_pk} as before.
 */
class TimeOrderedSessionIdsTest {
    private static final Instant T0 = Instant.parse("2026-12-05T22:00:00Z");

    private final TestDatabase database = TestDatabase.get();
    private final DSLContext sql = DSL.using(database.dataSource(), SQLDialect.POSTGRES);

    @Test
    void postgreSqlSortsTimeOrderedIdsInTheOrderTheyWereMade() {
        List<UUID> made = new ArrayList<>();
        for (int ms = 0; ms < 2_000; ms++) {
            made.add(SessionId.timeOrdered(T0.plusMillis(ms)).value());
        }
        // the first bit set (past 2^47 ms): a signed comparison would sort it first
        made.add(SessionId.timeOrdered(Instant.ofEpochMilli(1L << 47)).value());

        UUID[] sorted = sql.fetchOne("SELECT array_agg(id ORDER BY id) FROM unnest(?::uuid[]) AS ids(id)", (Object)
                        made.toArray(UUID[]::new))
                .get(0, UUID[].class);

        assertThat(sorted).containsExactlyElementsOf(made);
    }

    @Test
    void aKeyOfTimeOrderedIdsFillsItsPagesWhereRandomIdsSplitThem() {
        long timeOrdered = keySizeAfterInserting(
                i -> SessionId.timeOrdered(T0.plusMillis(i / 10)).value());
        long random = keySizeAfterInserting(i -> UUID.randomUUID());

        // appended at the right-hand end, leaves split 90/10 and stay full; random ids split leaves in halves
        assertThat(timeOrdered)
                .as("time-ordered %d B, random %d B", timeOrdered, random)
                .isLessThan(random * 85 / 100);
    }

    /** The size of a primary key of uuid after 40,000 ids were inserted in the order made, 400 a statement. */
    private long keySizeAfterInserting(IntFunction<UUID> id) {
        String table = "ids_" + UUID.randomUUID().toString().replace("-", "");
        sql.execute("CREATE TABLE " + table + " (id uuid PRIMARY KEY)");
        try {
            for (int batch = 0; batch < 100; batch++) {
                UUID[] ids = new UUID[400];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = id.apply(batch * ids.length + i);
                }
                sql.execute("INSERT INTO " + table + " SELECT unnest(?::uuid[])", (Object) ids);
            }
            return sql.fetchOne("SELECT pg_relation_size('" + table + "_pkey')").get(0, Long.class);
        } finally {
            sql.execute("DROP TABLE " + table);
        }
    }
}
