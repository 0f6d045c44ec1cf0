package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.TestSessions.T0;
import static io.sessionkeeper.adapter.persistence.TestSessions.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.TerminateCause;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@link WrittenSessions} alone: what it takes, what it keeps when full, when it lets entries go. */
class WrittenSessionsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private static Session open(String id) {
        return session().acctSessionId(id).start(T0).lastUpdate(T0).build();
    }

    private static void remember(WrittenSessions memory, Session... sessions) {
        for (Session session : sessions) {
            memory.apply(Set.of(), Map.of(session.key(), new WrittenSessions.Written(session, 7)));
        }
    }

    @Test
    void whenFullItKeepsWhatItHasAndTakesNoNewKey() {
        WrittenSessions memory = new WrittenSessions(2, now::get);
        Session a = open("A");
        Session b = open("B");
        Session c = open("C");

        remember(memory, a, b, c);
        remember(memory, TestSessions.of(a).lastUpdate(T0.plusSeconds(300)).build());

        assertThat(memory.sessions()).isEqualTo(2);
        assertThat(memory.get(c.key())).isNull();
        assertThat(memory.get(a.key()).session().lastUpdate())
                .as("a key it has is still updated")
                .isEqualTo(T0.plusSeconds(300));
        assertThat(memory.get(b.key()).xmin()).isEqualTo(7);
    }

    @Test
    void anEntryTakesAnInterimsProgressInPlaceAndAnyOtherChangeWhole() {
        WrittenSessions memory = new WrittenSessions(10, now::get);
        Session a = TestSessions.of(open("A")).framedIp("100.64.0.1").build();
        remember(memory, a);

        Session progressed = TestSessions.of(a)
                .lastUpdate(T0.plusSeconds(300))
                .usage(new io.sessionkeeper.domain.model.Usage(5_000, 500, 50, 5))
                .sessionTime(300)
                .build();
        memory.apply(Set.of(), Map.of(a.key(), new WrittenSessions.Written(progressed, 8, true)));
        assertThat(memory.get(a.key())).isEqualTo(new WrittenSessions.Written(progressed, 8));

        Session newAddress = TestSessions.of(progressed).framedIp("100.64.0.2").build();
        memory.apply(Set.of(), Map.of(a.key(), new WrittenSessions.Written(newAddress, 9)));
        assertThat(memory.get(a.key())).isEqualTo(new WrittenSessions.Written(newAddress, 9));
    }

    @Test
    void whenFullEntriesIdleLongerThanItsLimitMakeRoom() {
        WrittenSessions memory = new WrittenSessions(2, now::get);
        Session a = open("A");
        Session b = open("B");
        Session c = open("C");
        remember(memory, a);
        now.addAndGet(WrittenSessions.IDLE.toNanos() / 2);
        remember(memory, b);
        now.addAndGet(WrittenSessions.IDLE.toNanos() / 2 + 1);

        remember(memory, c);

        assertThat(memory.get(a.key())).as("idle longer than the limit").isNull();
        assertThat(memory.get(b.key())).isNotNull();
        assertThat(memory.get(c.key())).isNotNull();
    }

    @Test
    void itTakesOnlyOpenSessionsAtTheStoresPrecisionAndForgetsFirst() {
        WrittenSessions memory = new WrittenSessions(10, now::get);
        Session nanos = TestSessions.of(open("N")).lastUpdate(T0.plusNanos(1)).build();
        Session stopped = TestSessions.of(open("S"))
                .stopped(T0.plusSeconds(60), TerminateCause.ADMIN_TERMINATE)
                .build();
        Session kept = open("K");
        remember(memory, kept);

        remember(memory, nanos, stopped);
        memory.apply(List.of(kept.key()), Map.of());

        assertThat(memory.sessions()).isZero();
        SessionKey key = kept.key();
        memory.apply(List.of(key), Map.of(key, new WrittenSessions.Written(kept, 9)));
        assertThat(memory.get(key).xmin())
                .as("forgotten, then remembered in one apply")
                .isEqualTo(9);
        assertThat(memory.hits()).isEqualTo(1);
    }

    @Test
    void anAccountingOnForgetsTheSessionsOfItsNasOnly() {
        WrittenSessions memory = new WrittenSessions(10, now::get);
        Session ofA = open("A");
        Session ofB = TestSessions.of(open("B"))
                .nas(new io.sessionkeeper.domain.model.NasId(new java.util.UUID(2, 2)))
                .build();
        remember(memory, ofA, ofB);

        memory.forgetNas(ofA.nasId());

        assertThat(memory.get(ofA.key())).isNull();
        assertThat(memory.get(ofB.key())).isNotNull();
    }

    @Test
    void aMemoryOfNoCapacityTakesNothing() {
        WrittenSessions memory = new WrittenSessions(0, now::get);

        remember(memory, open("A"));

        assertThat(memory.sessions()).isZero();
    }
}
