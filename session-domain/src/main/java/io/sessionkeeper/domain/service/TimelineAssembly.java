package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.Timeline;
import io.sessionkeeper.domain.model.TimelineEntry;
import io.sessionkeeper.domain.model.TimelineEntry.Rate;
import io.sessionkeeper.domain.model.UsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A page of a session's timeline from the session, its usage samples and its events, each source read in time order
 * and only as far as the page needs (plus, when collapsing, the rest of the run the page ends in).
 *
 * <p>Order: by time; at one instant the start first, then interim updates, then recorded events in the order they
 * were recorded, then the end. A Start or Stop sample is no entry of its own (the start and the end come from the
 * session) but is the sample the next interim's rate is measured from; the first interim of a session whose start is
 * a NAS's Start is measured from that start with zero counters.
 */
final class TimelineAssembly {
    private TimelineAssembly() {}

    static Timeline page(
            Session session,
            IpAddress startIp,
            Iterator<UsageSample> samples,
            Iterator<SessionEvent> events,
            boolean collapse,
            long offset,
            int limit) {
        Iterator<Item> merged = new Merged(session, startIp, samples, events);
        Iterator<TimelineEntry> entries = collapse ? new Collapsed(merged) : new Plain(merged);
        for (long skipped = 0; skipped < offset && entries.hasNext(); skipped++) {
            entries.next();
        }
        List<TimelineEntry> page = new ArrayList<>(Math.min(limit, 1_000));
        while (page.size() < limit && entries.hasNext()) {
            page.add(entries.next());
        }
        return new Timeline(session.id(), page, offset, limit, entries.hasNext());
    }

    /** Where an interim's rate is measured from: the sample before it. */
    private record Base(Instant at, long downloadOctets, long uploadOctets) {
        static Base of(UsageSample sample) {
            return new Base(sample.at(), sample.downloadOctets(), sample.uploadOctets());
        }
    }

    /** An entry with, for an interim, the sample before it (null when none). */
    private record Item(TimelineEntry entry, Base before) {}

    /** The four sources merged by (time, rank of the source). */
    private static final class Merged implements Iterator<Item> {
        private final Iterator<UsageSample> samples;
        private final Iterator<SessionEvent> events;
        private Item started;
        private Item ended;
        private Item interim;
        private SessionEvent event;
        private Base previous;

        Merged(Session session, IpAddress startIp, Iterator<UsageSample> samples, Iterator<SessionEvent> events) {
            this.samples = samples;
            this.events = events;
            this.started = new Item(new TimelineEntry.Started(session.startTime(), startIp), null);
            this.ended = session.isActive()
                    ? null
                    : new Item(
                            new TimelineEntry.Ended(
                                    session.stopTime(),
                                    session.terminateCause(),
                                    session.usage().downloadOctets(),
                                    session.usage().uploadOctets(),
                                    session.sessionTimeSeconds()),
                            null);
            this.previous = session.startSettled() ? new Base(session.startTime(), 0, 0) : null;
        }

        @Override
        public boolean hasNext() {
            fill();
            return started != null || interim != null || event != null || ended != null;
        }

        @Override
        public Item next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Item best = started;
            int rank = best == null ? Integer.MAX_VALUE : 0;
            if (interim != null && before(interim.entry().at(), 1, best, rank)) {
                best = interim;
                rank = 1;
            }
            Item recorded = event == null ? null : new Item(new TimelineEntry.Recorded(event), null);
            if (recorded != null && before(recorded.entry().at(), 2, best, rank)) {
                best = recorded;
                rank = 2;
            }
            if (ended != null && before(ended.entry().at(), 3, best, rank)) {
                best = ended;
                rank = 3;
            }
            switch (rank) {
                case 0 -> started = null;
                case 1 -> interim = null;
                case 2 -> event = null;
                default -> ended = null;
            }
            return best;
        }

        private static boolean before(Instant at, int rank, Item best, int bestRank) {
            if (best == null) {
                return true;
            }
            int byTime = at.compareTo(best.entry().at());
            return byTime < 0 || (byTime == 0 && rank < bestRank);
        }

        private void fill() {
            if (event == null && events.hasNext()) {
                event = events.next();
            }
            while (interim == null && samples.hasNext()) {
                UsageSample sample = samples.next();
                if (sample.kind() == UsageSample.Kind.INTERIM) {
                    interim = new Item(interimOf(sample), previous);
                }
                previous = Base.of(sample);
            }
        }

        private TimelineEntry.Interim interimOf(UsageSample sample) {
            Rate rate = previous == null
                    ? null
                    : Rate.between(
                            previous.at(),
                            previous.downloadOctets(),
                            previous.uploadOctets(),
                            sample.at(),
                            sample.downloadOctets(),
                            sample.uploadOctets());
            return new TimelineEntry.Interim(
                    sample.at(),
                    sample.downloadOctets(),
                    sample.uploadOctets(),
                    sample.sessionTimeSeconds(),
                    rate,
                    wentBack(previous, sample.downloadOctets(), sample.uploadOctets()));
        }
    }

    private static boolean wentBack(Base before, long downloadOctets, long uploadOctets) {
        return before != null && (downloadOctets < before.downloadOctets() || uploadOctets < before.uploadOctets());
    }

    private static final class Plain implements Iterator<TimelineEntry> {
        private final Iterator<Item> items;

        Plain(Iterator<Item> items) {
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            return items.hasNext();
        }

        @Override
        public TimelineEntry next() {
            return items.next().entry();
        }
    }

    /** Every run of two or more consecutive interims as one entry; a run is read to its end, not kept. */
    private static final class Collapsed implements Iterator<TimelineEntry> {
        private final Iterator<Item> items;
        private Item pending;

        Collapsed(Iterator<Item> items) {
            this.items = items;
        }

        @Override
        public boolean hasNext() {
            return pending != null || items.hasNext();
        }

        @Override
        public TimelineEntry next() {
            Item first = pending != null ? pending : items.next();
            pending = null;
            if (!(first.entry() instanceof TimelineEntry.Interim firstInterim)) {
                return first.entry();
            }
            TimelineEntry.Interim last = firstInterim;
            int count = 1;
            boolean wentBack = firstInterim.counterWentBack();
            while (items.hasNext()) {
                Item item = items.next();
                if (!(item.entry() instanceof TimelineEntry.Interim interim)) {
                    pending = item;
                    break;
                }
                last = interim;
                count++;
                wentBack |= interim.counterWentBack();
            }
            if (count == 1) {
                return firstInterim;
            }
            Base base = first.before();
            Rate rate = wentBack || base == null
                    ? null
                    : Rate.between(
                            base.at(),
                            base.downloadOctets(),
                            base.uploadOctets(),
                            last.at(),
                            last.downloadOctets(),
                            last.uploadOctets());
            return new TimelineEntry.Interims(
                    firstInterim.at(),
                    last.at(),
                    count,
                    last.downloadOctets(),
                    last.uploadOctets(),
                    last.sessionTimeSeconds(),
                    rate,
                    wentBack);
        }
    }
}
