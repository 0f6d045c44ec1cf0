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
 * granularity (a NAS: 15 minutes; a customer: 1 hour, 1 day), and from the samples for the rest.
 */
@Singleton
public final class BandwidthService implements BandwidthUseCase {
    /** The default range of a customer's or a NAS's series: the last day. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(1);

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
        UsageSeries series =
                BandwidthSeriesBuilder.build(found, interval, from, to, observedUntil, session.interimInterval());
        List<Point> points = new ArrayList<>(series.buckets().size());
        for (UsageBucket bucket : series.buckets()) {
            double seconds = bucket.observed().toNanos() / 1e9;
            Rate rate = bucket.hasData() ? Rate.of(bucket.downloadOctets(), bucket.uploadOctets(), seconds) : null;
            points.add(new Point(bucket.start(), rate, null, bucket.marks(), Source.SAMPLES));
        }
        return new Bandwidth(interval, from, to, series.interimInterval(), points);
    }

    private Bandwidth ofScope(BandwidthQuery query, Scope scope, Instant now) {
        Instant to = query.to() != null ? query.to() : now;
        Instant from = query.from() != null ? query.from() : to.minus(DEFAULT_RANGE);
        BandwidthInterval interval = intervalOf(query, from, to);
        Instant start = interval.floor(from);
        int count = Math.toIntExact(interval.points(from, to));
        long[] down = new long[count];
        long[] up = new long[count];
        int[] active = new int[count];
        UsageBucket.Marks[] marks = new UsageBucket.Marks[count];
        Source[] source = new Source[count];
        java.util.Arrays.fill(marks, UsageBucket.Marks.NONE);
        java.util.Arrays.fill(source, Source.SAMPLES);

        Grain grain = grainFor(scope, interval);
        Instant rawFrom = from;
        if (grain != null) {
            Instant rolledUntil = history.rolledUntil();
            if (grain == Grain.DAY) {
                // a customer's day is rolled once the whole day is: the rest of the day comes from the samples
                rolledUntil = BandwidthInterval.ONE_DAY.floor(rolledUntil);
            }
            Instant rolledTo = earlier(to, rolledUntil);
            if (from.isBefore(rolledTo)) {
                for (RolledBucket rolled : history.rolledUp(query.tenant(), scope, grain, start, rolledTo)) {
                    int b = index(interval, start, rolled.start());
                    if (b >= 0 && b < count) {
                        down[b] += rolled.downloadOctets();
                        up[b] += rolled.uploadOctets();
                        active[b] = Math.max(active[b], rolled.sessions());
                        source[b] = Source.ROLLUP;
                    }
                }
                rawFrom = rolledTo;
            }
        }
        if (rawFrom.isBefore(to)) {
            for (SessionSamples one : history.samples(query.tenant(), scope, rawFrom, to)) {
                Instant until = one.stop() != null ? one.stop() : now;
                UsageSeries series = BandwidthSeriesBuilder.build(
                        one.samples(), interval, rawFrom, to, until, one.interimInterval());
                for (UsageBucket bucket : series.buckets()) {
                    int b = index(interval, start, bucket.start());
                    if (b < 0 || b >= count || !bucket.hasData()) {
                        continue;
                    }
                    down[b] += bucket.downloadOctets();
                    up[b] += bucket.uploadOctets();
                    active[b]++;
                    marks[b] = marks[b].or(bucket.marks());
                }
            }
        }
        List<Point> points = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            Instant bucketStart = start.plus(interval.length().multipliedBy(b));
            Instant bucketEnd = earlier(bucketStart.plus(interval.length()), now);
            double seconds = Duration.between(bucketStart, bucketEnd).toNanos() / 1e9;
            Rate rate = seconds > 0 ? Rate.of(down[b], up[b], seconds) : null;
            points.add(new Point(bucketStart, rate, active[b], marks[b], source[b]));
        }
        return new Bandwidth(interval, from, to, null, points);
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
