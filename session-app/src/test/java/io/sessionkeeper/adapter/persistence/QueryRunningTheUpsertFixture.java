package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.domain.model.Session;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;

/** A deliberate violation for ArchitectureRulesBiteTest: a query class running the accounting upsert itself. */
public final class QueryRunningTheUpsertFixture {
    SessionUpsert.Written write(DSLContext dsl, List<Session> sessions) {
        return SessionUpsert.execute(dsl, sessions, Map.of(), Map.of(), false);
    }
}
