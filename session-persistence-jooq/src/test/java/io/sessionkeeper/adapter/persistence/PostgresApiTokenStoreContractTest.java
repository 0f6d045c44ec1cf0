package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ApiTokenStore;
import io.sessionkeeper.domain.testing.ApiTokenStoreContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The domain's ApiTokenStore contract, run against PostgreSQL, and how tokens sit in their table. */
class PostgresApiTokenStoreContractTest extends ApiTokenStoreContract {
    private final TestDatabase database = TestDatabase.get();

    @Override
    protected ApiTokenStore createStore() {
        database.truncate();
        return new PostgresApiTokenStore(database.dataSource());
    }

    @Test
    void anAllTokenIsStoredAsTheMarkerWithAnEmptyList() throws SQLException {
        ApiToken all = ApiToken.issued(TokenId.random(), TenantId.OPERATOR, null, Grant.ALL, "e".repeat(64), T0);
        new PostgresApiTokenStore(database.dataSource())
                .save(
                        all,
                        new TokenAuditEvent(
                                T0,
                                TokenAuditEvent.Action.ISSUED,
                                TokenAuditEvent.Subject.of(all),
                                TokenAuditEvent.Actor.SERVICE,
                                null));

        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT all_permissions, cardinality(permissions) FROM api_tokens"
                        + " UNION ALL SELECT all_permissions, cardinality(permissions) FROM token_audit")) {
            for (int i = 0; i < 2; i++) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBoolean(1)).isTrue();
                assertThat(row.getInt(2)).isZero();
            }
        }
    }

    @Test
    void aPermissionOfALaterReleaseGrantsNothingHereAndBreaksNothing() {
        UUID id = UUID.randomUUID();
        database.execute("INSERT INTO api_tokens (tenant_id, id, token_hash, permissions, created_at) VALUES"
                + " ('acme', '" + id + "', '" + "f".repeat(64) + "', '{nas:manage,export:run}', now())");

        ApiToken token = new PostgresApiTokenStore(database.dataSource())
                .findBySecretHash("f".repeat(64))
                .orElseThrow();

        assertThat(token.grant()).isEqualTo(Grant.of(Permission.NAS_MANAGE));
    }
}
