package io.sessionkeeper.benchmarks;

import io.sessionkeeper.adapter.persistence.PostgresPersistence;
import io.sessionkeeper.adapter.persistence.database.DatabaseConfig;
import io.sessionkeeper.adapter.persistence.secrets.KeySource;
import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasVendor;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.AccountingBatchResult;
import io.sessionkeeper.domain.port.in.LookupNasUseCase;
import io.sessionkeeper.domain.port.in.ManageNasUseCase;
import io.sessionkeeper.domain.port.in.SaveNasCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.service.AccountingPolicy;
import io.sessionkeeper.domain.service.AccountingService;
import io.sessionkeeper.domain.service.NasAdminService;
import io.sessionkeeper.domain.service.NasLookupService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The accounting batch write, as the RADIUS listener's writer thread does it for each micro-batch: one call of the
 * track-accounting use case ({@link AccountingService} over {@link PostgresPersistence}'s session repository, wired
 * as session-app wires it), i.e. one transaction (advisory locks on the keys, the newest sessions of the keys, the
 * open sessions of the starting devices, the upsert) ending in one durable commit. One operation is one batch of
 * {@code batchSize} events committed; building the events is done before the timer starts.
 *
 * <p>Why a microbenchmark of something that is mostly PostgreSQL: it isolates the writer's cost per batch from
 * the UDP path and the load generator that {@code bench/ingest.sh} measures together, so a change of the write
 * path (statements, locks, indexes) can be compared before/after in a minute. The figures are those of this
 * machine's disk as much as of the code: fsync stays on, as the service runs the embedded database.
 *
 * <p>Each trial (one fork, one benchmark and batch size) starts its own embedded PostgreSQL in a fresh directory
 * below {@code java.io.tmpdir}, migrated by Flyway, and deletes it at the end. Put {@code java.io.tmpdir} on the
 * disk to measure ({@code -jvmArgsAppend -Djava.io.tmpdir=...}): on a tmpfs the commits would cost nothing.
 *
 * <p>Every invocation writes new data: a virtual clock moves one second per batch, Starts are for subscribers
 * never seen before, Interim-Updates carry larger counters and a later time than the last ones of their sessions.
 * The table grows by {@code batchSize} sessions per invocation in {@code startBatch} and {@code stopBatch} (as it
 * does in service), so long runs measure a larger table than short ones. At the end of the trial the sessions and
 * the batch results are checked against what was sent; a mismatch fails the trial.
 *
 * <p>One writer only ({@code @Threads(1)}): the state is not made for concurrent invocations, and the service's
 * writers each serve their own NAS.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@Threads(1)
public class AccountingBatchBenchmark {

    /** {@code batchSize} Accounting-Starts of new sessions. */
    @Benchmark
    public AccountingBatchResult startBatch(Store store, StartBatch next) {
        return store.commit(next.batch);
    }

    /** {@code batchSize} Interim-Updates of open sessions, with counters and session time grown since their last. */
    @Benchmark
    public AccountingBatchResult interimBatch(Store store, InterimBatch next) {
        return store.commit(next.batch);
    }

    /** {@code batchSize} Accounting-Stops of open sessions (started, untimed, just before). */
    @Benchmark
    public AccountingBatchResult stopBatch(Store store, StopBatch next) {
        return store.commit(next.batch);
    }

    /** The database, the use case as the service wires it, and the tally of what was committed. */
    @State(Scope.Benchmark)
    public static class Store {
        static final TenantId TENANT = TenantId.DEFAULT;
        static final int NAS_COUNT = 4;
        private static final long UPLOAD_PER_SECOND = 1_100_123L;
        private static final long DOWNLOAD_PER_SECOND = 1_300_007L;
        private static final int NAS_PORT_TYPE_ETHERNET = 15;
        private static final int SERVICE_TYPE_FRAMED = 2;
        private static final int FRAMED_PROTOCOL_PPP = 1;
        private static final int TERMINATE_USER_REQUEST = 1;

        /** Events per batch; the listener commits at most 500 by default ({@code SESSION_RADIUS_BATCH_SIZE}). */
        @Param({"100", "500"})
        public int batchSize;

        private Path directory;
        private PostgresPersistence persistence;
        private TrackAccountingUseCase accounting;
        private List<Nas> nas;
        private Instant clock;
        private long subscribers;

        private long startsCommitted;
        private long interimsCommitted;
        private long stopsCommitted;
        private AccountingBatchResult total = AccountingBatchResult.EMPTY;
        private Probe lastProbe;

        @Setup(Level.Trial)
        public void open() throws IOException {
            directory = Files.createTempDirectory("sessionkeeper-jmh-");
            try {
                persistence =
                        PostgresPersistence.open(DatabaseConfig.Embedded.in(directory), KeySource.keyFileIn(directory));
                persistence.tenantDirectory().createIfAbsent(new Tenant(TENANT, "JMH", ZoneOffset.UTC));
                LookupNasUseCase lookup = new NasLookupService(
                        persistence.accounting().nasDirectory(),
                        Clock.systemUTC(),
                        new NasLookupService.RefreshInterval(Duration.ofSeconds(30)));
                nas = registerNas(new NasAdminService(persistence.nasDirectory(), lookup), lookup);
                accounting = new AccountingService(persistence.accounting().sessions(), AccountingPolicy.DEFAULT);
                clock = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            } catch (RuntimeException e) {
                try {
                    close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /**
         * Registers the NAS through the admin use case, then takes each as the listener would attribute a packet
         * from its address: through the look-up, so that events carry the NAS exactly as it was stored.
         */
        private static List<Nas> registerNas(ManageNasUseCase admin, LookupNasUseCase lookup) {
            List<Nas> registered = new ArrayList<>();
            for (int i = 1; i <= NAS_COUNT; i++) {
                IpAddress address = IpAddress.parse("192.0.2." + i);
                admin.register(new SaveNasCommand(
                        TENANT,
                        "jmh-nas-" + i,
                        address,
                        "jmh-secret-" + i,
                        null,
                        NasVendor.MIKROTIK,
                        null,
                        false,
                        null,
                        false));
                Nas client = lookup.radiusClient(address)
                        .orElseThrow(() -> new IllegalStateException("registered NAS not found: " + address));
                registered.add(lookup.originOf(client, null, null).orElseThrow());
            }
            return List.copyOf(registered);
        }

        @TearDown(Level.Trial)
        public void verifyAndClose() {
            try {
                verify();
            } finally {
                close();
            }
        }

        /** Moves the virtual clock one second: each batch happens at its own, later instant. */
        Instant tick() {
            clock = clock.plusSeconds(1);
            return clock;
        }

        /** {@code count} subscribers never seen before, spread over the NAS in turn, whose sessions begin at start. */
        List<Subscriber> newSubscribers(int count, Instant start) {
            List<Subscriber> created = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long n = ++subscribers;
                created.add(new Subscriber(
                        n,
                        nas.get((int) (n % nas.size())),
                        String.format(Locale.ROOT, "jmh-%08X", n),
                        "jmhu" + n,
                        String.format(
                                Locale.ROOT,
                                "02:4C:%02X:%02X:%02X:%02X",
                                (n >>> 24) & 0xFF,
                                (n >>> 16) & 0xFF,
                                (n >>> 8) & 0xFF,
                                n & 0xFF),
                        IpAddress.parse("10." + ((n >>> 16) & 0xFF) + "." + ((n >>> 8) & 0xFF) + "." + (n & 0xFF)),
                        start));
            }
            return created;
        }

        /** One event of {@code type} per subscriber at {@code at}, with the attributes a MikroTik PPPoE NAS sends. */
        Batch batch(AcctStatusType type, List<Subscriber> of, Instant at) {
            List<AccountingEvent> events = new ArrayList<>(of.size());
            for (Subscriber subscriber : of) {
                events.add(event(type, subscriber, at));
            }
            Subscriber last = of.get(of.size() - 1);
            Probe probe = new Probe(
                    last.username(),
                    at,
                    type == AcctStatusType.START ? 0 : last.downloadAt(at),
                    type == AcctStatusType.STOP);
            return new Batch(type, new TrackAccountingCommand(events), probe);
        }

        private static AccountingEvent event(AcctStatusType type, Subscriber subscriber, Instant at) {
            AccountingEvent.Builder event = AccountingEvent.builder(subscriber.nas(), type, at)
                    .eventTimestamp(at)
                    .acctSessionId(subscriber.acctSessionId())
                    .username(subscriber.username())
                    .nasPort(subscriber.number())
                    .nasPortId("ether1")
                    .nasPortType(NAS_PORT_TYPE_ETHERNET)
                    .serviceType(SERVICE_TYPE_FRAMED)
                    .framedProtocol(FRAMED_PROTOCOL_PPP)
                    .framedIp(subscriber.framedIp())
                    .callingStationId(subscriber.mac())
                    .calledStationId("pppoe-jmh");
            if (type != AcctStatusType.START) {
                long upload = subscriber.uploadAt(at);
                long download = subscriber.downloadAt(at);
                event.sessionTime(subscriber.secondsAt(at))
                        .inputOctets(upload & 0xFFFFFFFFL, upload >>> 32)
                        .outputOctets(download & 0xFFFFFFFFL, download >>> 32)
                        .packets(upload / 1000, download / 1000);
            }
            if (type == AcctStatusType.STOP) {
                event.terminateCause(TERMINATE_USER_REQUEST);
            }
            return event.build();
        }

        /** What the writer thread does with a batch: hand it to the use case; then tally what it claims. */
        AccountingBatchResult commit(Batch batch) {
            AccountingBatchResult result = accounting.track(batch.command());
            int events = batch.command().events().size();
            switch (batch.type()) {
                case START -> startsCommitted += events;
                case INTERIM_UPDATE -> interimsCommitted += events;
                case STOP -> stopsCommitted += events;
                default -> throw new IllegalArgumentException("not a session event: " + batch.type());
            }
            total = total.plus(result);
            lastProbe = batch.probe();
            return result;
        }

        /**
         * Fails the trial unless the sessions table holds exactly the sessions that were started (counted by a
         * plain SQL query, independent of the code measured, and through the repository, which may answer from
         * counters of its own), the stopped ones are closed, every event was applied as the rules say (a Start
         * creates, an Interim or Stop updates, nothing superseded or ignored), and the last batch's last session
         * carries that batch's time and counters.
         */
        private void verify() {
            if (persistence == null) {
                return;
            }
            List<String> problems = new ArrayList<>();
            long[] rows = countRows();
            expectCount(problems, "sessions rows", rows[0], startsCommitted);
            expectCount(problems, "stopped sessions rows", rows[1], stopsCommitted);
            SessionRepository sessions = persistence.sessionRepository();
            expectCount(problems, "repository count(all)", sessions.count(SessionFilter.all(TENANT)), startsCommitted);
            expectCount(
                    problems,
                    "repository count(completed)",
                    sessions.count(new SessionFilter(TENANT, SessionStatusFilter.COMPLETED, null, null, null)),
                    stopsCommitted);
            AccountingBatchResult expected = new AccountingBatchResult(
                    (int) startsCommitted, (int) (interimsCommitted + stopsCommitted), 0, 0, 0);
            if (!total.equals(expected)) {
                problems.add("batch results " + total + ", expected " + expected);
            }
            if (lastProbe != null) {
                List<Session> found = sessions.find(
                        new SessionFilter(TENANT, SessionStatusFilter.ALL, lastProbe.username(), null, null), 0, 2);
                if (found.size() != 1) {
                    problems.add(found.size() + " sessions of " + lastProbe.username() + ", expected 1");
                } else if (!lastProbe.matches(found.get(0))) {
                    problems.add("last session " + found.get(0) + " does not match " + lastProbe);
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the batch write benchmark did not store what it sent: " + problems);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nverified: %d sessions (%d stopped); %d Starts, %d Interim-Updates, %d Stops committed%n",
                    rows[0],
                    rows[1],
                    startsCommitted,
                    interimsCommitted,
                    stopsCommitted);
        }

        /** Rows of the tenant in the sessions table, and how many of them have a stop time. */
        private long[] countRows() {
            String sql = "SELECT count(*), count(stop_time) FROM sessions WHERE tenant_id = ?";
            try (Connection connection = persistence.dataSource().getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, TENANT.value());
                try (ResultSet result = statement.executeQuery()) {
                    result.next();
                    return new long[] {result.getLong(1), result.getLong(2)};
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not count the sessions", e);
            }
        }

        private static void expectCount(List<String> problems, String what, long actual, long expected) {
            if (actual != expected) {
                problems.add(what + " " + actual + ", expected " + expected);
            }
        }

        private void close() {
            try {
                if (persistence != null) {
                    persistence.close();
                    persistence = null;
                }
            } finally {
                deleteDirectory();
            }
        }

        private void deleteDirectory() {
            if (directory == null) {
                return;
            }
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
                directory = null;
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + directory, e);
            }
        }
    }

    /** A fresh batch of Starts of new subscribers for every invocation. */
    @State(Scope.Thread)
    public static class StartBatch {
        Batch batch;

        @Setup(Level.Invocation)
        public void prepare(Store store) {
            Instant at = store.tick();
            batch = store.batch(AcctStatusType.START, store.newSubscribers(store.batchSize, at), at);
        }
    }

    /**
     * Open sessions started a day ago, {@value #SLICES} batches of them; each invocation sends the Interim-Updates
     * of the next batch in turn, so a session is updated every {@value #SLICES} invocations, each time later and
     * with more traffic (past 4 GiB, so with gigawords, as a day-old session has).
     */
    @State(Scope.Thread)
    public static class InterimBatch {
        static final int SLICES = 10;
        private final List<List<Subscriber>> slices = new ArrayList<>();
        private int next;
        Batch batch;

        @Setup(Level.Trial)
        public void openSessions(Store store) {
            Instant start = store.tick().minus(Duration.ofDays(1));
            for (int i = 0; i < SLICES; i++) {
                List<Subscriber> slice = store.newSubscribers(store.batchSize, start);
                store.commit(store.batch(AcctStatusType.START, slice, start));
                slices.add(slice);
            }
        }

        @Setup(Level.Invocation)
        public void prepare(Store store) {
            batch = store.batch(AcctStatusType.INTERIM_UPDATE, slices.get(next), store.tick());
            next = (next + 1) % SLICES;
        }
    }

    /**
     * Before every invocation (untimed), {@code batchSize} new sessions are started an hour back; the invocation
     * stops them. Their rows were just written, so they are in PostgreSQL's buffers: a Stop of a colder row costs
     * more.
     */
    @State(Scope.Thread)
    public static class StopBatch {
        Batch batch;

        @Setup(Level.Invocation)
        public void prepare(Store store) {
            Instant at = store.tick();
            Instant start = at.minus(Duration.ofHours(1));
            List<Subscriber> subscribers = store.newSubscribers(store.batchSize, start);
            store.commit(store.batch(AcctStatusType.START, subscribers, start));
            batch = store.batch(AcctStatusType.STOP, subscribers, at);
        }
    }

    /** A subscriber's session as the benchmark drives it; its counters are a function of the session's age. */
    record Subscriber(
            long number,
            Nas nas,
            String acctSessionId,
            String username,
            String mac,
            IpAddress framedIp,
            Instant start) {
        long secondsAt(Instant at) {
            return Duration.between(start, at).getSeconds();
        }

        long uploadAt(Instant at) {
            return secondsAt(at) * Store.UPLOAD_PER_SECOND + number;
        }

        long downloadAt(Instant at) {
            return secondsAt(at) * Store.DOWNLOAD_PER_SECOND + 2 * number;
        }
    }

    /** One prepared batch, and what the last of its sessions must look like once it is committed. */
    record Batch(AcctStatusType type, TrackAccountingCommand command, Probe probe) {}

    /** The stored session of {@code username} must have been last updated at {@code at} with these counters. */
    record Probe(String username, Instant at, long downloadOctets, boolean stopped) {
        boolean matches(Session session) {
            return session.lastUpdate().equals(at)
                    && session.usage().downloadOctets() == downloadOctets
                    && (session.stopTime() != null) == stopped;
        }
    }
}
