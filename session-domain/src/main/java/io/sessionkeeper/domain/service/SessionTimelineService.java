package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.Timeline;
import io.sessionkeeper.domain.model.UsageSample;
import io.sessionkeeper.domain.port.in.GetSessionTimelineUseCase;
import io.sessionkeeper.domain.port.in.SessionTimelineQuery;
import io.sessionkeeper.domain.port.out.SessionEvents;
import io.sessionkeeper.domain.port.out.SessionRepository;
import io.sessionkeeper.domain.port.out.UsageSamples;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A session's timeline ({@link TimelineAssembly}): the session from the repository, its interim updates from its
 * usage samples, the rest from its recorded events. Samples and events are read in chunks, as far as the page
 * needs, so a page costs what precedes it and not the whole history of a long session.
 */
@Singleton
public final class SessionTimelineService implements GetSessionTimelineUseCase {
    static final int SAMPLE_CHUNK = 1_000;
    static final int EVENT_CHUNK = 500;
    /**
     * Samples are read from this long before the session's start: a sample's time is its packet's event time, which
     * a reordered or clock-skewed packet may put before the start the session settled on.
     */
    static final Duration SAMPLES_BEFORE_START = Duration.ofDays(1);
    /** Read "up to now and beyond": samples of late packets may lie after the stop. */
    static final Instant END_OF_SAMPLES = Instant.parse("9999-01-01T00:00:00Z");

    private final SessionRepository sessions;
    private final UsageSamples samples;
    private final SessionEvents events;

    @Inject
    public SessionTimelineService(SessionRepository sessions, UsageSamples samples, SessionEvents events) {
        this.sessions = sessions;
        this.samples = samples;
        this.events = events;
    }

    @Override
    public Timeline timeline(SessionTimelineQuery query) {
        Session session = sessions.findById(query.tenant(), query.id())
                .orElseThrow(() -> new NotFoundException("session", query.id()));
        EventChunks recorded = new EventChunks(session);
        return TimelineAssembly.page(
                session,
                recorded.startIp(),
                new SampleChunks(session),
                recorded,
                query.collapse(),
                query.offset(),
                query.limit());
    }

    /**
     * The session's samples in chunks of {@link #SAMPLE_CHUNK}, each read from the time of the last one seen (its
     * instant included, so that no precision of the store's clock can skip a sample; samples of one session have
     * distinct times, and the ones already seen are dropped).
     */
    private final class SampleChunks implements Iterator<UsageSample> {
        private final Session session;
        private List<UsageSample> chunk = List.of();
        private int position;
        private Instant seenUpTo;
        private boolean exhausted;

        SampleChunks(Session session) {
            this.session = session;
        }

        @Override
        public boolean hasNext() {
            while (position >= chunk.size() && !exhausted) {
                Instant from = seenUpTo == null ? session.startTime().minus(SAMPLES_BEFORE_START) : seenUpTo;
                List<UsageSample> read =
                        samples.between(session.tenant(), session.id(), from, END_OF_SAMPLES, SAMPLE_CHUNK);
                exhausted = read.size() < SAMPLE_CHUNK;
                List<UsageSample> fresh = seenUpTo == null
                        ? read
                        : read.stream().filter(s -> s.at().isAfter(seenUpTo)).toList();
                if (fresh.isEmpty()) {
                    exhausted = true;
                }
                chunk = fresh;
                position = 0;
                if (!fresh.isEmpty()) {
                    seenUpTo = fresh.get(fresh.size() - 1).at();
                }
            }
            return position < chunk.size();
        }

        @Override
        public UsageSample next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.get(position++);
        }
    }

    /** The session's events in chunks of {@link #EVENT_CHUNK}, the first read at once (for the start's address). */
    private final class EventChunks implements Iterator<SessionEvent> {
        private final Session session;
        private List<SessionEvent> chunk;
        private long read;
        private int position;
        private boolean exhausted;

        EventChunks(Session session) {
            this.session = session;
            load();
        }

        /**
         * The address the session began with: the old address of its first IP change if that is among the first
         * {@link #EVENT_CHUNK} events (a session with more events before its first change shows its current one),
         * else its address now.
         */
        IpAddress startIp() {
            for (SessionEvent event : chunk) {
                if (event.detail() instanceof SessionEvent.IpChanged change) {
                    return change.from();
                }
            }
            return session.framedIp();
        }

        private void load() {
            chunk = events.of(session.tenant(), session.id(), read, EVENT_CHUNK);
            read += chunk.size();
            position = 0;
            exhausted = chunk.size() < EVENT_CHUNK;
        }

        @Override
        public boolean hasNext() {
            if (position >= chunk.size() && !exhausted) {
                load();
            }
            return position < chunk.size();
        }

        @Override
        public SessionEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return chunk.get(position++);
        }
    }
}
