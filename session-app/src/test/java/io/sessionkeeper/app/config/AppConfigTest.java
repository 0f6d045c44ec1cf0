package io.sessionkeeper.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppConfigTest {
    @Test
    void defaultsGiveTheDocumentedService() {
        AppConfig config = AppConfig.from(Settings.of(Map.of()));

        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.radiusAcctPort()).isEqualTo(1813);
        assertThat(config.radiusBind().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.database())
                .isInstanceOfSatisfying(DatabaseConfig.Embedded.class, embedded -> assertThat(embedded.dataDirectory())
                        .isEqualTo(Path.of("./data")));
        assertThat(config.stalePolicy().threshold()).isEqualTo(Duration.ofHours(24));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.bootstrapToken()).isNull();
    }

    @Test
    void externalDatabaseIsChosenByUrl() {
        AppConfig config = AppConfig.from(Settings.of(Map.of(
                "SESSION_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/s",
                "SESSION_DB_USER",
                "svc",
                "SESSION_DB_PASSWORD",
                "pw")));

        assertThat(config.database()).isInstanceOfSatisfying(DatabaseConfig.External.class, external -> {
            assertThat(external.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/s");
            assertThat(external.user()).isEqualTo("svc");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "SESSION_HTTP_PORT, abc", "SESSION_HTTP_PORT, 70000", "SESSION_RADIUS_ACCT_PORT, -1",
        "SESSION_RADIUS_BIND, example.com", "SESSION_STALE_THRESHOLD, 5m", "SESSION_STALE_THRESHOLD, soon",
        "SESSION_DB_URL, mysql://x", "SESSION_BOOTSTRAP_TOKEN, short", "SESSION_RADIUS_BATCH_SIZE, 0",
        "SESSION_RADIUS_BATCH_DELAY, 5s", "SESSION_COA_TIMEOUT, 0", "SESSION_NAS_REFRESH, 0"
    })
    void invalidValueNamesTheSetting(String name, String value) {
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of(name, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name + ":")
                .extracting(e -> ((ConfigException) e).setting())
                .isEqualTo(name);
    }

    @Test
    void durationsTakeShortAndIsoForms() {
        assertThat(Settings.of(Map.of("SESSION_CLEANUP_INTERVAL", "90s")).duration(Setting.CLEANUP_INTERVAL))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(Settings.of(Map.of("SESSION_CLEANUP_INTERVAL", "PT2H")).duration(Setting.CLEANUP_INTERVAL))
                .isEqualTo(Duration.ofHours(2));
        assertThat(Settings.of(Map.of("SESSION_CLEANUP_INTERVAL", "0")).duration(Setting.CLEANUP_INTERVAL))
                .isZero();
    }

    @Test
    void fileValuesApplyAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sessionkeeper.conf");
        Files.writeString(file, "SESSION_HTTP_PORT=9090\nSESSION_RADIUS_ACCT_PORT=1814\n");

        AppConfig config = AppConfig.from(Settings.load(
                Map.of("SESSION_CONFIG_FILE", file.toString(), "SESSION_RADIUS_ACCT_PORT", "1815"), null));

        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.radiusAcctPort()).isEqualTo(1815);
    }

    @Test
    void unknownSettingInAFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "SESSION_HTTP_PROT=9090\n");

        assertThatThrownBy(() -> Settings.load(Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SESSION_HTTP_PROT:");
    }
}
