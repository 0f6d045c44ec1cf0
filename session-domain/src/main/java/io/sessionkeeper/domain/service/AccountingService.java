package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.AccountingEvent;
import io.sessionkeeper.domain.model.AcctStatusType;
import io.sessionkeeper.domain.model.MacAddress;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.SessionKey;
import io.sessionkeeper.domain.model.SessionSample;
import io.sessionkeeper.domain.model.TerminateCause;
import io.sessionkeeper.domain.model.Usage;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.in.AccountingBatchResult;
import io.sessionkeeper.domain.port.in.PreparedAccounting;
import io.sessionkeeper.domain.port.in.TrackAccountingCommand;
import io.sessionkeeper.domain.port.in.TrackAccountingUseCase;
import io.sessionkeeper.domain.port.out.AccountingCommitListener;
import io.sessionkeeper.domain.port.out.PreparedWrite;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.SessionWrites;
import io.sessionkeeper.domain.port.out.SessionWrites.Device;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accounting rules. A batch is split at Accounting-On/Off events; the session events between them are
 * applied in arrival order inside one atomic unit of the repository:
 *
 * <ul>
 *   <li>an event belongs to the newest known session with its key unless that session's last accounting is
 *       more than the reuse gap before the event's session began (a reused Acct-Session-Id): then it starts a
 *       new session and an old one still open is closed as superseded;
 *   <li>an event for a known session merges into it ({@link Session#mergedWith}): counters and session time
 *       never go backwards, a stopped session stays stopped, a framed IP learnt later is kept;
 *   <li>an Interim-Update or Stop without a known session creates it, begun Acct-Session-Time before the event;
 *   <li>a Start of a user on a NAS from a MAC that already has an older open session there closes that one
 *       (its Stop was lost);
 *   <li>Accounting-On/Off closes every open session of the NAS begun at or before the event, in bounded
 *       transactions, as NAS-Reboot.
 * </ul>
 *
 * <p>What the rules did besides merging counters goes to the session's timeline with the unit that did it: an
 * event that brought another Framed-IP-Address (IP Changed) and a session closed as superseded (Superseded); the
 * repository records NAS Rebooted with its close. An ordinary Interim-Update records nothing.
 */
@Singleton
public final class AccountingService implements TrackAccountingUseCase {
    private final SessionRepository repository;
    private final AccountingPolicy policy;
    private final AccountingCommitListener committed;

    /** Without a listener of commits. */
    public AccountingService(SessionRepository repository, AccountingPolicy policy) {
        this(repository, policy, AccountingCommitListener.NONE);
    }

    /** @param committed told of the sessions of each unit right after its commit (the alerts' prompt path) */
    @Inject
    public AccountingService(
            SessionRepository repository, AccountingPolicy policy, AccountingCommitListener committed) {
        this.repository = repository;
        this.policy = policy;
        this.committed = committed;
    }

    @Override
    public PreparedAccounting prepare(TrackAccountingCommand command) {
        AccountingBatchResult done = AccountingBatchResult.EMPTY;
        List<Observation> segment = new ArrayList<>();
        int ignored = 0;
        for (AccountingEvent event : command.events()) {
            if (event.isNasEvent()) {
                done = done.plus(write(segment));
                segment = new ArrayList<>();
                done = done.plus(closeSessionsOfNas(event));
            } else if (event.isSessionEvent()
                    && event.acctSessionId() != null
                    && !event.acctSessionId().isEmpty()) {
                segment.add(Observation.of(event, policy));
            } else {
                ignored++;
            }
        }
        done = done.plus(new AccountingBatchResult(0, 0, 0, 0, ignored));
        if (segment.isEmpty()) {
            return PreparedAccounting.done(done);
        }
        List<Observation> last = segment;
        Set<SessionKey> keys = keysOf(last);
        return new Prepared(
                repository.prepare(keys, writes -> new BatchApplication(writes, keys).apply(last)), done, committed);
    }

    /** What one unit did, and the sessions it saved (for the listener of commits). */
    private record Applied(AccountingBatchResult result, List<Session> saved) {}

    /** The last segment of a batch, prepared in the repository, and what the segments before it did. */
    private static final class Prepared implements PreparedAccounting {
        private final PreparedWrite<Applied> unit;
        private final AccountingBatchResult before;
        private final AccountingCommitListener listener;

        Prepared(PreparedWrite<Applied> unit, AccountingBatchResult before, AccountingCommitListener listener) {
            this.unit = unit;
            this.before = before;
            this.listener = listener;
        }

        @Override
        public AccountingBatchResult result() {
            return before.plus(unit.result().result());
        }

        @Override
        public void commit() {
            unit.commit();
            tell(listener, unit.result().saved());
        }

        @Override
        public void close() {
            unit.close();
        }
    }

    private AccountingBatchResult closeSessionsOfNas(AccountingEvent event) {
        Instant at = EventTimes.eventTime(event, policy);
        repository.recordNasRestart(
                event.nas().tenant(), event.nas().id(), event.statusType() == AcctStatusType.ACCOUNTING_ON, at);
        int closed = 0;
        int batch;
        do {
            batch = repository.closeOpenOfNas(
                    event.nas().id(), at, at, TerminateCause.NAS_REBOOT, policy.nasCloseBatchSize());
            closed += batch;
        } while (batch >= policy.nasCloseBatchSize());
        return new AccountingBatchResult(0, 0, 0, closed, 0);
    }

    private AccountingBatchResult write(List<Observation> segment) {
        if (segment.isEmpty()) {
            return AccountingBatchResult.EMPTY;
        }
        Set<SessionKey> keys = keysOf(segment);
        Applied applied = repository.writeAtomically(keys, writes -> new BatchApplication(writes, keys).apply(segment));
        tell(committed, applied.saved());
        return applied.result();
    }

    /**
     * The listener is told after the commit: whatever it does, the unit is durable and its events must be
     * acknowledged, so a failure of it is not the batch's (the alerts' sweep catches up with what it missed).
     */
    private static void tell(AccountingCommitListener listener, List<Session> saved) {
        try {
            listener.committed(saved);
        } catch (RuntimeException e) {
            // deliberately ignored: see above
        }
    }

    private static Set<SessionKey> keysOf(List<Observation> segment) {
        Set<SessionKey> keys = new LinkedHashSet<>();
        for (Observation observation : segment) {
            keys.add(observation.key());
        }
        return keys;
    }

    /** The state of one atomic unit while its events are applied. */
    private final class BatchApplication {
        private final SessionWrites writes;
        private final Map<SessionKey, Session> newestByKey;
        private final Map<SessionId, Session> changed = new LinkedHashMap<>();
        private final Map<Device, List<SessionId>> openByDevice = new HashMap<>();
        private final Map<SessionId, Session> loaded = new HashMap<>();
        /** The last update of every session the unit read from the store, as read (for {@link #newerThanStored}). */
        private final Map<SessionId, Instant> storedLastUpdate = new HashMap<>();

        private final Set<SessionId> createdHere = new HashSet<>();
        private final List<SessionEvent> events = new ArrayList<>();
        private final List<SessionSample> samples = new ArrayList<>();
        private int created;
        private int updated;
        private int superseded;

        BatchApplication(SessionWrites writes, Set<SessionKey> keys) {
            this.writes = writes;
            this.newestByKey = new HashMap<>(writes.findLatest(keys));
            for (Session stored : newestByKey.values()) {
                storedLastUpdate.put(stored.id(), stored.lastUpdate());
            }
        }

        Applied apply(List<Observation> segment) {
            loadOpenSessionsOfStartingDevices(segment);
            for (Observation observation : segment) {
                Session existing = newestByKey.get(observation.key());
                Session result;
                if (existing != null && observation.belongsTo(existing, policy)) {
                    result = existing.mergedWith(observation.toSession(existing.id()));
                    recordIpChange(existing, result, observation.eventTime());
                    updated++;
                } else {
                    SessionId id = SessionId.timeOrdered(observation.event().receivedAt());
                    if (existing != null && existing.isActive()) {
                        supersede(existing, id, observation.eventTime());
                    }
                    result = observation.toSession(id);
                    createdHere.add(id);
                    created++;
                }
                if (!result.equals(existing)) {
                    put(result);
                }
                samples.add(observation.sampleOf(result, newerThanStored(result.id(), observation.eventTime())));
                if (result.macAddress() != null) {
                    List<SessionId> ofDevice = openByDevice.computeIfAbsent(deviceOf(result), d -> new ArrayList<>());
                    if (observation.event().statusType() == AcctStatusType.START) {
                        closeOlderSessions(ofDevice, result, observation.eventTime());
                    }
                    if (!ofDevice.contains(result.id())) {
                        ofDevice.add(result.id());
                    }
                }
            }
            List<Session> saved = List.copyOf(changed.values());
            writes.saveAll(saved);
            recordEvents();
            writes.appendSamples(samples);
            return new Applied(new AccountingBatchResult(created, updated, superseded, 0, 0), saved);
        }

        /**
         * Whether no stored sample can have this key ({@link SessionSample#newerThanStored}): the session was made by
         * this unit, or the time is after the last update the unit read for it. Unknown sessions say no.
         */
        private boolean newerThanStored(SessionId session, Instant at) {
            if (createdHere.contains(session)) {
                return true;
            }
            Instant stored = storedLastUpdate.get(session);
            return stored != null && micros(at) > micros(stored);
        }

        /** The session's IP as merged differs from the one it had: the rare row of an interim worth an event. */
        private void recordIpChange(Session before, Session after, Instant at) {
            if (before.framedIp() != null
                    && after.framedIp() != null
                    && !before.framedIp().equals(after.framedIp())) {
                events.add(new SessionEvent(
                        after.tenant(),
                        after.id(),
                        at,
                        new SessionEvent.IpChanged(before.framedIp(), after.framedIp())));
            }
        }

        /** Closes {@code older} as superseded by session {@code by}, whose event at {@code at} began it. */
        private void supersede(Session older, SessionId by, Instant at) {
            put(older.closed(older.lastUpdate(), TerminateCause.SUPERSEDED));
            superseded++;
            events.add(new SessionEvent(older.tenant(), older.id(), at, new SessionEvent.Superseded(by)));
        }

        /** One statement for the unit's events, none at all for a batch without any (the usual one). */
        private void recordEvents() {
            if (!events.isEmpty()) {
                writes.recordEvents(events);
            }
        }

        private void loadOpenSessionsOfStartingDevices(List<Observation> segment) {
            Set<Device> devices = new LinkedHashSet<>();
            for (Observation observation : segment) {
                Device device = observation.device();
                if (observation.event().statusType() == AcctStatusType.START && device != null) {
                    devices.add(device);
                }
            }
            if (devices.isEmpty()) {
                return;
            }
            for (Session open : writes.findOpenOfDevices(devices)) {
                loaded.put(open.id(), open);
                storedLastUpdate.putIfAbsent(open.id(), open.lastUpdate());
                openByDevice
                        .computeIfAbsent(deviceOf(open), d -> new ArrayList<>())
                        .add(open.id());
            }
        }

        private void closeOlderSessions(List<SessionId> ids, Session started, Instant at) {
            for (SessionId id : ids) {
                Session other = current(id);
                if (other != null
                        && other.isActive()
                        && !other.key().equals(started.key())
                        && other.startTime().isBefore(started.startTime())) {
                    supersede(other, started.id(), at);
                }
            }
        }

        private Session current(SessionId id) {
            Session session = changed.get(id);
            return session != null ? session : loaded.get(id);
        }

        private void put(Session session) {
            changed.put(session.id(), session);
            Session newest = newestByKey.get(session.key());
            if (newest == null
                    || newest.id().equals(session.id())
                    || newest.startTime().isBefore(session.startTime())) {
                newestByKey.put(session.key(), session);
            }
        }
    }

    /** Time as stored (PostgreSQL keeps microseconds): two instants equal there are the same sample key. */
    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    private static Device deviceOf(Session session) {
        return new Device(session.tenant(), session.nasId(), session.username(), session.macAddress());
    }

    /** An event with what the rules derive from it once. */
    private record Observation(
            AccountingEvent event,
            SessionKey key,
            Instant eventTime,
            Instant sessionStart,
            MacAddress macAddress,
            io.sessionkeeper.domain.model.ConnectionType connectionType) {

        static Observation of(AccountingEvent event, AccountingPolicy policy) {
            Instant eventTime = EventTimes.eventTime(event, policy);
            SessionKey key = SessionKey.derive(
                    event.nas().id(),
                    event.username(),
                    event.acctSessionId(),
                    event.port().nasPortId(),
                    event.nasPort());
            MacAddress mac = event.callingStationId() == null
                    ? null
                    : MacAddress.tryParse(event.callingStationId()).orElse(null);
            return new Observation(
                    event,
                    key,
                    eventTime,
                    EventTimes.sessionStart(event, eventTime),
                    mac,
                    ConnectionClassifier.classify(event));
        }

        boolean belongsTo(Session existing, AccountingPolicy policy) {
            return sessionStart == null
                    || !sessionStart.isAfter(existing.lastUpdate().plus(policy.sessionIdReuseGap()));
        }

        Device device() {
            return macAddress == null
                    ? null
                    : new Device(event.nas().tenant(), event.nas().id(), username(), macAddress);
        }

        private String username() {
            return event.username() == null ? "" : event.username();
        }

        /**
         * The packet's usage as a sample of the session it was applied to: its own counters, not the session's merged
         * totals, so that the series can tell a counter that went backwards (see {@code BandwidthSeriesBuilder}).
         */
        SessionSample sampleOf(Session session, boolean newerThanStored) {
            Usage usage = Usage.fromRadius(event.counters(), event.nas().countersReversed());
            UsageSample.Kind kind =
                    switch (event.statusType()) {
                        case START -> UsageSample.Kind.START;
                        case STOP -> UsageSample.Kind.STOP;
                        default -> UsageSample.Kind.INTERIM;
                    };
            return new SessionSample(
                    session.tenant(),
                    session.id(),
                    new UsageSample(
                            eventTime,
                            usage.downloadOctets(),
                            usage.uploadOctets(),
                            event.sessionTime() == null ? 0 : event.sessionTime(),
                            kind),
                    newerThanStored);
        }

        Session toSession(SessionId id) {
            boolean stop = event.statusType() == AcctStatusType.STOP;
            Instant start = sessionStart != null ? sessionStart : eventTime;
            TerminateCause cause =
                    stop && event.terminateCause() != null ? TerminateCause.fromRadius(event.terminateCause()) : null;
            return new Session(
                    id,
                    event.nas().tenant(),
                    event.nas().id(),
                    key,
                    event.acctSessionId(),
                    username(),
                    event.framedIp(),
                    macAddress,
                    connectionType,
                    start,
                    event.statusType() == AcctStatusType.START,
                    stop ? eventTime : null,
                    eventTime,
                    Usage.fromRadius(event.counters(), event.nas().countersReversed()),
                    event.sessionTime() == null ? 0 : event.sessionTime(),
                    cause,
                    event.port(),
                    event.rateLimit(),
                    event.original(),
                    event.interimIntervalSeconds() == null ? null : Duration.ofSeconds(event.interimIntervalSeconds()),
                    event.ipv6());
        }
    }
}
