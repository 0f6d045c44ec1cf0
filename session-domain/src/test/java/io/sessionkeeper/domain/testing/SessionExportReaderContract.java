package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionExportReader} must do: chunks that, followed cursor to cursor, give exactly the listing of
 * the same filter, in its order, ties included.
 */
public abstract class SessionExportReaderContract {
    private SessionRepository repository;
    private SessionExportReader reader;
    protected Nas nas;
    protected Nas foreignNas;

    /** An empty repository; called before each test, before {@link #createReader}. */
    protected abstract SessionRepository createRepository();

    /** The reader over what {@link #createRepository} stores. */
    protected abstract SessionExportReader createReader();

    /** Makes the NAS known to the store, for stores that keep referential integrity. */
    protected abstract void registerNas(Nas nas);

    @BeforeEach
    void setUpContract() {
        repository = createRepository();
        reader = createReader();
        nas = Fixtures.nas("Main Router", "192.0.2.1");
        foreignNas = Fixtures.nas(OTHER_TENANT, "Foreign Router", "198.51.100.1");
        registerNas(nas);
        registerNas(foreignNas);
    }

    private void save(List<Session> sessions) {
        repository.writeAtomically(Set.of(), writes -> {
            writes.saveAll(sessions);
            return null;
        });
    }

    /** Every chunk of {@code size}, cursor to cursor, until a short one. */
    private List<Session> readAll(SessionFilter filter, int size) {
        List<Session> all = new ArrayList<>();
        SessionCursor cursor = null;
        while (true) {
            List<Session> chunk = reader.readChunk(filter, cursor, size);
            assertThat(chunk).hasSizeLessThanOrEqualTo(size);
            all.addAll(chunk);
            if (chunk.size() < size) {
                return all;
            }
            cursor = SessionCursor.after(chunk.get(chunk.size() - 1));
        }
    }

    @Test
    void chunksFollowedByCursorGiveTheListingInItsOrderWithTies() {
        List<Session> saved = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // groups of sessions with the same start: the cursor must break ties by id
            saved.add(session(nas)
                    .acctSessionId("E" + i)
                    .username("user" + i)
                    .start(T0.plusSeconds(i / 4 * 60L))
                    .build());
        }
        saved.add(session(foreignNas).acctSessionId("F1").start(T0).build());
        save(saved);
        SessionFilter all = SessionFilter.all(TENANT);

        List<Session> listing = repository.find(all, 0, 100);
        assertThat(listing).hasSize(23);
        for (int size : new int[] {1, 4, 5, 23, 100}) {
            assertThat(readAll(all, size)).as("chunks of " + size).isEqualTo(listing);
        }
        assertThat(reader.count(all)).isEqualTo(23);
    }

    @Test
    void chunksKeepTheFilterIncludingTheTimeWindow() {
        List<Session> saved = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var builder = session(nas).acctSessionId("G" + i).start(T0.plusSeconds(i * 3600L));
            if (i % 2 == 0) {
                builder.stopped(T0.plusSeconds(i * 3600L + 7200), TerminateCause.fromRadius(1));
            }
            saved.add(builder.build());
        }
        save(saved);
        SessionFilter filter = new SessionFilter(
                TENANT,
                SessionStatusFilter.COMPLETED,
                null,
                nas.id(),
                null,
                new TimeWindow(T0.plusSeconds(3 * 3600L), T0.plusSeconds(8 * 3600L), true));

        List<Session> listing = repository.find(filter, 0, 100);
        // completed sessions started at hours 4 and 6, and the one of hour 2 that ran until hour 4
        assertThat(listing).extracting(Session::acctSessionId).containsExactly("G6", "G4", "G2");
        assertThat(readAll(filter, 2)).isEqualTo(listing);
        assertThat(reader.count(filter)).isEqualTo(3);
    }

    /**
     * The listing's search (user-name prefix, Acct-Session-Id, framed IP, id) selects the same rows in an export,
     * whatever the term holds: quotes, LIKE wildcards, backslashes.
     */
    @Test
    void chunksKeepTheSearchWhateverItsTermHolds() {
        List<Session> saved = new ArrayList<>();
        String[] names = {"o'brien", "o'brien2", "100%", "1000", "a_b", "axb", "back\\slash", "backXslash"};
        for (int i = 0; i < names.length; i++) {
            saved.add(session(nas)
                    .acctSessionId("S" + i)
                    .username(names[i])
                    .framedIp("10.9.0." + (i + 1))
                    .start(T0.plusSeconds(i * 60L))
                    .build());
        }
        save(saved);
        String[] terms = {
            "o'brien",
            "O'BRIEN2",
            "100%",
            "a_b",
            "back\\",
            "10.9.0.3",
            "s4",
            saved.get(6).id().toString()
        };
        for (String term : terms) {
            SessionFilter filter = new SessionFilter(TENANT, SessionStatusFilter.ALL, null, null, term, null);
            List<Session> listing = repository.find(filter, 0, 100);
            assertThat(listing).as(term).isNotEmpty();
            assertThat(readAll(filter, 1)).as(term).isEqualTo(listing);
        }
    }

    @Test
    void anEmptySelectionIsOneEmptyChunk() {
        assertThat(reader.readChunk(SessionFilter.all(TENANT), null, 10)).isEmpty();
        assertThat(reader.count(SessionFilter.all(TENANT))).isZero();
    }
}
