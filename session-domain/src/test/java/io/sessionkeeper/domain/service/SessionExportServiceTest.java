package io.sessionkeeper.domain.service;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.T0;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.ExportHeader;
import io.sessionkeeper.domain.port.in.ExportResult;
import io.sessionkeeper.domain.port.in.ExportSessionsCommand;
import io.sessionkeeper.domain.port.in.ExportSink;
import io.sessionkeeper.domain.port.out.ExportAuditEntry;
import io.sessionkeeper.domain.port.out.ExportAuditEntry.Outcome;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.testing.Fixtures;
import io.sessionkeeper.domain.testing.InMemoryCustomerDirectory;
import io.sessionkeeper.domain.testing.InMemoryExportAuditLog;
import io.sessionkeeper.domain.testing.InMemoryNasDirectory;
import io.sessionkeeper.domain.testing.InMemorySessionExportReader;
import io.sessionkeeper.domain.testing.InMemorySessionRepository;
import io.sessionkeeper.domain.testing.InMemoryTenantDirectory;
import io.sessionkeeper.domain.testing.MutableClock;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionExportServiceTest {
    private final InMemorySessionRepository repository = new InMemorySessionRepository();
    private final InMemorySessionExportReader reader = new InMemorySessionExportReader(repository);
    private final InMemoryCustomerDirectory customers = new InMemoryCustomerDirectory();
    private final InMemoryNasDirectory nasDirectory = new InMemoryNasDirectory();
    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
    private final InMemoryExportAuditLog audit = new InMemoryExportAuditLog();
    private final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(5)));
    /** The read-ahead of the service: threads of their own, as in the service. */
    private static final ExecutorService READ_AHEAD = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "test-export-read-ahead");
        thread.setDaemon(true);
        return thread;
    });

    private final SessionExportService service = serviceOver(reader);
    private final Nas main = Fixtures.nas("Main Router", "192.0.2.1");
    private final Principal caller =
            new Principal(new TokenId(UUID.randomUUID()), TENANT, Grant.ALL, IpAddress.parse("192.0.2.77"));

    private SessionExportService serviceOver(SessionExportReader chunks) {
        return new SessionExportService(
                chunks, customers, nasDirectory, tenants, audit, clock, new SessionExportService.ReadAhead(READ_AHEAD));
    }

    /** What the sink saw: the header and the chunks, in order. */
    private static class Recorded implements ExportSink {
        ExportHeader header;
        final List<List<ExportedSession>> chunks = new ArrayList<>();

        @Override
        public void begin(ExportHeader value) {
            header = value;
        }

        @Override
        public void write(List<ExportedSession> chunk) {
            chunks.add(List.copyOf(chunk));
        }

        List<Session> sessions() {
            return chunks.stream()
                    .flatMap(List::stream)
                    .map(ExportedSession::session)
                    .toList();
        }
    }

    @BeforeEach
    void setUp() {
        nasDirectory.save(main);
        tenants.createIfAbsent(new Tenant(TENANT, "Acme ISP", ZoneId.of("Africa/Nairobi")));
    }

    private void save(List<Session> sessions) {
        repository.writeAtomically(Set.of(), w -> {
            w.saveAll(sessions);
            return null;
        });
    }

    private List<Session> many(int count) {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sessions.add(session(main)
                    .acctSessionId("X" + i)
                    .username("user" + i)
                    .start(T0.minusSeconds(i / 3))
                    .build());
        }
        save(sessions);
        return sessions;
    }

    private ExportSessionsCommand command(SessionCriteria criteria, long limit) {
        return new ExportSessionsCommand(caller, criteria, "csv", limit);
    }

    @Test
    void everyMatchingSessionIsWrittenInTheListingOrderInBoundedChunks() {
        int count = SessionExportService.FIRST_CHUNK + SessionExportService.CHUNK + 7;
        many(count);
        Recorded sink = new Recorded();

        ExportResult result = service.export(command(SessionCriteria.ALL, 0), sink);

        assertThat(result).isEqualTo(new ExportResult.Completed(count));
        assertThat(sink.chunks)
                .extracting(List::size)
                .containsExactly(SessionExportService.FIRST_CHUNK, SessionExportService.CHUNK, 7);
        assertThat(sink.sessions()).isEqualTo(repository.find(SessionFilter.all(TENANT), 0, count));
        assertThat(reader.chunksRead()).isEqualTo(3);
    }

    @Test
    void theHeaderNamesTenantZoneAndTimeAndRowsCarryNasAndDurationAtTheStart() {
        Session live = session(main).acctSessionId("L").start(T0).build();
        Session ofDeletedNas = session(Fixtures.nas("Gone", "192.0.2.99"))
                .acctSessionId("D")
                .start(T0.minusSeconds(60))
                .stopped(T0.plusSeconds(540), TerminateCause.fromRadius(1))
                .build();
        save(List.of(live, ofDeletedNas));
        Recorded sink = new Recorded();

        service.export(command(SessionCriteria.ALL, 0), sink);

        assertThat(sink.header.tenant().name()).isEqualTo("Acme ISP");
        assertThat(sink.header.zone()).isEqualTo(ZoneId.of("Africa/Nairobi"));
        assertThat(sink.header.generatedAt()).isEqualTo(clock.instant());
        assertThat(sink.header.expectedRows()).isEqualTo(-1);
        List<ExportedSession> rows = sink.chunks.get(0);
        assertThat(rows.get(0).nasName()).isEqualTo("Main Router");
        assertThat(rows.get(0).durationSeconds()).isEqualTo(5 * 3600);
        assertThat(rows.get(1).nasName()).isNull();
        assertThat(rows.get(1).durationSeconds()).isEqualTo(600);
    }

    @Test
    void theCriteriaOfAListingApplyWithTheDaysCountedInTheTenantsZone() {
        // 2026-01-03T22:30Z is already 4 January in Nairobi (UTC+3)
        Session fourthInNairobi = session(main)
                .acctSessionId("N1")
                .username("alice")
                .start(java.time.Instant.parse("2026-01-03T22:30:00Z"))
                .build();
        Session thirdInNairobi = session(main)
                .acctSessionId("N2")
                .username("alice")
                .start(java.time.Instant.parse("2026-01-03T20:30:00Z"))
                .build();
        Session otherUser = session(main)
                .acctSessionId("N3")
                .username("bob")
                .start(java.time.Instant.parse("2026-01-04T08:00:00Z"))
                .build();
        save(List.of(fourthInNairobi, thirdInNairobi, otherUser));
        Customer alice = Fixtures.customer(TENANT, "alice");
        customers.save(alice);
        LocalDate fourth = LocalDate.parse("2026-01-04");
        Recorded sink = new Recorded();

        service.export(
                command(
                        new SessionCriteria(
                                SessionStatusFilter.ALL,
                                alice.id(),
                                null,
                                null,
                                new SessionPeriod(fourth, fourth, null, false)),
                        0),
                sink);

        assertThat(sink.sessions()).containsExactly(fourthInNairobi);
    }

    @Test
    void anUnknownCustomerExportsNothingButIsStillAudited() {
        many(3);
        Recorded sink = new Recorded();

        ExportResult result = service.export(
                command(
                        new SessionCriteria(
                                SessionStatusFilter.ALL, new CustomerId(UUID.randomUUID()), null, null, null),
                        10),
                sink);

        assertThat(result).isEqualTo(new ExportResult.Completed(0));
        assertThat(sink.header.expectedRows()).isZero();
        assertThat(sink.chunks).isEmpty();
        assertThat(audit.latest(TENANT, 1).get(0).outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void overTheRowLimitNothingIsWrittenNorAudited() {
        many(11);
        Recorded sink = new Recorded();

        ExportResult result = service.export(command(SessionCriteria.ALL, 10), sink);

        assertThat(result).isEqualTo(new ExportResult.TooManyRows(11, 10));
        assertThat(sink.header).isNull();
        assertThat(audit.latest(TENANT, 10)).isEmpty();
        assertThat(service.export(command(SessionCriteria.ALL, 11), new Recorded()))
                .isEqualTo(new ExportResult.Completed(11));
    }

    @Test
    void theAuditRecordsWhoWhatAndHowManyRows() {
        many(4);
        SessionCriteria criteria =
                new SessionCriteria(SessionStatusFilter.ACTIVE, null, main.id(), "user", SessionPeriod.ANY);

        service.export(new ExportSessionsCommand(caller, criteria, "pdf", 0), new Recorded());

        ExportAuditEntry entry = audit.latest(TENANT, 1).get(0);
        assertThat(entry.record().token()).isEqualTo(caller.tokenId());
        assertThat(entry.record().clientAddress()).isEqualTo(caller.clientAddress());
        assertThat(entry.record().format()).isEqualTo("pdf");
        assertThat(entry.record().criteria())
                .isEqualTo(criteria.withPeriod(SessionPeriod.ANY.withZone(ZoneId.of("Africa/Nairobi"))));
        assertThat(entry.record().startedAt()).isEqualTo(clock.instant());
        assertThat(entry.rows()).isEqualTo(4);
        assertThat(entry.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(entry.finishedAt()).isNotNull();
    }

    @Test
    void aReceiverThatGoesAwayIsAuditedAsInterruptedWithTheRowsItTook() {
        many(SessionExportService.FIRST_CHUNK + 10);
        ExportSink goesAway = new ExportSink() {
            private int chunks;

            @Override
            public void begin(ExportHeader header) {}

            @Override
            public void write(List<ExportedSession> chunk) {
                if (++chunks == 2) {
                    throw new UncheckedIOException(new java.io.IOException("broken pipe"));
                }
            }
        };

        assertThatThrownBy(() -> service.export(command(SessionCriteria.ALL, 0), goesAway))
                .isInstanceOf(UncheckedIOException.class);

        ExportAuditEntry entry = audit.latest(TENANT, 1).get(0);
        assertThat(entry.outcome()).isEqualTo(Outcome.INTERRUPTED);
        assertThat(entry.rows()).isEqualTo(SessionExportService.FIRST_CHUNK);
    }

    /** The end of a file (a PDF's totals) is part of the export: a receiver gone by then is not a completed export. */
    @Test
    void aReceiverGoneWhileTheEndIsWrittenIsAuditedAsInterruptedNotCompleted() {
        many(3);
        Recorded goneAtTheEnd = new Recorded() {
            @Override
            public void end() {
                throw new UncheckedIOException(new java.io.IOException("broken pipe"));
            }
        };

        assertThatThrownBy(() -> service.export(command(SessionCriteria.ALL, 0), goneAtTheEnd))
                .isInstanceOf(UncheckedIOException.class);

        ExportAuditEntry entry = audit.latest(TENANT, 1).get(0);
        assertThat(entry.outcome()).isEqualTo(Outcome.INTERRUPTED);
        assertThat(entry.rows()).isEqualTo(3);
        assertThat(goneAtTheEnd.chunks).hasSize(1);
    }

    @Test
    void aStoreThatFailsMidwayIsAuditedAsFailed() {
        many(SessionExportService.FIRST_CHUNK + 10);
        reader.failFromChunk(2, new StoreUnavailableException("database unavailable", null));
        Recorded sink = new Recorded();

        assertThatThrownBy(() -> service.export(command(SessionCriteria.ALL, 0), sink))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage("database unavailable");

        ExportAuditEntry entry = audit.latest(TENANT, 1).get(0);
        assertThat(entry.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(entry.rows()).isEqualTo(SessionExportService.FIRST_CHUNK);
        assertThat(sink.chunks).hasSize(1);
    }

    /**
     * The next chunk is read while the sink writes the current one: the second read and the first write each wait
     * for the other to have begun, which they can only do at the same time (read and write in turn, in either
     * order, and one of them waits in vain).
     */
    @Test
    void theNextChunkIsReadWhileTheSinkWritesTheCurrentOne() {
        many(SessionExportService.FIRST_CHUNK + SessionExportService.CHUNK + 3);
        CountDownLatch secondReadBegun = new CountDownLatch(1);
        CountDownLatch firstWriteBegun = new CountDownLatch(1);
        List<String> sawTheOther = new java.util.concurrent.CopyOnWriteArrayList<>();
        SessionExportReader meetsTheWrite = new SessionExportReader() {
            private final AtomicInteger reads = new AtomicInteger();

            @Override
            public List<Session> readChunk(SessionFilter filter, SessionCursor after, int limit) {
                if (reads.incrementAndGet() == 2) {
                    secondReadBegun.countDown();
                    sawTheOther.add("read saw the write: " + await(firstWriteBegun));
                }
                return reader.readChunk(filter, after, limit);
            }

            @Override
            public long count(SessionFilter filter) {
                return reader.count(filter);
            }
        };
        Recorded sink = new Recorded() {
            @Override
            public void write(List<ExportedSession> chunk) {
                super.write(chunk);
                if (chunks.size() == 1) {
                    firstWriteBegun.countDown();
                    sawTheOther.add("write saw the read: " + await(secondReadBegun));
                }
            }
        };

        serviceOver(meetsTheWrite).export(command(SessionCriteria.ALL, 0), sink);

        assertThat(sawTheOther).containsExactlyInAnyOrder("read saw the write: true", "write saw the read: true");
        assertThat(sink.chunks)
                .extracting(List::size)
                .containsExactly(SessionExportService.FIRST_CHUNK, SessionExportService.CHUNK, 3);
        assertThat(sink.sessions()).isEqualTo(repository.find(SessionFilter.all(TENANT), 0, Integer.MAX_VALUE));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void anotherTenantsSessionsAreNeverExported() {
        many(2);
        save(List.of(session(Fixtures.nas(OTHER_TENANT, "Foreign", "198.51.100.1"))
                .acctSessionId("F")
                .build()));
        Recorded sink = new Recorded();

        service.export(command(SessionCriteria.ALL, 0), sink);

        assertThat(sink.sessions()).hasSize(2).allMatch(s -> s.tenant().equals(TENANT));
    }
}
