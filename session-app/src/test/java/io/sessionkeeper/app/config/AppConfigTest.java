package io.sessionkeeper.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.adapter.persistence.PostgresSessionRepository;
import io.sessionkeeper.adapter.persistence.SessionArchive;
import io.sessionkeeper.adapter.persistence.database.ConnectionPools;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.domain.service.MultiDevicePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class AppConfigTest {
    private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String KEY_B = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

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
        assertThat(config.secretKeys()).isEqualTo(new KeySource.InFile(Path.of("./data", "secret.key")));
    }

    @Test
    void accountingRemembersOneBigBngsSessionsUnlessToldOtherwise() {
        assertThat(AppConfig.from(Settings.of(Map.of())).accountingMemory())
                .isEqualTo(PostgresSessionRepository.DEFAULT_MEMORY)
                .isEqualTo(65_536);
        assertThat(AppConfig.from(Settings.of(Map.of("SESSION_ACCOUNTING_MEMORY", "0")))
                        .accountingMemory())
                .isZero();
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of("SESSION_ACCOUNTING_MEMORY", "-1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SESSION_ACCOUNTING_MEMORY");
    }

    @Test
    void multiDeviceDetectionHasTheOperatorsWindowAndMacCountWithinBounds() {
        AppConfig.Analytics defaults = AppConfig.from(Settings.of(Map.of())).analytics();
        assertThat(defaults.jobInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.multiDevice()).isEqualTo(new MultiDevicePolicy(Duration.ofHours(24), 3));

        AppConfig.Analytics tuned = AppConfig.from(
                        Settings.of(Map.of("SESSION_MULTI_DEVICE_WINDOW", "7d", "SESSION_MULTI_DEVICE_MIN_MACS", "2")))
                .analytics();
        assertThat(tuned.multiDevice()).isEqualTo(new MultiDevicePolicy(Duration.ofDays(7), 2));

        for (Map<String, String> bad : List.of(
                Map.of("SESSION_MULTI_DEVICE_WINDOW", "30m"),
                Map.of("SESSION_MULTI_DEVICE_WINDOW", "8d"),
                Map.of("SESSION_MULTI_DEVICE_MIN_MACS", "1"),
                Map.of("SESSION_MULTI_DEVICE_MIN_MACS", "101"))) {
            assertThatThrownBy(() -> AppConfig.from(Settings.of(bad)))
                    .as(bad.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad.keySet().iterator().next());
        }
    }

    @Test
    void theSessionHistoryKeepsNinetyDaysHotAndEverythingForEverUnlessToldOtherwise() {
        AppConfig.Archive defaults = AppConfig.from(Settings.of(Map.of())).archive();
        assertThat(defaults.jobInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.policy()).isEqualTo(new SessionArchive.Policy(Duration.ofDays(90), Map.of(), null, null));
        assertThat(defaults.workers()).isEqualTo(SessionArchive.DEFAULT_WORKERS).isEqualTo(2);
        assertThat(AppConfig.from(Settings.of(Map.of("SESSION_ARCHIVE_WORKERS", "1")))
                        .archive()
                        .workers())
                .isEqualTo(1);

        AppConfig.Archive tuned = AppConfig.from(Settings.of(Map.of(
                        "SESSION_ARCHIVE_AFTER", "30d",
                        "SESSION_ARCHIVE_AFTER_TENANTS", "acme=180d, globex=7d",
                        "SESSION_RETENTION", "730d",
                        "SESSION_DATA_DIR", "/var/lib/sk")))
                .archive();
        assertThat(tuned.policy())
                .isEqualTo(new SessionArchive.Policy(
                        Duration.ofDays(30),
                        Map.of("acme", Duration.ofDays(180), "globex", Duration.ofDays(7)),
                        Duration.ofDays(730),
                        Path.of("/var/lib/sk", "archive")));
        assertThat(AppConfig.from(Settings.of(Map.of(
                                "SESSION_RETENTION", "400d",
                                "SESSION_ARCHIVE_DIR", "/srv/archive",
                                "SESSION_DB_URL", "jdbc:postgresql://db/sk",
                                "SESSION_SECRET_KEY", KEY_A)))
                        .archive()
                        .policy()
                        .directory())
                .isEqualTo(Path.of("/srv/archive"));

        for (Map<String, String> bad : List.of(
                Map.of("SESSION_ARCHIVE_AFTER", "6d"),
                Map.of("SESSION_ARCHIVE_AFTER_TENANTS", "acme"),
                Map.of("SESSION_ARCHIVE_AFTER_TENANTS", "acme=1d"),
                Map.of("SESSION_ARCHIVE_AFTER_TENANTS", "Not A Tenant=30d"),
                Map.of("SESSION_ARCHIVE_AFTER_TENANTS", "acme=30d,acme=60d"),
                Map.of("SESSION_RETENTION", "120d"), // 90d + 31d at least
                Map.of("SESSION_ARCHIVE_JOB_INTERVAL", "30s"),
                Map.of("SESSION_ARCHIVE_WORKERS", "0"),
                Map.of("SESSION_ARCHIVE_WORKERS", "5"))) {
            assertThatThrownBy(() -> AppConfig.from(Settings.of(bad)))
                    .as(bad.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(bad.keySet().iterator().next() + ": ");
        }
        assertThatThrownBy(() -> AppConfig.from(
                        Settings.of(Map.of("SESSION_ARCHIVE_AFTER_TENANTS", "acme=400d", "SESSION_RETENTION", "400d"))))
                .as("a tenant's archive-after counts too")
                .hasMessageContaining("SESSION_RETENTION");
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of(
                        "SESSION_RETENTION", "400d",
                        "SESSION_DB_URL", "jdbc:postgresql://db/sk",
                        "SESSION_SECRET_KEY", KEY_A))))
                .hasMessageStartingWith("SESSION_ARCHIVE_DIR: ");
    }

    @Test
    void eachKindOfDatabaseWorkHasItsOwnPoolWithItsOwnStatementTimeout() {
        ConnectionPools pools = AppConfig.from(Settings.of(Map.of())).database().pools();

        assertThat(pools.api().size()).isEqualTo(8);
        assertThat(pools.api().statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(pools.api().acquireTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pools.accounting().size())
                .as("two writers, each with a batch committing and the next being prepared, and the NAS list")
                .isEqualTo(5);
        assertThat(pools.accounting().statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pools.operations().statementTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(pools.background().statementTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(pools.connectTimeout()).isEqualTo(Duration.ofSeconds(5));

        ConnectionPools tuned = AppConfig.from(Settings.of(Map.of(
                        "SESSION_DB_POOL_SIZE", "20",
                        "SESSION_RADIUS_WRITERS", "4",
                        "SESSION_DB_API_STATEMENT_TIMEOUT", "2s",
                        "SESSION_DB_ACCOUNTING_STATEMENT_TIMEOUT", "1m",
                        "SESSION_DB_BACKGROUND_STATEMENT_TIMEOUT", "1h",
                        "SESSION_DB_CONNECT_TIMEOUT", "3s")))
                .database()
                .pools();
        assertThat(tuned.api().size()).isEqualTo(20);
        assertThat(tuned.accounting().size())
                .as("two connections per writer and one for the NAS list")
                .isEqualTo(9);
        assertThat(tuned.api().statementTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(tuned.accounting().statementTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(tuned.background().statementTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(tuned.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void failedAuthenticationsAreLimitedAndForwardedForIgnoredUnlessProxiesAreTrusted() {
        AppConfig defaults = AppConfig.from(Settings.of(Map.of()));
        assertThat(defaults.authFailuresPerMinute()).isEqualTo(20);
        assertThat(defaults.trustedProxies().isEmpty()).isTrue();

        AppConfig behindProxy = AppConfig.from(Settings.of(Map.of(
                "SESSION_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16", "SESSION_AUTH_FAILURES_PER_MINUTE", "0")));
        assertThat(behindProxy.trustedProxies().toString()).isEqualTo("10.0.0.5,192.168.0.0/16");
        assertThat(behindProxy.authFailuresPerMinute()).isZero();
    }

    @Test
    void externalDatabaseIsChosenByUrl() {
        AppConfig config = AppConfig.from(Settings.of(Map.of(
                "SESSION_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/s",
                "SESSION_DB_USER",
                "svc",
                "SESSION_DB_PASSWORD",
                "pw",
                "SESSION_SECRET_KEY",
                "new:" + KEY_B + ", old:" + KEY_A)));

        assertThat(config.database()).isInstanceOfSatisfying(DatabaseConfig.External.class, external -> {
            assertThat(external.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/s");
            assertThat(external.user()).isEqualTo("svc");
        });
        assertThat(config.secretKeys()).isInstanceOfSatisfying(KeySource.Given.class, given -> {
            assertThat(given.keys().ids()).containsExactly("new", "old");
            assertThat(given.origin()).isEqualTo("SESSION_SECRET_KEY");
        });
        assertThat(config.toString()).doesNotContain(KEY_A).doesNotContain(KEY_B);
    }

    @Test
    void anExternalDatabaseNeedsTheSecretKey() {
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of("SESSION_DB_URL", "jdbc:postgresql://db/s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SESSION_SECRET_KEY: is required with an external database (SESSION_DB_URL): every"
                        + " instance of the database needs the same key; make one with: openssl rand -base64 32");
    }

    @Test
    void aSecretKeyGivenWithTheEmbeddedDatabaseWinsOverItsKeyFile() {
        AppConfig config = AppConfig.from(Settings.of(Map.of("SESSION_SECRET_KEY", KEY_A)));

        assertThat(config.secretKeys()).isInstanceOfSatisfying(KeySource.Given.class, given -> assertThat(
                        given.keys().ids())
                .containsExactly("k1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "c2VjcmV0LWJ1dC1zaG9ydA==| the key must be 32 bytes in base64, not 16",
                "k1:" + KEY_A + ",k1:" + KEY_B + "| key id 'k1' appears twice",
                "k2:" + KEY_B + "," + KEY_A + "| item 2 has no id"
            })
    void anInvalidSecretKeyNamesTheSettingAndNeverQuotesTheKey(String value, String reason) {
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of("SESSION_SECRET_KEY", value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("SESSION_SECRET_KEY: " + reason.strip())
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain(KEY_A)
                        .doesNotContain(KEY_B)
                        .doesNotContain("c2VjcmV0"));
    }

    @ParameterizedTest
    @CsvSource({
        "SESSION_HTTP_PORT, abc",
        "SESSION_HTTP_PORT, 70000",
        "SESSION_RADIUS_ACCT_PORT, -1",
        "SESSION_RADIUS_BIND, example.com",
        "SESSION_STALE_THRESHOLD, 5m",
        "SESSION_STALE_THRESHOLD, soon",
        "SESSION_DB_URL, mysql://x",
        "SESSION_BOOTSTRAP_TOKEN, short",
        "SESSION_RADIUS_BATCH_SIZE, 0",
        "SESSION_RADIUS_BATCH_DELAY, 5s",
        "SESSION_COA_TIMEOUT, 0",
        "SESSION_NAS_REFRESH, 0",
        "SESSION_DB_POOL_SIZE, 1",
        "SESSION_DB_API_STATEMENT_TIMEOUT, 0",
        "SESSION_DB_API_STATEMENT_TIMEOUT, 1h",
        "SESSION_DB_ACCOUNTING_STATEMENT_TIMEOUT, 0",
        "SESSION_DB_BACKGROUND_STATEMENT_TIMEOUT, 500ms",
        "SESSION_DB_CONNECT_TIMEOUT, 0",
        "SESSION_AUTH_FAILURES_PER_MINUTE, -1",
        "SESSION_TRUSTED_PROXIES, proxy.example",
        "SESSION_TRUSTED_PROXIES, 10.0.0.0/40"
    })
    void invalidValueNamesTheSetting(String name, String value) {
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of(name, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name + ":")
                .extracting(e -> ((ConfigException) e).setting())
                .isEqualTo(name);
    }

    /**
     * Whatever an operator types into any setting, start-up either takes it or stops with a message naming that
     * setting: never a raw NumberFormatException, ArithmeticException or InvalidPathException.
     */
    @ParameterizedTest
    @MethodSource("everySettingWithHostileValues")
    void anyValueOfAnySettingIsTakenOrRefusedNamingTheSetting(Setting setting, String value) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put(setting.key(), value);
        if (setting == Setting.DB_URL || setting == Setting.DB_USER || setting == Setting.DB_PASSWORD) {
            values.put(Setting.SECRET_KEY.key(), KEY_A);
        }
        try {
            AppConfig.from(Settings.of(values));
        } catch (ConfigException e) {
            assertThat(e.setting()).as(e.getMessage()).isEqualTo(setting.key());
            assertThat(e.getMessage()).startsWith(setting.key() + ": ");
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> everySettingWithHostileValues() {
        List<String> hostile = List.of(
                "",
                " ",
                "0",
                "-1",
                "1.5",
                "1e3",
                "x",
                "99999999999999999999",
                "99999999999999999999s",
                "9223372036854775807ms",
                "9223372036854775807d",
                "106751991167301d",
                "PT9999999999999999H",
                "P99999999999D",
                "-PT5S",
                "3651d",
                "a\u0000b",
                "::",
                "256.1.1.1");
        return java.util.Arrays.stream(Setting.values())
                .filter(setting -> setting != Setting.CONFIG_FILE) // read by Settings.load, tested below
                .flatMap(setting ->
                        hostile.stream().map(value -> org.junit.jupiter.params.provider.Arguments.of(setting, value)));
    }

    @Test
    void aHugeDurationIsRefusedNamingTheSettingAndTheLimit() {
        assertThatThrownBy(
                        () -> AppConfig.from(Settings.of(Map.of("SESSION_CLEANUP_INTERVAL", "99999999999999999999s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "SESSION_CLEANUP_INTERVAL: is too long a duration; at most 3650d (got '99999999999999999999s')");
        assertThatThrownBy(() -> AppConfig.from(Settings.of(Map.of("SESSION_STALE_THRESHOLD", "9999999d"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("SESSION_STALE_THRESHOLD: must be at most 3650d (got '9999999d')");
    }

    @Test
    void theCoaSourceAddressIsAnyAddressUnlessSet() {
        assertThat(AppConfig.from(Settings.of(Map.of())).coaSourceAddress().getHostAddress())
                .isEqualTo("0.0.0.0");
        assertThat(AppConfig.from(Settings.of(Map.of("SESSION_COA_SOURCE_ADDRESS", "192.0.2.7")))
                        .coaSourceAddress()
                        .getHostAddress())
                .isEqualTo("192.0.2.7");
    }

    @Test
    void aMistypedSessionVariableIsWarnedAboutNamingTheClosestSetting() {
        Settings settings = Settings.load(
                Map.of(
                        "SESSION_HTTP_PROT", "9090",
                        "SESSION_RADUIS_ACCT_PORT", "1814",
                        "SESSION_SOMETHING_ELSE_ENTIRELY", "secret-value",
                        "SESSION_MANAGER", "local/host:@/tmp/.ICE-unix/1",
                        "SESSION_TEST_DB_URL", "jdbc:postgresql://db/test",
                        "SESSION_HTTP_PORT", "8081",
                        "HOME", "/root"),
                null);

        assertThat(settings.warnings())
                .containsExactly(
                        "SESSION_HTTP_PROT is not a setting and is ignored (did you mean SESSION_HTTP_PORT?)",
                        "SESSION_RADUIS_ACCT_PORT is not a setting and is ignored (did you mean"
                                + " SESSION_RADIUS_ACCT_PORT?)",
                        "SESSION_SOMETHING_ELSE_ENTIRELY is not a setting and is ignored (the settings are listed in"
                                + " README.md, \"Configuration\")");
        assertThat(String.join("\n", settings.warnings())).doesNotContain("secret-value");
        assertThat(AppConfig.from(settings).httpPort()).isEqualTo(8081);
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
                .hasMessageStartingWith("SESSION_HTTP_PROT:")
                .hasMessageEndingWith("(did you mean SESSION_HTTP_PORT?)");
    }
}
