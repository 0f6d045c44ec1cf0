package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.UsageBucket;
import io.sessionkeeper.domain.model.UsageBucket.Marks;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.model.UsageSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a session's usage samples into traffic per bucket. The one rule, shared with the session's totals
 * ({@link io.sessionkeeper.domain.model.Usage#max}, docs/accounting-rules.md "Counters that go backwards"):
 *
 * <ol>
 *   <li>samples are taken in event-time order, whatever order they arrived in; samples at the same instant are one
 *       (the higher counters); samples after the NAS's Stop are ignored (its counters are final);
 *   <li>the traffic of an interval between consecutive samples is how far the counter rose above the highest value
 *       seen before: {@code max(0, value − highest so far)}. A counter lower than the highest (a reset, or a wrap
 *       at 4 GiB the NAS did not count in gigawords) never gives a negative rate: it marks its bucket
 *       ({@link Marks#counterReset()}) and adds nothing until the counter passes the old highest — exactly what the
 *       session's totals, which keep the highest value, count;
 *   <li>an interval's octets are spread over the buckets it overlaps in proportion to the overlap (rounded so that
 *       they add up to exactly the interval's octets); the rate of an interval is {@code Δoctets × 8 / Δt};
 *   <li>an interval longer than twice the interim interval is a gap ({@link Marks#gap()}): its octets are spread as
 *       any interval's (they were sent in it, when exactly is unknown) and its buckets are marked; after the last
 *       sample of a session that is still open, a stretch longer than that up to now is a gap without data;
 *   <li>the interim interval is the NAS's when known, else the median spacing of the session's samples.
 * </ol>
 *
 * <p>The octets before the first sample (the counter at a lost Start) are not placed in time and are not drawn.
 */
public final class BandwidthSeriesBuilder {
    private BandwidthSeriesBuilder() {}

    /**
     * The buckets of [{@code from}, {@code to}) (widened to whole buckets).
     *
     * @param samples the session's samples in the range, with the last one before it and the first one after it
     * @param observedUntil how far the session is known: now for an open session, its stop for a closed one
     * @param interimInterval the NAS's interim interval, or null to infer it from the samples
     */
    public static UsageSeries build(
            List<UsageSample> samples,
            BandwidthInterval interval,
            Instant from,
            Instant to,
            Instant observedUntil,
            Duration interimInterval) {
        InvalidValueException.require(from.isBefore(to), "from", "must be before to");
        long start = micros(interval.floor(from));
        long end = micros(interval.ceil(to));
        long width = interval.micros();
        // buckets are whole; traffic is taken inside [from, to) only (a sum of roll-ups and samples meets at an
        // instant)
        long clipFrom = micros(from);
        long clipTo = micros(to);
        int count = Math.toIntExact((end - start) / width);
        long[] down = new long[count];
        long[] up = new long[count];
        long[] observed = new long[count];
        boolean[] gap = new boolean[count];
        boolean[] reset = new boolean[count];
        boolean[] sampled = new boolean[count];

        List<UsageSample> ordered = ordered(samples);
        Duration interim = interimInterval != null ? interimInterval : inferredInterim(ordered);
        long gapMicros = interim == null ? Long.MAX_VALUE : 2 * micros(interim);

        long highestDown = 0;
        long highestUp = 0;
        for (int i = 0; i < ordered.size(); i++) {
            UsageSample sample = ordered.get(i);
            long at = micros(sample.at());
            int bucket = bucketOf(at, start, width, count);
            if (bucket >= 0) {
                sampled[bucket] = true;
            }
            if (i == 0) {
                highestDown = sample.downloadOctets();
                highestUp = sample.uploadOctets();
                continue;
            }
            long previous = micros(ordered.get(i - 1).at());
            boolean backwards = sample.downloadOctets() < highestDown || sample.uploadOctets() < highestUp;
            long deltaDown = Math.max(0, sample.downloadOctets() - highestDown);
            long deltaUp = Math.max(0, sample.uploadOctets() - highestUp);
            highestDown = Math.max(highestDown, sample.downloadOctets());
            highestUp = Math.max(highestUp, sample.uploadOctets());
            if (backwards && bucket >= 0) {
                reset[bucket] = true;
            }
            boolean isGap = at - previous > gapMicros;
            spread(
                    previous,
                    at,
                    deltaDown,
                    deltaUp,
                    isGap,
                    new Grid(start, width, clipFrom, clipTo),
                    down,
                    up,
                    observed,
                    gap);
        }
        if (!ordered.isEmpty()) {
            long last = micros(ordered.get(ordered.size() - 1).at());
            long until = micros(observedUntil);
            boolean stopped = ordered.get(ordered.size() - 1).kind() == UsageSample.Kind.STOP;
            if (!stopped && until - last > gapMicros) {
                markGap(Math.max(last, clipFrom), Math.min(until, clipTo), start, width, gap);
            }
        }
        List<UsageBucket> buckets = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            boolean finer = observed[b] > 0 && !sampled[b];
            buckets.add(new UsageBucket(
                    ofMicros(start + b * width),
                    down[b],
                    up[b],
                    Duration.of(observed[b], java.time.temporal.ChronoUnit.MICROS),
                    new Marks(gap[b], reset[b], finer)));
        }
        return new UsageSeries(interval, interim, buckets);
    }

    /** By event time; samples of one instant become one with the higher counters; nothing after the first Stop. */
    static List<UsageSample> ordered(List<UsageSample> samples) {
        List<UsageSample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparing(UsageSample::at));
        List<UsageSample> result = new ArrayList<>(sorted.size());
        for (UsageSample sample : sorted) {
            if (!result.isEmpty()) {
                UsageSample last = result.get(result.size() - 1);
                if (last.kind() == UsageSample.Kind.STOP) {
                    break;
                }
                if (last.at().equals(sample.at())) {
                    result.set(
                            result.size() - 1,
                            new UsageSample(
                                    last.at(),
                                    Math.max(last.downloadOctets(), sample.downloadOctets()),
                                    Math.max(last.uploadOctets(), sample.uploadOctets()),
                                    Math.max(last.sessionTimeSeconds(), sample.sessionTimeSeconds()),
                                    sample.kind() == UsageSample.Kind.STOP ? sample.kind() : last.kind()));
                    continue;
                }
            }
            result.add(sample);
        }
        return result;
    }

    /** The median spacing of consecutive samples, or null with fewer than two spacings. */
    static Duration inferredInterim(List<UsageSample> ordered) {
        if (ordered.size() < 3) {
            return null;
        }
        long[] spacings = new long[ordered.size() - 1];
        for (int i = 1; i < ordered.size(); i++) {
            spacings[i - 1] =
                    micros(ordered.get(i).at()) - micros(ordered.get(i - 1).at());
        }
        Arrays.sort(spacings);
        long median = spacings[(spacings.length - 1) / 2];
        return Duration.of(median, java.time.temporal.ChronoUnit.MICROS);
    }

    /** Spreads an interval's octets over the buckets it overlaps, exactly: the parts add up to the whole. */
    private static void spread(
            long from,
            long to,
            long deltaDown,
            long deltaUp,
            boolean isGap,
            Grid grid,
            long[] down,
            long[] up,
            long[] observed,
            boolean[] gap) {
        long start = grid.start();
        long width = grid.width();
        long length = to - from;
        long first = Math.max(from, grid.clipFrom());
        long last = Math.min(to, grid.clipTo());
        if (first >= last) {
            return;
        }
        int bucket = (int) ((first - start) / width);
        for (long cursor = first; cursor < last; bucket++) {
            long bucketEnd = start + (bucket + 1) * width;
            long partEnd = Math.min(last, bucketEnd);
            down[bucket] += share(deltaDown, partEnd - from, length) - share(deltaDown, cursor - from, length);
            up[bucket] += share(deltaUp, partEnd - from, length) - share(deltaUp, cursor - from, length);
            observed[bucket] += partEnd - cursor;
            if (isGap) {
                gap[bucket] = true;
            }
            cursor = partEnd;
        }
    }

    /** The buckets (first start and width) and the part of them traffic is taken in, in microseconds. */
    private record Grid(long start, long width, long clipFrom, long clipTo) {}

    private static void markGap(long from, long to, long start, long width, boolean[] gap) {
        long first = Math.max(from, start);
        long last = Math.min(to, start + width * gap.length);
        for (long cursor = first; cursor < last; cursor = start + ((cursor - start) / width + 1) * width) {
            gap[(int) ((cursor - start) / width)] = true;
        }
    }

    /** The octets of the first {@code part} of an interval of {@code length}, rounded; exact at both ends. */
    private static long share(long octets, long part, long length) {
        if (part <= 0) {
            return 0;
        }
        if (part >= length) {
            return octets;
        }
        return Math.round((double) octets * part / length);
    }

    private static int bucketOf(long at, long start, long width, int count) {
        if (at < start) {
            return -1;
        }
        long bucket = (at - start) / width;
        return bucket < count ? (int) bucket : -1;
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    static long micros(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), 1_000_000L), duration.getNano() / 1_000);
    }

    private static Instant ofMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
