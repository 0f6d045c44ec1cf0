package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedded database keeps its cluster in the data directory: a restart finds what was written. */
class EmbeddedDatabaseRestartTest {
    private final Path dataDirectory = TestDatabase.createTempDirectory();

    @AfterEach
    void removeDataDirectory() {
        TestDatabase.deleteRecursively(dataDirectory);
    }

    @Test
    void aRestartKeepsSessionsAndNas() {
        DatabaseConfig.Embedded config = new DatabaseConfig.Embedded(
                dataDirectory, TestDatabase.SMALL_POOLS, true, TestDatabase.sharedBinaries());
        Nas nas = Fixtures.nas("Restart Router", "192.0.2.200");
        Session s = session().nas(nas.id()).usage(5_000_000_000L, 1).build();

        try (PostgresPersistence first = PostgresPersistence.open(config, KeySource.keyFileIn(dataDirectory))) {
            first.nasDirectory().save(nas);
            first.sessionRepository().writeAtomically(Set.of(s.key()), writes -> {
                writes.saveAll(List.of(s));
                return null;
            });
        }
        assertThat(Files.exists(config.clusterDirectory().resolve("PG_VERSION")))
                .isTrue();

        try (PostgresPersistence second = PostgresPersistence.open(config, KeySource.keyFileIn(dataDirectory))) {
            assertThat(second.sessionRepository().findById(s.tenant(), s.id())).contains(s);
            assertThat(second.nasDirectory().findById(nas.tenant(), nas.id())).contains(nas);
            assertThat(second.migrate()).as("nothing left to migrate").isZero();
            assertThat(second.schemaVersion()).isNotBlank();
        }
    }
}
