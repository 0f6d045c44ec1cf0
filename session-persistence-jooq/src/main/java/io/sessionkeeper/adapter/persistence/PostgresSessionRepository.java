package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_COUNTS;
import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSION_START_COUNTS;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.val;

import io.sessionkeeper.adapter.persistence.jooq.tables.Sessions;
import io.sessionkeeper.adapter.persistence.jooq.tables.records.SessionsRecord;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.mapping.SessionMapper;
import io.sessionkeeper.adapter.persistence.mapping.TerminateCauses;
import io.sessionkeeper.domain.model.ConnectionType;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.port.out.ActiveSessionCounts;
import io.sessionkeeper.domain.port.out.PreparedWrite;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.SessionWrites;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.Record4;
import org.jooq.ResultQuery;
import org.jooq.Select;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * Sessions in PostgreSQL: the listings, counts and bounded closes here; the accounting unit of work (locks, reads,
 * upsert, commit) in {@link PostgresAccountingUnits}, to which {@link #prepare} hands over. The upsert's guards keep
 * every accounting rule even for writers that do not hold the unit's locks (close, Accounting-On/Off, stale
 * cleanup).
 */
public final class PostgresSessionRepository implements SessionRepository {
    /** Rounds of a bounded close when rows it picked were changed under it; see {@link #closeInBatch}. */
    private static final int CLOSE_ROUNDS = 8;

    /**
     * Open sessions the accounting units remember by default ({@link WrittenSessions}; ADR 57): one big BNG's
     * subscribers, about 46 MB of heap (some 700 bytes a session).
     */
    public static final int DEFAULT_MEMORY = 65_536;

    private final DSLContext dsl;
    private final YoungTableStatistics statistics;
    private final PostgresAccountingUnits accountingUnits;

    public PostgresSessionRepository(DataSource dataSource) {
        this(dataSource, DEFAULT_MEMORY);
    }

    /** {@code accountingMemory}: how many open sessions the accounting units remember (ADR 57; 0: none). */
    public PostgresSessionRepository(DataSource dataSource, int accountingMemory) {
        this(JooqContexts.create(dataSource), accountingMemory);
    }

    PostgresSessionRepository(DSLContext dsl) {
        this(dsl, DEFAULT_MEMORY);
    }

    PostgresSessionRepository(DSLContext dsl, int accountingMemory) {
        this.dsl = dsl;
        this.statistics = new YoungTableStatistics(dsl);
        this.accountingUnits = new PostgresAccountingUnits(dsl, statistics, new WrittenSessions(accountingMemory));
    }

    /** What the accounting units remember of the sessions they wrote (ADR 57), for metrics. */
    public AccountingMemory accountingMemory() {
        return accountingUnits.memory();
    }

    /** The background analyses of a young table, see {@link YoungTableStatistics}. */
    YoungTableStatistics statistics() {
        return statistics;
    }

    /** {@inheritDoc} See {@link PostgresAccountingUnits#prepare}. */
    @Override
    public <T> PreparedWrite<T> prepare(Set<SessionKey> keys, Function<SessionWrites, T> work) {
        return accountingUnits.prepare(keys, work);
    }

    @Override
    public Optional<Session> findById(TenantId tenant, SessionId id) {
        Sessions all = SessionParts.ALL;
        return dsl.selectFrom(all)
                .where(all.TENANT_ID.eq(tenant.value()), all.ID.eq(id.value()))
                .fetchOptional(SessionMapper::toSession);
    }

    @Override
    public List<Session> find(SessionFilter filter, long offset, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return pageQuery(dsl, filter, offset, limit).fetch(SessionMapper::toSession);
    }

    /**
     * Listings by status and NAS (the dashboard's and the first page's) are counted from {@code session_counts}, a
     * few rows per NAS whatever the history; a filter by user or a search counts the matching rows, which their
     * indexes keep few, and so does a time window (the counters do not know when sessions ran).
     */
    @Override
    public long count(SessionFilter filter) {
        if (filter.username() == null && filter.search() == null && filter.window() == null) {
            return countedQuery(dsl, filter).fetchSingle().value1().longValue();
        }
        TimeWindow window = filter.window();
        if (filter.username() == null
                && filter.search() == null
                && filter.nasId() == null
                && filter.status() == SessionStatusFilter.ALL
                && !window.overlap()) {
            return startedIn(filter.tenant(), window);
        }
        return countQuery(dsl, filter).fetchSingle().value1();
    }

    /**
     * A search: the page and its total from one statement. Its alternatives (User-Name prefix, Acct-Session-Id,
     * framed IP, id) are read as a union of narrow rows (id, start, stop), the prefix from the history's covering
     * index alone (V32); the total counts them, and only the page's rows are read whole.
     * As {@link SessionConditions#search}'s OR, with the page and the total as two statements, a search visited one
     * heap page per matching session, twice: 38 ms p95 for {@code user1234} (6,600 sessions of 11 users) at 30M.
     *
     * <p>The statement runs with a generic plan ({@link #SEARCH_SETTINGS}, in its own transaction): planning it for
     * 30 parts took 14 ms, as long as running it; pgjdbc keeps it prepared on the connection from its third use on,
     * and every value is a bind value so one plan serves every term. Other filters keep the default: their totals
     * come from the counters.
     */
    @Override
    public Found findCounted(SessionFilter filter, long offset, int limit) {
        if (filter.search() == null || limit <= 0) {
            return SessionRepository.super.findCounted(filter, offset, limit);
        }
        Field<Integer> total = DSL.field(DSL.name("total_matching"), Integer.class);
        List<Record> rows = dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.execute(SEARCH_SETTINGS);
            return searchPageQuery(tx, filter, offset, limit).fetch();
        });
        if (rows.isEmpty()) {
            // no row to carry the total: none match, or the page is past the end
            return new Found(List.of(), offset <= 0 ? 0 : count(filter));
        }
        List<Session> page = new ArrayList<>(rows.size());
        for (Record row : rows) {
            page.add(SessionMapper.toSession(row.into(SessionParts.ALL)));
        }
        return new Found(page, rows.get(0).get(total));
    }

    /**
     * The search's transaction: a generic plan (above); no JIT and no parallel workers, whose start a search of a few
     * thousand index entries does not repay. A generic plan's estimates are PostgreSQL's defaults (11.7 M rows for
     * the page's join at 30M), which passed {@code jit_above_cost}: compiling took 2.3 s of every search.
     */
    static final String SEARCH_SETTINGS = "SET LOCAL plan_cache_mode = force_generic_plan; SET LOCAL jit = off;"
            + " SET LOCAL max_parallel_workers_per_gather = 0";

    /**
     * {@code WITH matching AS MATERIALIZED (SELECT id, start_time, stop_time … UNION ALL …), page AS (… ORDER BY
     * start_time DESC, id DESC OFFSET … LIMIT …), counted AS (SELECT count(*) FROM matching)}, then the page's rows,
     * newest first, each with the count of all matching. Each alternative leaves out the rows of those before it
     * ({@code IS NOT TRUE}: a NULL column matches none), so the union needs no de-duplication. A row of the page is
     * looked up in the hot part by its key, and in {@code sessions_history} itself by its key and stop time, which
     * leaves out every other month at run time. Through the view {@code sessions_all} PostgreSQL 15 pruned nothing
     * (17 does) and probed every month's key for each row of the page (1,171 buffers for 20 rows). With pgbench on the
     * 30M bench, generic plan: 7.1–9.5 ms a search this way, 9.2–11.9 ms through the view (docs/benchmarks.md,
     * "Sixth pass"), 12–13 ms for a plain UNION with a look-up in every month ("Third pass").
     */
    static ResultQuery<Record> searchPageQuery(DSLContext ctx, SessionFilter filter, long offset, int limit) {
        Sessions t = SessionParts.of(filter.status());
        Condition others = SessionConditions.of(
                new SessionFilter(
                        filter.tenant(), filter.status(), filter.username(), filter.nasId(), null, filter.window()),
                t);
        Select<Record3<UUID, Instant, Instant>> union = null;
        List<Condition> before = new ArrayList<>();
        for (Condition alternative : SessionConditions.searchAlternatives(filter.search(), t)) {
            List<Condition> where = new ArrayList<>(List.of(others, alternative));
            for (Condition earlier : before) {
                where.add(DSL.condition("({0}) IS NOT TRUE", earlier));
            }
            before.add(alternative);
            Select<Record3<UUID, Instant, Instant>> branch =
                    DSL.select(t.ID, t.START_TIME, t.STOP_TIME).from(t).where(where);
            union = union == null ? branch : union.unionAll(branch);
        }
        var matching =
                DSL.name("matching").fields("id", "start_time", "stop_time").asMaterialized(union);
        Field<UUID> matchingId = matching.field("id", UUID.class);
        Field<Instant> matchingStart = matching.field("start_time", Instant.class);
        var page = DSL.name("page")
                .fields("id", "start_time", "stop_time")
                .as(DSL.select(matchingId, matchingStart, matching.field("stop_time", Instant.class))
                        .from(matching)
                        .orderBy(matchingStart.desc(), matchingId.desc())
                        .offset(Math.max(0, offset))
                        .limit(limit));
        Field<UUID> pageId = page.field("id", UUID.class);
        Field<Instant> pageStop = page.field("stop_time", Instant.class);
        // counted once for both halves of the page (a sub-select in each counted the 6,600 twice: 0.9 ms each)
        var counted = DSL.name("counted").fields("n").as(DSL.select(DSL.count()).from(matching));
        Field<Integer> total = DSL.field(
                        DSL.select(counted.field("n", Integer.class)).from(counted))
                .as("total_matching");
        Sessions hot = SESSIONS.as("h");
        Sessions history = SessionParts.HISTORY.as("a");
        var inTheHotPart = DSL.select(hot.fields())
                .select(total)
                .from(page)
                .join(hot)
                .on(hot.TENANT_ID.eq(filter.tenant().value()), hot.ID.eq(pageId))
                .where(hot.STOP_TIME.isNotDistinctFrom(pageStop));
        return ctx.with(matching)
                .with(page)
                .with(counted)
                .select(history.fields())
                .select(total)
                .from(page)
                .join(history)
                .on(
                        history.TENANT_ID.eq(filter.tenant().value()),
                        history.ID.eq(pageId),
                        history.STOP_TIME.eq(pageStop))
                .unionAll(inTheHotPart)
                .orderBy(
                        DSL.field(DSL.name("start_time")).desc(),
                        DSL.field(DSL.name("id")).desc());
    }

    /**
     * The sessions of a tenant that started in a window, from {@code session_start_counts} as "started since" is
     * (whole quarter hours from the counters, the partial ones row by row): a day of a period listing is a local
     * day, whole quarter hours in every zone, so no row is read. Counting a day's rows instead cost 25 ms for the
     * 40,520 sessions of an archived day at 30M (bench/history.sh).
     */
    private long startedIn(TenantId tenant, TimeWindow window) {
        if (window.from() != null && window.until() != null) {
            return startedBetweenQuery(dsl, tenant, window.from(), window.until())
                    .fetchSingle()
                    .value1();
        }
        if (window.from() != null) {
            return countStartedSince(tenant, List.of(window.from())).get(0);
        }
        long all = countedQuery(dsl, SessionFilter.all(tenant))
                .fetchSingle()
                .value1()
                .longValue();
        return all - countStartedSince(tenant, List.of(window.until())).get(0);
    }

    /** {@code SELECT coalesce(sum(all_sessions | open_sessions | all - open), 0) FROM session_counts WHERE …}. */
    static ResultQuery<Record1<BigDecimal>> countedQuery(DSLContext ctx, SessionFilter filter) {
        Field<Long> counted =
                switch (filter.status()) {
                    case ALL -> SESSION_COUNTS.ALL_SESSIONS;
                    case ACTIVE -> SESSION_COUNTS.OPEN_SESSIONS;
                    case COMPLETED -> SESSION_COUNTS.ALL_SESSIONS.minus(SESSION_COUNTS.OPEN_SESSIONS);
                };
        Condition where = SESSION_COUNTS.TENANT_ID.eq(filter.tenant().value());
        if (filter.nasId() != null) {
            where = where.and(SESSION_COUNTS.NAS_ID.eq(filter.nasId().value()));
        }
        return ctx.select(DSL.coalesce(DSL.sum(counted), BigDecimal.ZERO))
                .from(SESSION_COUNTS)
                .where(where);
    }

    @Override
    public ActiveSessionCounts countActive(TenantId tenant) {
        long total = 0;
        long pppoe = 0;
        long hotspot = 0;
        Map<NasId, Long> byNas = new HashMap<>();
        for (Record4<UUID, Long, Long, Long> row : activeCountsQuery(dsl, tenant)) {
            long ofNas = row.value2();
            total += ofNas;
            pppoe += row.value3();
            hotspot += row.value4();
            byNas.put(new NasId(row.value1()), ofNas);
        }
        return new ActiveSessionCounts(total, pppoe, hotspot, byNas);
    }

    /** One page of a listing: newest start first, ties by id (PostgreSQL orders uuids by their unsigned bytes). */
    static ResultQuery<SessionsRecord> pageQuery(DSLContext ctx, SessionFilter filter, long offset, int limit) {
        Sessions table = SessionParts.of(filter.status());
        return ctx.selectFrom(table)
                .where(SessionConditions.of(filter, table))
                .orderBy(table.START_TIME.desc(), table.ID.desc())
                .offset(Math.max(0, offset))
                .limit(limit);
    }

    static ResultQuery<Record1<Integer>> countQuery(DSLContext ctx, SessionFilter filter) {
        Sessions table = SessionParts.of(filter.status());
        return ctx.selectCount().from(table).where(SessionConditions.of(filter, table));
    }

    /** Open sessions of a tenant per NAS: in all, PPPoE and Hotspot, from the counters (NAS with none left out). */
    static ResultQuery<Record4<UUID, Long, Long, Long>> activeCountsQuery(DSLContext ctx, TenantId tenant) {
        Field<Long> open = SESSION_COUNTS.OPEN_SESSIONS;
        return ctx.select(
                        SESSION_COUNTS.NAS_ID,
                        DSL.sum(open).cast(Long.class),
                        DSL.coalesce(
                                DSL.sum(open)
                                        .filterWhere(SESSION_COUNTS.CONNECTION_TYPE.eq(ConnectionType.PPPOE.name()))
                                        .cast(Long.class),
                                0L),
                        DSL.coalesce(
                                DSL.sum(open)
                                        .filterWhere(SESSION_COUNTS.CONNECTION_TYPE.eq(ConnectionType.HOTSPOT.name()))
                                        .cast(Long.class),
                                0L))
                .from(SESSION_COUNTS)
                .where(SESSION_COUNTS.TENANT_ID.eq(tenant.value()))
                .groupBy(SESSION_COUNTS.NAS_ID)
                .having(DSL.sum(open).gt(BigDecimal.ZERO));
    }

    @Override
    public List<Long> countStartedSince(TenantId tenant, List<Instant> since) {
        if (since.isEmpty()) {
            return List.of();
        }
        Record row = startedSinceQuery(dsl, tenant, since).fetchSingle();
        List<Long> result = new ArrayList<>(since.size());
        for (int i = 0; i < since.size(); i++) {
            result.add(row.get(i, Long.class));
        }
        return result;
    }

    /** The width of the buckets of {@code session_start_counts} (V2 migration). */
    static final long START_BUCKET_SECONDS = 15 * 60;

    /** The first bucket boundary at or after the instant. */
    static Instant bucketCeiling(Instant instant) {
        long floor = Math.floorDiv(instant.getEpochSecond(), START_BUCKET_SECONDS) * START_BUCKET_SECONDS;
        Instant start = Instant.ofEpochSecond(floor);
        return start.equals(instant) ? start : start.plusSeconds(START_BUCKET_SECONDS);
    }

    /**
     * Per instant: the whole quarter-hour buckets from its ceiling on ({@code session_start_counts}), plus the
     * sessions between the instant and that ceiling counted row by row (at most a quarter of an hour of starts,
     * none when the instant is on a boundary, as local midnight is). Exact, and constant in the length of the
     * history. The instants are inlined (computed, never user input): a generic plan would not know how small the
     * ranges are.
     */
    static ResultQuery<Record> startedSinceQuery(DSLContext ctx, TenantId tenant, List<Instant> since) {
        List<Field<Long>> counts = new ArrayList<>(since.size());
        for (Instant instant : since) {
            Instant at = Instants.toDb(instant);
            Instant ceiling = bucketCeiling(at);
            counts.add(DSL.coalesce(buckets(tenant, ceiling, null), BigDecimal.ZERO)
                    .plus(partial(tenant, at, ceiling))
                    .cast(Long.class));
        }
        return ctx.select(counts);
    }

    /**
     * The sessions that started in [from, until): the whole buckets between the two ceilings, plus the partial
     * quarter hour after {@code from}, minus the one after {@code until} (both none on a boundary). The buckets of the
     * window only: the difference of two "started since" summed every bucket from {@code from} to now, 61 ms for a
     * day 16 months back at 30M sessions (~280,000 counter rows; bench/history.sh), against this one's 4 × 96.
     */
    static ResultQuery<Record1<Long>> startedBetweenQuery(
            DSLContext ctx, TenantId tenant, Instant fromInstant, Instant untilInstant) {
        Instant from = Instants.toDb(fromInstant);
        Instant until = Instants.toDb(untilInstant);
        Instant fromCeiling = bucketCeiling(from);
        Instant untilCeiling = bucketCeiling(until);
        return ctx.select(DSL.coalesce(buckets(tenant, fromCeiling, untilCeiling), BigDecimal.ZERO)
                .plus(partial(tenant, from, fromCeiling))
                .minus(partial(tenant, until, untilCeiling))
                .cast(Long.class));
    }

    /** The counters' sum of the buckets from {@code from} on, before {@code until} when not null. */
    private static Field<BigDecimal> buckets(TenantId tenant, Instant from, Instant until) {
        Condition inRange = SESSION_START_COUNTS
                .TENANT_ID
                .eq(tenant.value())
                .and(SESSION_START_COUNTS.BUCKET.ge(DSL.inline(from, SESSION_START_COUNTS.BUCKET)));
        if (until != null) {
            inRange = inRange.and(SESSION_START_COUNTS.BUCKET.lt(DSL.inline(until, SESSION_START_COUNTS.BUCKET)));
        }
        return DSL.select(DSL.sum(SESSION_START_COUNTS.STARTED))
                .from(SESSION_START_COUNTS)
                .where(inRange)
                .asField();
    }

    /** The sessions that started in [at, ceiling), row by row: none read when {@code at} is on a boundary. */
    private static Field<Integer> partial(TenantId tenant, Instant at, Instant ceiling) {
        if (at.equals(ceiling)) {
            return DSL.inline(0); // on a boundary (a local midnight): nothing to count row by row
        }
        // an instant of a period may lie in the archived months; the stop-time bound (implied: a session stops at or
        // after its start) leaves the months that ended before the instant out of the plan
        Sessions all = SessionParts.ALL;
        return DSL.selectCount()
                .from(all)
                .where(
                        all.TENANT_ID.eq(tenant.value()),
                        all.START_TIME.ge(DSL.inline(at, all.START_TIME)),
                        all.START_TIME.lt(DSL.inline(ceiling, all.START_TIME)),
                        all.STOP_TIME.isNull().or(all.STOP_TIME.ge(DSL.inline(at, all.STOP_TIME))))
                .asField();
    }

    @Override
    public Optional<Session> close(TenantId tenant, SessionId id, Instant stop, TerminateCause cause) {
        Field<Instant> end = greatest(SESSIONS.START_TIME, val(Instants.toDb(stop)));
        return dsl.update(SESSIONS)
                .set(SESSIONS.STOP_TIME, end)
                .set(SESSIONS.LAST_UPDATE, greatest(SESSIONS.LAST_UPDATE, end))
                .set(SESSIONS.TERMINATE_CAUSE, TerminateCauses.name(cause))
                .set(SESSIONS.TERMINATE_CAUSE_CODE, TerminateCauses.code(cause))
                .set(SESSIONS.TERMINATED_BY, TerminateCauses.origin(cause))
                .where(SESSIONS.TENANT_ID.eq(tenant.value()), SESSIONS.ID.eq(id.value()), SESSIONS.STOP_TIME.isNull())
                .returning()
                .fetchOptional()
                .map(SessionMapper::toSession);
    }

    @Override
    public int closeOpenOfNas(NasId nasId, Instant startedAtOrBefore, Instant stop, TerminateCause cause, int limit) {
        Field<Instant> end = greatest(SESSIONS.START_TIME, val(Instants.toDb(stop)));
        // the sessions it closes will not be written as remembered; their entries would only wait for the idle sweep
        accountingUnits.forgetNas(nasId);
        try {
            return closeInBatch(
                    limit,
                    openOfNas(nasId, startedAtOrBefore),
                    null,
                    end,
                    greatest(SESSIONS.LAST_UPDATE, end),
                    cause,
                    new ClosingEvent(Instants.toDb(stop), new SessionEvent.NasRebooted()));
        } catch (DataAccessException e) {
            throw StoreFailures.accounting(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>In {@code nas_activity} (V21), with the NAS's last accounting moved to now: an Accounting-On/Off is
     * accounting too. Each time only moves forward.
     */
    @Override
    public void recordNasRestart(TenantId tenant, NasId nasId, boolean accountingOn, Instant at) {
        String column = accountingOn ? "last_accounting_on_at" : "last_accounting_off_at";
        String sql = "INSERT INTO nas_activity AS a (nas_id, tenant_id, last_accounting_at, " + column + ")"
                + " VALUES (?, ?, now(), ?) ON CONFLICT (nas_id) DO UPDATE SET tenant_id = excluded.tenant_id,"
                + " last_accounting_at = greatest(a.last_accounting_at, excluded.last_accounting_at), " + column
                + " = greatest(a." + column + ", excluded." + column + ")";
        try {
            dsl.connectionResult(connection -> {
                try (java.sql.PreparedStatement st = connection.prepareStatement(sql)) {
                    st.setObject(1, nasId.value());
                    st.setString(2, tenant.value());
                    st.setObject(3, java.time.OffsetDateTime.ofInstant(Instants.toDb(at), java.time.ZoneOffset.UTC));
                    return st.executeUpdate();
                }
            });
        } catch (DataAccessException e) {
            throw StoreFailures.accounting(e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Tenant by tenant when no tenant is given (the tenants with sessions are the few rows of {@code
     * session_counts}): each scan walks {@code sessions_open_tenant_start_idx}, the index of a tenant's open
     * sessions by start, backwards. The index of all open sessions by start that a scan across tenants walked cost
     * every Start an index entry for one background job a few times an hour (V11, docs/adr/0027).
     */
    @Override
    public int closeStale(TenantId tenant, Instant cutoff, Instant closedAt, int limit) {
        ClosingEvent event = new ClosingEvent(Instants.toDb(closedAt), new SessionEvent.ClosedAsStale());
        if (tenant != null) {
            return closeStaleOf(tenant, cutoff, event, limit);
        }
        int closed = 0;
        List<String> tenants = dsl.selectDistinct(SESSION_COUNTS.TENANT_ID)
                .from(SESSION_COUNTS)
                .orderBy(SESSION_COUNTS.TENANT_ID)
                .fetch(SESSION_COUNTS.TENANT_ID);
        for (String each : tenants) {
            if (closed >= limit) {
                break;
            }
            closed += closeStaleOf(TenantId.of(each), cutoff, event, limit - closed);
        }
        return closed;
    }

    private int closeStaleOf(TenantId tenant, Instant cutoff, ClosingEvent event, int limit) {
        return closeInBatch(
                limit,
                stale(tenant, cutoff),
                SESSIONS.START_TIME,
                SESSIONS.LAST_UPDATE,
                SESSIONS.LAST_UPDATE,
                TerminateCause.STALE_SESSION_CLEANUP,
                event);
    }

    /** The event each session a bounded close closes gets on its timeline. */
    private record ClosingEvent(Instant at, SessionEvent.Detail detail) {
        List<SessionEvent> of(List<? extends Record> closed) {
            List<SessionEvent> events = new ArrayList<>(closed.size());
            for (Record row : closed) {
                events.add(new SessionEvent(
                        TenantId.of(row.get(SESSIONS.TENANT_ID)), new SessionId(row.get(SESSIONS.ID)), at, detail));
            }
            return events;
        }
    }

    /** Open on the NAS and started by then: its range of {@code sessions_open_device_idx} ({@link OpenByDevice}). */
    static Condition openOfNas(NasId nasId, Instant startedAtOrBefore) {
        return DSL.and(
                SESSIONS.NAS_ID.eq(nasId.value()),
                DSL.condition(OpenByDevice.OPEN),
                SESSIONS.START_TIME.le(Instants.toDb(startedAtOrBefore)));
    }

    /**
     * Open and silent since before the cut-off. {@code last_update >= start_time}, so the start condition selects
     * nothing more; it lets the scan use the partial indexes of open sessions ordered by start, as last_update is
     * deliberately not indexed (docs/adr/0007-hot-friendly-session-indexes.md).
     */
    static Condition stale(TenantId tenant, Instant cutoff) {
        Instant before = Instants.toDb(cutoff);
        return DSL.and(
                SESSIONS.TENANT_ID.eq(tenant.value()),
                SESSIONS.STOP_TIME.isNull(),
                SESSIONS.START_TIME.lt(before),
                SESSIONS.LAST_UPDATE.lt(before));
    }

    /**
     * The rows a bounded close picks: {@code SELECT tenant_id, id … [ORDER BY order] LIMIT n FOR UPDATE}. The stale
     * scan orders by start so that the planner walks an index of open sessions instead of the whole table (its
     * row estimate for "silent since" is far too high, as last_update is not indexed).
     */
    static Select<Record2<String, UUID>> pick(DSLContext ctx, Condition candidates, Field<?> order, int limit) {
        var select = ctx.select(SESSIONS.TENANT_ID, SESSIONS.ID).from(SESSIONS).where(candidates);
        return (order == null ? select.limit(limit) : select.orderBy(order).limit(limit)).forUpdate();
    }

    /**
     * Closes up to {@code limit} open sessions matching {@code candidates}, in one transaction:
     *
     * <pre>
     * WITH picked AS MATERIALIZED (SELECT tenant_id, id FROM sessions WHERE candidates LIMIT n FOR UPDATE)
     * UPDATE sessions SET stop_time = stop, last_update = lastUpdate, terminate_cause = … FROM picked
     * WHERE (tenant_id, id) = picked AND candidates
     * </pre>
     *
     * The materialised CTE picks the rows once (a subquery in the WHERE clause could be run again per row and,
     * skipping rows this statement already changed, pick more than {@code n}). A row a concurrent writer changed
     * meanwhile (stopped it, or reported it alive) is re-checked and dropped, so a round can close fewer than asked
     * while others are left; further rounds top up, so that "fewer than {@code limit}" keeps meaning "none left"
     * to the caller's loop.
     *
     * <p>The rows closed are returned ({@code RETURNING tenant_id, id}) and each gets {@code event} in the same
     * transaction ({@link #recordClosingEvents}).
     */
    private int closeInBatch(
            int limit,
            Condition candidates,
            Field<?> order,
            Field<Instant> stop,
            Field<Instant> lastUpdate,
            TerminateCause cause,
            ClosingEvent event) {
        if (limit <= 0) {
            return 0;
        }
        return TransientFailures.transaction(dsl, configuration -> {
            DSLContext tx = configuration.dsl();
            int closed = 0;
            for (int round = 0; round < CLOSE_ROUNDS && closed < limit; round++) {
                int asked = limit - closed;
                var picked =
                        DSL.name("picked").fields("tenant_id", "id").asMaterialized(pick(tx, candidates, order, asked));
                var closedRows = tx.with(picked)
                        .update(SESSIONS)
                        .set(SESSIONS.STOP_TIME, stop)
                        .set(SESSIONS.LAST_UPDATE, lastUpdate)
                        .set(SESSIONS.TERMINATE_CAUSE, TerminateCauses.name(cause))
                        .set(SESSIONS.TERMINATE_CAUSE_CODE, TerminateCauses.code(cause))
                        .set(SESSIONS.TERMINATED_BY, TerminateCauses.origin(cause))
                        .from(picked)
                        .where(SESSIONS.TENANT_ID.eq(picked.field("tenant_id", String.class)))
                        .and(SESSIONS.ID.eq(picked.field("id", UUID.class)))
                        .and(candidates)
                        .returning(SESSIONS.TENANT_ID, SESSIONS.ID)
                        .fetch();
                recordClosingEvents(tx, event, closedRows);
                int now = closedRows.size();
                closed += now;
                if (now < asked && !tx.fetchExists(SESSIONS, candidates)) {
                    break;
                }
            }
            return closed;
        });
    }

    /** One statement for the events of the sessions one round of a bounded close closed, on its transaction. */
    private static void recordClosingEvents(DSLContext tx, ClosingEvent event, List<? extends Record> closedRows) {
        SessionEventInsert.execute(tx, event.of(closedRows));
    }
}
