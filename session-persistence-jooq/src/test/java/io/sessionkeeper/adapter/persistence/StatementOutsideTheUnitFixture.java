package io.sessionkeeper.adapter.persistence;

import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * A deliberate violation for session-app's ArchitectureRulesBiteTest: the accounting upsert run outside the unit of
 * work. Never called.
 */
public final class StatementOutsideTheUnitFixture {
    private StatementOutsideTheUnitFixture() {}

    static SessionUpsert.Written upsertOutsideTheUnit(DSLContext tx) {
        return SessionUpsert.execute(tx, List.of(), Map.of(), Map.of(), false);
    }
}
