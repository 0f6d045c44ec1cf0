package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Bandwidth;
import io.sessionkeeper.domain.model.Bandwidth.Point;
import io.sessionkeeper.domain.model.Bandwidth.Rate;
import io.sessionkeeper.domain.model.Bandwidth.Source;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.UsageBucket;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSeries;
import io.sessionkeeper.domain.port.in.BandwidthQuery;
import io.sessionkeeper.domain.port.in.BandwidthUseCase;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.UsageHistory;
import io.sessionkeeper.domain.port.out.UsageHistory.Grain;
import io.sessionkeeper.domain.port.out.UsageHistory.RolledBucket;
import io.sessionkeeper.domain.port.out.UsageHistory.Scope;
import io.sessionkeeper.domain.port.out.UsageHistory.SessionSamples;
import io.sessionkeeper.domain.port.out.UsageSamples;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bandwidth series. A session's comes from its samples ({@link BandwidthSeriesBuilder}); a customer's or a NAS's
 * is the sum of its sessions', from the roll-ups for the whole hours they hold when the interval is at least their
 * granularity (a NAS: 15 minutes; a customer: 1 hour, 1 day), and from the samples for the rest; a NAS's from the
 * roll-ups alone while they are current, up to their watermark (ADR 62).
 */
@Singleton
public final class BandwidthService implements BandwidthUseCase {
    /** The default range of a customer's or a NAS's series: the last day. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(1);

    /**
     * A NAS's series at 15 minutes or wider ends at the roll-ups' watermark while the usage job keeps it within this of
     * now (it lags 2 to 18 minutes at its default interval of a minute, ADR 60); further behind (the job stopped, or
     * catching up after an outage), the series reads the samples after the watermark as a customer's does (ADR 62).
     */
    static final Duration ROLLUPS_CURRENT = Duration.ofHours(1);

    /** The most samples one session's series reads (14 days of 10-second interims). */
    static final int MAX_SAMPLES = 130_000;

    private final SessionRepository sessions;
    private final UsageSamples samples;
    private final UsageHistory history;
    private final NasDirectory nasDirectory;
    private final Clock clock;

    @Inject
    public BandwidthService(
            SessionRepository sessions,
            UsageSamples samples,
            UsageHistory history,
            NasDirectory nasDirectory,
            Clock clock) {
        this.sessions = sessions;
        this.samples = samples;
        this.history = history;
        this.nasDirectory = nasDirectory;
        this.clock = clock;
    }

    @Override
    public Bandwidth bandwidth(BandwidthQuery query) {
        Instant now = Instants.now(clock);
        if (query.subject() instanceof BandwidthQuery.OfSession of) {
            Session session = sessions.findById(query.tenant(), of.id())
                    .orElseThrow(() -> new NotFoundException("session", of.id()));
            return ofSession(query, session, now);
        }
        Scope scope;
        if (query.subject() instanceof BandwidthQuery.OfNas of) {
            // a NAS the tenant has registered, or had sessions through (its history outlives its registration)
            if (nasDirectory.findById(query.tenant(), of.id()).isEmpty()
                    && sessions.find(new SessionFilter(query.tenant(), null, null, of.id(), null), 0, 1)
                            .isEmpty()) {
                throw new NotFoundException("nas", of.id());
            }
            scope = new UsageHistory.OfNas(of.id());
        } else {
            scope = new UsageHistory.OfCustomer(((BandwidthQuery.OfCustomer) query.subject()).username());
        }
        return ofScope(query, scope, now);
    }

    private Bandwidth ofSession(BandwidthQuery query, Session session, Instant now) {
        Instant observedUntil = session.stopTime() != null ? session.stopTime() : now;
        Instant to = query.to() != null
                ? query.to()
                : later(observedUntil, session.startTime().plusSeconds(1));
        Instant from = query.from() != null ? query.from() : session.startTime();
        BandwidthInterval interval = intervalOf(query, from, to);
        List<UsageSample> found =
                samples.covering(query.tenant(), session.id(), interval.floor(from), interval.ceil(to), MAX_SAMPLES);
        Instant rawFrom = rawFrom(session, from, to, found);
        if (rawFrom.isAfter(from)) {
            interval = rolledInterval(query, interval, from, to, rawFrom);
        }
        Buckets buckets = new Buckets(interval, from, to);
        if (rawFrom.isAfter(from)) {
            Instant rolledTo = earlier(rawFrom, history.rolledUntil());
            if (buckets.start.isBefore(rolledTo)) {
                buckets.addRolled(
                        history.rolledUp(
                                query.tenant(),
                                new UsageHistory.OfSession(session.id()),
                                Grain.QUARTER_HOUR,
                                buckets.start,
                                rolledTo),
                        Grain.QUARTER_HOUR,
                        session.startTime(),
                        observedUntil);
            }
        }
        Duration interim = session.interimInterval();
        if (rawFrom.isBefore(to)) {
            UsageSeries series = BandwidthSeriesBuilder.build(
                    found, interval, rawFrom, to, observedUntil, session.interimInterval());
            buckets.addSeries(series, true);
            interim = series.interimInterval();
        }
        List<Point> points = new ArrayList<>(buckets.count);
        for (int b = 0; b < buckets.count; b++) {
            double seconds = buckets.observedMicros[b] * 1_000L / 1e9;
            Rate rate = buckets.observedMicros[b] > 0 ? Rate.of(buckets.down[b], buckets.up[b], seconds) : null;
            points.add(new Point(buckets.bucketStart(b), rate, null, buckets.marks[b], buckets.source[b]));
        }
        return new Bandwidth(interval, from, to, interim, points);
    }

    /**
     * Where the session's raw samples over [from, to) begin: {@code from}, unless the raw retention dropped samples
     * of the session before it (it started before the oldest day of samples kept). Then the whole hour after its
     * first sample kept: the interval that ends at that sample began in a dropped day, and its traffic is in the
     * roll-up of the hour it crosses. Only a series whose first sample is neither the Start nor before {@code from}
     * asks where the samples begin (one catalogue read).
     */
    private Instant rawFrom(Session session, Instant from, Instant to, List<UsageSample> found) {
        if (!found.isEmpty()
                && (found.get(0).kind() == UsageSample.Kind.START
                        || !found.get(0).at().isAfter(from))) {
            return from;
        }
        Instant kept = history.samplesKeptSince();
        if (!from.isBefore(kept) || !session.startTime().isBefore(kept)) {
            return from;
        }
        Instant firstKept = found.isEmpty() ? to : found.get(0).at();
        return earlier(BandwidthInterval.ONE_HOUR.ceil(later(firstKept, kept)), to);
    }

    /**
     * The interval of a session's series that reaches before its raw samples: at least the quarter hour its roll-up
     * keeps. Asked for a finer one, 400 naming {@code interval} (ADR 43); chosen, the finest one allowed.
     */
    private static BandwidthInterval rolledInterval(
            BandwidthQuery query, BandwidthInterval interval, Instant from, Instant to, Instant rawFrom) {
        if (interval.compareTo(BandwidthInterval.FIFTEEN_MINUTES) >= 0) {
            return interval;
        }
        InvalidValueException.require(
                query.interval() == null,
                "interval",
                interval.code() + " is finer than the session's roll-ups (15 minutes), which alone hold its traffic"
                        + " before " + rawFrom + " (the raw samples' retention): use 15m or wider, or a from at or"
                        + " after " + rawFrom);
        return intervalOf(
                new BandwidthQuery(query.tenant(), query.subject(), BandwidthInterval.FIFTEEN_MINUTES, from, to),
                from,
                to);
    }

    private Bandwidth ofScope(BandwidthQuery query, Scope scope, Instant now) {
        Instant to = query.to() != null ? query.to() : now;
        Instant from = query.from() != null ? query.from() : to.minus(DEFAULT_RANGE);
        BandwidthInterval interval = scope instanceof UsageHistory.OfNas && query.interval() == null
                ? chosenForNas(query, from, to)
                : intervalOf(query, from, to);
        Buckets buckets = new Buckets(interval, from, to);

        Grain grain = grainFor(scope, interval);
        Instant rawFrom = from;
        // a series read from the roll-ups alone ends at their watermark: the buckets from it on are pending
        Instant pendingFrom = null;
        if (grain != null) {
            Instant rolledUntil = history.rolledUntil();
            // a NAS's series from the roll-ups alone (ADR 62): the samples after them are every online session's
            boolean rollupsAlone =
                    scope instanceof UsageHistory.OfNas && !rolledUntil.isBefore(now.minus(ROLLUPS_CURRENT));
            if (grain == Grain.DAY) {
                // a customer's day is rolled once the whole day is: the rest of the day comes from the samples
                rolledUntil = BandwidthInterval.ONE_DAY.floor(rolledUntil);
            } else if (grain == Grain.HOUR) {
                // the roll-ups go by the quarter (ADR 60): a customer's hour is whole once its last quarter is rolled;
                // before that its row holds only part of the hour, and the hour comes from the samples
                rolledUntil = BandwidthInterval.ONE_HOUR.floor(rolledUntil);
            }
            Instant rolledTo = earlier(to, rolledUntil);
            if (from.isBefore(rolledTo)) {
                buckets.addRolled(
                        history.rolledUp(query.tenant(), scope, grain, buckets.start, rolledTo), grain, null, null);
                rawFrom = rolledTo;
            }
            if (rollupsAlone) {
                pendingFrom = rolledUntil;
                rawFrom = to;
            }
        }
        if (rawFrom.isBefore(to)) {
            for (SessionSamples one : history.samples(query.tenant(), scope, rawFrom, to)) {
                Instant until = one.stop() != null ? one.stop() : now;
                buckets.addSeries(
                        BandwidthSeriesBuilder.build(
                                one.samples(), interval, rawFrom, to, until, one.interimInterval()),
                        false);
            }
        }
        List<Point> points = new ArrayList<>(buckets.count);
        for (int b = 0; b < buckets.count; b++) {
            Instant bucketStart = buckets.bucketStart(b);
            if (pendingFrom != null && !bucketStart.isBefore(pendingFrom)) {
                points.add(new Point(bucketStart, null, null, UsageBucket.Marks.NONE, Source.PENDING));
                continue;
            }
            if (pendingFrom != null) {
                // a NAS's quarter without a row had no traffic: a zero from the roll-ups, not from samples
                buckets.source[b] = Source.ROLLUP;
            }
            Instant bucketEnd = earlier(bucketStart.plus(interval.length()), pendingFrom != null ? pendingFrom : now);
            double seconds = Duration.between(bucketStart, bucketEnd).toNanos() / 1e9;
            Rate rate = seconds > 0 ? Rate.of(buckets.down[b], buckets.up[b], seconds) : null;
            points.add(new Point(bucketStart, rate, buckets.active[b], buckets.marks[b], buckets.source[b]));
        }
        return new Bandwidth(interval, from, to, null, points);
    }

    /**
     * The buckets of a series being put together from roll-ups and from samples' series (one session's, or many
     * summed): octets, sessions with data, marks, where the figures come from, and how long the data covers.
     */
    private static final class Buckets {
        final BandwidthInterval interval;
        final Instant start;
        final int count;
        final long[] down;
        final long[] up;
        final int[] active;
        final long[] observedMicros;
        final UsageBucket.Marks[] marks;
        final Source[] source;

        Buckets(BandwidthInterval interval, Instant from, Instant to) {
            this.interval = interval;
            this.start = interval.floor(from);
            this.count = Math.toIntExact(interval.points(from, to));
            this.down = new long[count];
            this.up = new long[count];
            this.active = new int[count];
            this.observedMicros = new long[count];
            this.marks = new UsageBucket.Marks[count];
            this.source = new Source[count];
            java.util.Arrays.fill(marks, UsageBucket.Marks.NONE);
            java.util.Arrays.fill(source, Source.SAMPLES);
        }

        Instant bucketStart(int b) {
            return start.plus(interval.length().multipliedBy(b));
        }

        /**
         * Adds roll-up buckets (of {@code grain}, no wider than the interval). A roll-up keeps no finer time than its
         * grain: a bucket with data is taken as covering its grain within [{@code liveFrom}, {@code liveTo}) (a
         * session's start and stop; null for a sum, whose rate is over the whole bucket).
         */
        void addRolled(List<RolledBucket> rolled, Grain grain, Instant liveFrom, Instant liveTo) {
            for (RolledBucket one : rolled) {
                int b = index(interval, start, one.start());
                if (b < 0 || b >= count) {
                    continue;
                }
                down[b] += one.downloadOctets();
                up[b] += one.uploadOctets();
                active[b] = Math.max(active[b], one.sessions());
                source[b] = Source.ROLLUP;
                if (one.sessions() > 0 && liveFrom != null) {
                    Instant first = later(one.start(), liveFrom);
                    Instant last = earlier(one.start().plus(grain.length()), liveTo);
                    if (first.isBefore(last)) {
                        observedMicros[b] += Duration.between(first, last).toNanos() / 1_000;
                    }
                }
            }
        }

        /**
         * Adds one session's series built over the same interval; {@code marksWithoutData}: whether a bucket's marks
         * count where it has no data (a session's own series: a gap after its last sample; a sum counts only the
         * sessions with data in a bucket).
         */
        void addSeries(UsageSeries series, boolean marksWithoutData) {
            for (UsageBucket bucket : series.buckets()) {
                int b = index(interval, start, bucket.start());
                if (b < 0 || b >= count) {
                    continue;
                }
                if (!bucket.hasData()) {
                    if (marksWithoutData) {
                        marks[b] = marks[b].or(bucket.marks());
                    }
                    continue;
                }
                down[b] += bucket.downloadOctets();
                up[b] += bucket.uploadOctets();
                active[b]++;
                observedMicros[b] += bucket.observed().toNanos() / 1_000;
                marks[b] = marks[b].or(bucket.marks());
            }
        }
    }

    /**
     * A NAS's interval when none is asked: as for any series, but at least its roll-ups' quarter hour. Finer, its
     * series reads the samples of every session it had over the range (a day at 5m: 288 samples of each of its
     * thousands of sessions), which an explicit {@code 1m} or {@code 5m} still does (ADR 62).
     */
    private static BandwidthInterval chosenForNas(BandwidthQuery query, Instant from, Instant to) {
        BandwidthInterval chosen = intervalOf(query, from, to);
        return chosen.compareTo(BandwidthInterval.FIFTEEN_MINUTES) >= 0 ? chosen : BandwidthInterval.FIFTEEN_MINUTES;
    }

    /** The roll-up a sum of sessions may use at this interval, or null (samples only). */
    static Grain grainFor(Scope scope, BandwidthInterval interval) {
        if (scope instanceof UsageHistory.OfNas) {
            return interval.length().compareTo(BandwidthInterval.FIFTEEN_MINUTES.length()) >= 0
                    ? Grain.QUARTER_HOUR
                    : null;
        }
        return switch (interval) {
            case ONE_DAY -> Grain.DAY;
            case ONE_HOUR -> Grain.HOUR;
            default -> null;
        };
    }

    private static BandwidthInterval intervalOf(BandwidthQuery query, Instant from, Instant to) {
        InvalidValueException.require(from.isBefore(to), "from", "must be before to");
        BandwidthInterval interval = query.interval() != null ? query.interval() : BandwidthInterval.choose(from, to);
        long points = interval.points(from, to);
        InvalidValueException.require(
                points <= BandwidthInterval.MAX_POINTS,
                "interval",
                interval.code() + " gives " + points + " points over the range; at most " + BandwidthInterval.MAX_POINTS
                        + ": choose a wider interval or a shorter range");
        return interval;
    }

    private static int index(BandwidthInterval interval, Instant start, Instant at) {
        long offset = Duration.between(start, at).toSeconds();
        return offset < 0 ? -1 : (int) (offset / interval.length().toSeconds());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
