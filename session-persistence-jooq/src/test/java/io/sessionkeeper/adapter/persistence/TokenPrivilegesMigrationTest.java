package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.sessionkeeper.adapter.persistence.database.DatabaseMigrator;
import io.sessionkeeper.domain.model.ApiToken;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenAuditEvent;
import io.sessionkeeper.domain.model.TokenId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Migration V4 on a database with the tokens of the release before it: tenants:manage is taken from every token
 * outside the operator tenant, every token holding each permission of that release becomes "all", and each change
 * is in the audit. Runs in a schema of its own, migrated to V3 first.
 */
class TokenPrivilegesMigrationTest {
    private static final String SCHEMA = "token_migration_test";
    private static final String[] EVERY_CODE = {
        "customers:manage",
        "dashboard:active_sessions",
        "nas:manage",
        "routers:disconnect",
        "sessions:manage",
        "tenants:manage",
        "tokens:manage"
    };

    private final TestDatabase database = TestDatabase.get();
    private HikariDataSource pool;

    @BeforeEach
    void migrateToTheReleaseBefore() {
        database.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        database.execute("CREATE SCHEMA " + SCHEMA);
        pool = database.newPool("v3", 2, "SET search_path TO " + SCHEMA);
        Flyway.configure()
                .dataSource(pool)
                .locations(DatabaseMigrator.LOCATION)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .target("3")
                .load()
                .migrate();
    }

    @AfterEach
    void dropTheSchema() {
        pool.close();
        database.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Test
    void tenantsManageLeavesOtherTenantsAndEveryPermissionBecomesAllEachChangeAudited() throws SQLException {
        UUID bootstrap = insertToken("default", EVERY_CODE);
        UUID operatorHelper = insertToken("default", "tenants:manage", "tokens:manage");
        UUID acmeAdmin = insertToken("acme", "nas:manage", "tenants:manage", "tokens:manage");
        UUID acmeOnlyTenants = insertToken("acme", "tenants:manage");
        UUID acmeEverything = insertToken("acme", EVERY_CODE);
        UUID acmeEveryOwn = insertToken(
                "acme",
                "customers:manage",
                "dashboard:active_sessions",
                "nas:manage",
                "routers:disconnect",
                "sessions:manage",
                "tokens:manage");
        UUID acmeReader = insertToken("acme", "dashboard:active_sessions");

        assertThat(DatabaseMigrator.migrate(pool, TestDatabase.CIPHER)).isGreaterThanOrEqualTo(1);

        PostgresApiTokenStore store = new PostgresApiTokenStore(pool);
        assertThat(grant(store, "default", bootstrap)).isEqualTo(Grant.ALL);
        assertThat(grant(store, "default", operatorHelper))
                .isEqualTo(Grant.of(Permission.TENANTS_MANAGE, Permission.TOKENS_MANAGE));
        assertThat(grant(store, "acme", acmeAdmin))
                .isEqualTo(Grant.of(Permission.NAS_MANAGE, Permission.TOKENS_MANAGE));
        assertThat(grant(store, "acme", acmeOnlyTenants)).isEqualTo(Grant.of(java.util.Set.of()));
        assertThat(grant(store, "acme", acmeEverything)).isEqualTo(Grant.ALL);
        assertThat(grant(store, "acme", acmeEveryOwn)).isEqualTo(Grant.ALL);
        assertThat(grant(store, "acme", acmeReader)).isEqualTo(Grant.of(Permission.DASHBOARD_ACTIVE_SESSIONS));
        assertThat(store.findById(TenantId.of("acme"), new TokenId(acmeEverything))
                        .orElseThrow()
                        .permissions())
                .doesNotContain(Permission.TENANTS_MANAGE);
        assertThat(storedPermissions(bootstrap)).as("the marker, not a list").isEmpty();

        List<TokenAuditEvent> events = store.audit(null, 0, 100).events();
        assertThat(events).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(TokenAuditEvent.Action.CHANGED);
            assertThat(e.actor().isService()).isTrue();
            assertThat(e.note()).startsWith("migration V4: ");
        });
        List<String> changed = new ArrayList<>();
        events.forEach(
                e -> changed.add(e.token().id() + " " + (e.token().grant().all() ? "all" : "listed")));
        assertThat(changed)
                .containsExactlyInAnyOrder(
                        acmeAdmin + " listed",
                        acmeOnlyTenants + " listed",
                        acmeEverything + " listed",
                        bootstrap + " all",
                        acmeEverything + " all",
                        acmeEveryOwn + " all");
        assertThat(store.audit(TenantId.of("acme"), 0, 100).events())
                .filteredOn(e -> e.token().id().value().equals(acmeAdmin))
                .singleElement()
                .satisfies(e -> assertThat(e.note()).contains("tenants:manage removed"));
    }

    @Test
    void afterTheMigrationTheDatabaseItselfRefusesTenantsManageOutsideTheOperatorTenant() throws SQLException {
        DatabaseMigrator.migrate(pool, TestDatabase.CIPHER);

        assertThatThrownBy(() -> insertToken("acme", "tenants:manage"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("api_tokens_operator_only_ck");
        insertToken("default", "tenants:manage");
    }

    private static Grant grant(PostgresApiTokenStore store, String tenant, UUID id) {
        return store.findById(TenantId.of(tenant), new TokenId(id))
                .map(ApiToken::grant)
                .orElseThrow();
    }

    private UUID insertToken(String tenant, String... codes) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = pool.getConnection();
                PreparedStatement insert =
                        c.prepareStatement("INSERT INTO api_tokens (tenant_id, id, token_hash, permissions, created_at)"
                                + " VALUES (?, ?, ?, ?, now())")) {
            insert.setString(1, tenant);
            insert.setObject(2, id);
            insert.setString(3, id.toString().replace("-", "").repeat(2));
            insert.setArray(4, c.createArrayOf("text", codes));
            insert.executeUpdate();
        }
        return id;
    }

    private List<String> storedPermissions(UUID id) throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet row = s.executeQuery("SELECT permissions FROM api_tokens WHERE id = '" + id + "'")) {
            assertThat(row.next()).isTrue();
            return List.of((String[]) row.getArray(1).getArray());
        }
    }
}
