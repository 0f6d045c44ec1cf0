package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * V37 (ADR 64): the three indexes of {@code sessions} that take a Start's entry at their newest end are ascending,
 * under the names the plans' tests look for, so that the entry goes where B-tree insertion's fast path is; a listing
 * newest first reads them backwards.
 */
class TimeIndexesAscendingTest {
    private final TestDatabase database = TestDatabase.get();
    private final DSLContext sql = DSL.using(database.dataSource(), SQLDialect.POSTGRES);

    @Test
    void theTimeIndexesAreAscendingUnderTheirNames() {
        Map<String, String> expected = Map.of(
                "sessions_tenant_start_idx", "(tenant_id, start_time, id)",
                "sessions_open_tenant_start_idx",
                        "(tenant_id, start_time, id) INCLUDE (nas_id, connection_type) WHERE (stop_time IS NULL)",
                "sessions_tenant_nas_start_idx", "(tenant_id, nas_id, start_time)");
        expected.forEach((name, columns) -> assertThat(sql.fetchValue(
                        "SELECT indexdef FROM pg_indexes WHERE tablename = 'sessions' AND indexname = ?", name))
                .as(name)
                .asString()
                .endsWith("USING btree " + columns)
                .doesNotContain("DESC"));
    }

    @Test
    void aListingNewestFirstReadsTheAscendingIndexBackwards() {
        String plan = String.join(
                "\n",
                sql.fetch(
                                "EXPLAIN SELECT id FROM sessions WHERE tenant_id = 'default' ORDER BY start_time DESC, id DESC"
                                        + " LIMIT 50")
                        .getValues(0, String.class));
        assertThat(plan).containsPattern("Index (Only )?Scan Backward using sessions_tenant_start_idx");
    }
}
