package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the app uses besides the ports: readiness, the active-sessions gauge, one-instance-at-a-time jobs. */
class PostgresPersistenceTest {
    private final TestDatabase database = TestDatabase.get();
    private PostgresPersistence instanceA;
    private PostgresPersistence instanceB;

    @BeforeEach
    void open() {
        database.truncate();
        instanceA = PostgresPersistence.open(database.asExternal(), database.keys());
        instanceB = PostgresPersistence.open(database.asExternal(), database.keys());
    }

    @AfterEach
    void close() {
        instanceA.close();
        instanceB.close();
    }

    @Test
    void isReadyAndCountsOpenSessionsOfEveryTenant() {
        Session open = session().acctSessionId("1").build();
        Session otherTenant =
                session().tenant(TenantId.of("other")).acctSessionId("2").build();
        Session closed = session()
                .acctSessionId("3")
                .stopped(TestSessions.T0, TerminateCause.fromRadius(1))
                .build();
        instanceA.sessionRepository().writeAtomically(Set.of(open.key(), otherTenant.key(), closed.key()), w -> {
            w.saveAll(List.of(open, otherTenant, closed));
            return null;
        });

        assertThat(instanceA.ready()).isTrue();
        assertThat(instanceA.activeSessionCount()).isEqualTo(2L);
    }

    @Test
    void aJobRunsInOneInstanceAtATime() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Optional<String>> first =
                CompletableFuture.supplyAsync(() -> instanceA.runExclusively("cleanup", () -> {
                    running.countDown();
                    await(release);
                    return "first";
                }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        Optional<String> second = instanceB.runExclusively("cleanup", () -> "second");
        Optional<String> otherJob = instanceB.runExclusively("another-job", () -> "other");
        release.countDown();

        assertThat(second).isEmpty();
        assertThat(otherJob).contains("other");
        assertThat(first.get(10, TimeUnit.SECONDS)).contains("first");
        assertThat(instanceB.runExclusively("cleanup", () -> "again")).contains("again");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
