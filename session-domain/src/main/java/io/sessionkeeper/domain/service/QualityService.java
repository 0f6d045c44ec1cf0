package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Bandwidth;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.Customer;
import io.sessionkeeper.domain.model.EffectiveRate;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualitySeries;
import io.sessionkeeper.domain.model.QualitySource;
import io.sessionkeeper.domain.model.QualityTally;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.port.in.BandwidthQuery;
import io.sessionkeeper.domain.port.in.BandwidthUseCase;
import io.sessionkeeper.domain.port.in.RecordQualityCommand;
import io.sessionkeeper.domain.port.in.RecordQualityCommand.Reading;
import io.sessionkeeper.domain.port.in.RecordQualityUseCase;
import io.sessionkeeper.domain.port.in.SessionQualityQuery;
import io.sessionkeeper.domain.port.in.SessionQualityUseCase;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.QualityStore;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionRepository;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Session quality: measurements pushed by measuring boxes are matched to open sessions and stored in 5-minute
 * buckets (crossings of the thresholds go on the timeline, {@link QualityTimeline}); a session's series is computed
 * from the buckets' content (hourly roll-ups where the interval is an hour or more), each bucket with whether the
 * session was near its rate limit then: its throughput (the bandwidth series, {@link BandwidthUseCase}) against its
 * {@link EffectiveRate}.
 */
@Singleton
public final class QualityService implements RecordQualityUseCase, SessionQualityUseCase {
    /** Events read to find the last acknowledged CoA rate limit. */
    static final int MAX_EVENTS = 10_000;

    private final SessionRepository sessions;
    private final CustomerDirectory customers;
    private final SessionEvents events;
    private final QualityStore store;
    private final BandwidthUseCase bandwidth;
    private final QualityPolicy policy;
    private final Clock clock;

    @Inject
    public QualityService(
            SessionRepository sessions,
            CustomerDirectory customers,
            SessionEvents events,
            QualityStore store,
            BandwidthUseCase bandwidth,
            QualityPolicy policy,
            Clock clock) {
        this.sessions = sessions;
        this.customers = customers;
        this.events = events;
        this.store = store;
        this.bandwidth = bandwidth;
        this.policy = policy;
        this.clock = clock;
    }

    // ---- recording ---------------------------------------------------------------------------------------------

    @Override
    public Recorded record(RecordQualityCommand command) {
        Instant now = Instants.now(clock);
        Set<IpAddress> addresses = new LinkedHashSet<>();
        Set<String> usernames = new LinkedHashSet<>();
        for (Reading reading : command.readings()) {
            if (reading.ip() != null) {
                addresses.add(reading.ip());
            } else {
                usernames.add(reading.username());
            }
        }
        Map<IpAddress, SessionId> byAddress =
                addresses.isEmpty() ? Map.of() : store.openByAddress(command.tenant(), addresses);
        Map<String, SessionId> byUsername =
                usernames.isEmpty() ? Map.of() : store.openByUsername(command.tenant(), usernames);
        List<QualityMeasurement> measurements = new ArrayList<>();
        List<Integer> unmatched = new ArrayList<>();
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < command.readings().size(); i++) {
            Reading reading = command.readings().get(i);
            QualityMeasurement measurement;
            try {
                // checked before matching: an invalid reading refuses the command, matched or not
                measurement = new QualityMeasurement(
                        command.tenant(),
                        SessionId.random(),
                        reading.at(),
                        QualitySource.PUSH,
                        reading.rttMillis(),
                        reading.echoes());
            } catch (InvalidValueException e) {
                throw new InvalidValueException("measurements[" + i + "]." + e.field(), e.getMessage());
            }
            if (reading.at().isBefore(now.minus(policy.acceptPast()))
                    || reading.at().isAfter(now.plus(QualityPolicy.ACCEPT_AHEAD))) {
                stale.add(i);
                continue;
            }
            SessionId session = reading.ip() != null ? byAddress.get(reading.ip()) : byUsername.get(reading.username());
            if (session == null) {
                unmatched.add(i);
                continue;
            }
            measurements.add(new QualityMeasurement(
                    command.tenant(),
                    session,
                    measurement.at(),
                    QualitySource.PUSH,
                    measurement.rttMillis(),
                    measurement.echoes()));
        }
        if (!measurements.isEmpty()) {
            QualityTimeline.record(store.add(measurements), policy, store, events);
        }
        return new Recorded(measurements.size(), unmatched, stale);
    }

    // ---- the series --------------------------------------------------------------------------------------------

    @Override
    public QualitySeries quality(SessionQualityQuery query) {
        Session session = sessions.findById(query.tenant(), query.session())
                .orElseThrow(() -> new NotFoundException("session", query.session()));
        Instant now = Instants.now(clock);
        Instant observedUntil = session.stopTime() != null ? session.stopTime() : now;
        Instant to = query.to() != null
                ? query.to()
                : (observedUntil.isAfter(session.startTime())
                        ? observedUntil
                        : session.startTime().plusSeconds(1));
        Instant from = query.from() != null ? query.from() : session.startTime();
        InvalidValueException.require(from.isBefore(to), "from", "must be before to");
        BandwidthInterval interval = query.interval() != null ? query.interval() : choose(from, to);
        long count = interval.points(from, to);
        InvalidValueException.require(
                count <= BandwidthInterval.MAX_POINTS,
                "interval",
                interval.code() + " gives " + count + " points over the range; at most " + BandwidthInterval.MAX_POINTS
                        + ": choose a wider interval or a shorter range");
        Instant start = interval.floor(from);
        Instant end = interval.ceil(to);
        int points = Math.toIntExact(count);

        // each source's content per point: 5-minute buckets, or for hours and days the hourly roll-ups where they
        // exist (an hour without a roll-up of a source is taken from its 5-minute buckets)
        List<Map<QualitySource, QualityTally>> content = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            content.add(new EnumMap<>(QualitySource.class));
        }
        boolean hourly = interval.length().compareTo(Duration.ofHours(1)) >= 0;
        Set<String> rolledHours = new java.util.HashSet<>();
        if (hourly) {
            for (QualityTally hour : store.hours(query.tenant(), session.id(), start, end)) {
                rolledHours.add(hour.start() + "/" + hour.source());
                add(content, interval, start, hour);
            }
        }
        for (QualityTally bucket : store.buckets(query.tenant(), session.id(), start, end)) {
            Instant hour = BandwidthInterval.ONE_HOUR.floor(bucket.start());
            if (!rolledHours.contains(hour + "/" + bucket.source())) {
                add(content, interval, start, bucket);
            }
        }

        Map<Instant, Bandwidth.Rate> throughput = new HashMap<>();
        for (Bandwidth.Point point : bandwidth
                .bandwidth(new BandwidthQuery(
                        query.tenant(), new BandwidthQuery.OfSession(session.id()), interval, from, to))
                .points()) {
            if (point.rate() != null) {
                throughput.put(point.timestamp(), point.rate());
            }
        }
        EffectiveRate rate = effectiveRate(session);
        List<QualitySeries.Point> series = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            Instant bucketStart = start.plus(interval.length().multipliedBy(i));
            List<QualitySeries.Measured> measured = new ArrayList<>();
            content.get(i).forEach((source, tally) -> measured.add(new QualitySeries.Measured(source, tally.stats())));
            Bandwidth.Rate used = throughput.get(bucketStart);
            Boolean near = rate == null || used == null ? null : rate.isNear(used.downloadKbps(), used.uploadKbps());
            series.add(new QualitySeries.Point(bucketStart, measured, used, near));
        }
        return new QualitySeries(interval, from, to, rate, series);
    }

    /** The bandwidth route's choice, but never finer than the 5-minute bucket quality is measured in. */
    private static BandwidthInterval choose(Instant from, Instant to) {
        BandwidthInterval chosen = BandwidthInterval.choose(from, to);
        return chosen == BandwidthInterval.ONE_MINUTE ? BandwidthInterval.FIVE_MINUTES : chosen;
    }

    private static void add(
            List<Map<QualitySource, QualityTally>> content, BandwidthInterval interval, Instant start, QualityTally t) {
        long offset = Duration.between(start, t.start()).toSeconds();
        if (offset < 0) {
            return;
        }
        int index = (int) (offset / interval.length().toSeconds());
        if (index >= content.size()) {
            return;
        }
        Instant pointStart = start.plus(interval.length().multipliedBy(index));
        content.get(index).merge(t.source(), t, (a, b) -> a.plus(b, pointStart));
    }

    /**
     * The session's effective rate ({@link EffectiveRate#of}, the one mapping): the last CoA rate limit its NAS
     * acknowledged, its accounting's rate limit, its customer's package.
     */
    EffectiveRate effectiveRate(Session session) {
        String lastAckedCoa = null;
        for (SessionEvent event : events.of(session.tenant(), session.id(), 0, MAX_EVENTS)) {
            if (event.detail() instanceof SessionEvent.SpeedChanged speed
                    && speed.answer().outcome() == SessionEvent.CoaAnswer.Outcome.ACK) {
                lastAckedCoa = speed.rateLimit();
            }
        }
        Customer customer =
                customers.findByUsername(session.tenant(), session.username()).orElse(null);
        return EffectiveRate.of(lastAckedCoa, session.rateLimit(), customer == null ? null : customer.servicePackage());
    }
}
