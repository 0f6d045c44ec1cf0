package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.database.PoolRole;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {
    @Test
    void withoutAUrlTheEmbeddedDatabaseLivesUnderDotData() {
        DatabaseConfig config = DatabaseConfig.fromEnvironment(Map.of());

        assertThat(config).isInstanceOf(DatabaseConfig.Embedded.class);
        DatabaseConfig.Embedded embedded = (DatabaseConfig.Embedded) config;
        assertThat(embedded.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(embedded.clusterDirectory()).isEqualTo(Path.of("data", "postgres"));
        assertThat(embedded.durable()).isTrue();
    }

    @Test
    void theDataDirectoryIsConfigurable() {
        DatabaseConfig config = DatabaseConfig.fromEnvironment(Map.of("SESSION_DATA_DIR", "/var/lib/sk"));

        assertThat(((DatabaseConfig.Embedded) config).clusterDirectory()).isEqualTo(Path.of("/var/lib/sk/postgres"));
    }

    @Test
    void aUrlSelectsTheExternalDatabaseWithItsCredentials() {
        DatabaseConfig config = DatabaseConfig.fromEnvironment(Map.of(
                "SESSION_DB_URL", "jdbc:postgresql://127.0.0.1:5432/sessions",
                "SESSION_DB_USER", "sk",
                "SESSION_DB_PASSWORD", "pw",
                "SESSION_DB_POOL_SIZE", "12"));

        assertThat(config)
                .isEqualTo(new DatabaseConfig.External(
                        "jdbc:postgresql://127.0.0.1:5432/sessions",
                        "sk",
                        "pw",
                        ConnectionPools.defaults()
                                .with(
                                        PoolRole.API,
                                        ConnectionPools.defaults().api().withSize(12))));
        assertThat(config.toString()).doesNotContain("pw");
    }

    @Test
    void rejectsWhatCannotWork() {
        assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(Map.of("SESSION_DB_URL", "jdbc:mysql://x/y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseConfig.fromEnvironment(Map.of("SESSION_DB_POOL_SIZE", "lots")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
