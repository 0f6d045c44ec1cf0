package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionEvent.CoaAnswer;
import io.sessionkeeper.domain.model.SessionEvent.Requester;
import io.sessionkeeper.domain.model.Timeline;
import io.sessionkeeper.domain.model.TimelineEntry;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/sessions/{id}/timeline}: {@code events[]} of {@code time} (ISO-8601 instant), {@code event} (the
 * spec's label), {@code type} (a stable code) and the fields that kind of event carries; absent fields are left out.
 * Byte counts are cumulative, in the customer's direction as everywhere in the API ({@code bytesIn} = received by
 * the customer).
 */
final class TimelineJson {
    private TimelineJson() {}

    record Page(String sessionId, List<Event> events, long offset, int limit, boolean hasMore) {
        static Page from(Timeline timeline) {
            return new Page(
                    timeline.session().toString(),
                    timeline.entries().stream().map(Event::from).toList(),
                    timeline.offset(),
                    timeline.limit(),
                    timeline.hasMore());
        }
    }

    /** The token that asked: its id and name, never its secret. */
    record TokenRef(String id, String name) {
        static TokenRef from(Requester requester) {
            return requester == null ? null : new TokenRef(requester.tokenId().toString(), requester.tokenName());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(
            String time,
            String event,
            String type,
            String framedIp,
            String oldIp,
            String newIp,
            Long bytesIn,
            Long bytesOut,
            Long sessionTimeSeconds,
            Double downloadKbps,
            Double uploadKbps,
            Boolean counterReset,
            Boolean collapsed,
            Integer count,
            String lastTime,
            String rateLimit,
            String result,
            Integer errorCause,
            TokenRef requestedBy,
            Boolean force,
            String supersededBy,
            String cause,
            Double rttP95Ms,
            Double lossPercent) {

        private static Builder of(TimelineEntry entry) {
            return new Builder(
                    SessionJson.time(entry.at()),
                    entry.type().label(),
                    entry.type().code());
        }

        static Event from(TimelineEntry entry) {
            Builder b = of(entry);
            if (entry instanceof TimelineEntry.Started started) {
                b.framedIp = SessionJson.text(started.framedIp());
            } else if (entry instanceof TimelineEntry.Interim interim) {
                b.bytes(interim.downloadOctets(), interim.uploadOctets(), interim.sessionTimeSeconds());
                b.rate(interim.rate(), interim.counterWentBack());
            } else if (entry instanceof TimelineEntry.Interims run) {
                b.bytes(run.downloadOctets(), run.uploadOctets(), run.sessionTimeSeconds());
                b.rate(run.rate(), run.counterWentBack());
                b.collapsed = true;
                b.count = run.count();
                b.lastTime = SessionJson.time(run.lastAt());
            } else if (entry instanceof TimelineEntry.Ended ended) {
                b.bytes(ended.downloadOctets(), ended.uploadOctets(), ended.sessionTimeSeconds());
                b.cause = ended.cause() == null ? null : ended.cause().name();
            } else if (entry instanceof TimelineEntry.Recorded recorded) {
                b.detail(recorded.event().detail());
            }
            return b.build();
        }
    }

    /** Kbit/s to three decimals (a rate is an average: more digits say nothing). */
    static Double kbps(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static final class Builder {
        private final String time;
        private final String event;
        private final String type;
        private String framedIp;
        private String oldIp;
        private String newIp;
        private Long bytesIn;
        private Long bytesOut;
        private Long sessionTimeSeconds;
        private Double downloadKbps;
        private Double uploadKbps;
        private Double rttP95Ms;
        private Double lossPercent;
        private Boolean counterReset;
        private Boolean collapsed;
        private Integer count;
        private String lastTime;
        private String rateLimit;
        private String result;
        private Integer errorCause;
        private TokenRef requestedBy;
        private Boolean force;
        private String supersededBy;
        private String cause;

        Builder(String time, String event, String type) {
            this.time = time;
            this.event = event;
            this.type = type;
        }

        void bytes(long in, long out, long seconds) {
            bytesIn = in;
            bytesOut = out;
            sessionTimeSeconds = seconds;
        }

        void rate(TimelineEntry.Rate rate, boolean wentBack) {
            if (rate != null) {
                downloadKbps = kbps(rate.downloadKbps());
                uploadKbps = kbps(rate.uploadKbps());
            }
            if (wentBack) {
                counterReset = true;
            }
        }

        void answer(CoaAnswer answer) {
            result = answer.outcome().name().toLowerCase(Locale.ROOT);
            errorCause =
                    answer.outcome() == CoaAnswer.Outcome.NAK && answer.errorCause() != 0 ? answer.errorCause() : null;
        }

        void detail(SessionEvent.Detail detail) {
            if (detail instanceof SessionEvent.IpChanged change) {
                oldIp = change.from().toString();
                newIp = change.to().toString();
            } else if (detail instanceof SessionEvent.SpeedChanged speed) {
                rateLimit = speed.rateLimit();
                answer(speed.answer());
                requestedBy = TokenRef.from(speed.requestedBy());
            } else if (detail instanceof SessionEvent.DisconnectRequested requested) {
                requestedBy = TokenRef.from(requested.requestedBy());
                force = requested.force();
            } else if (detail instanceof SessionEvent.DisconnectAnswered answered) {
                answer(answered.answer());
            } else if (detail instanceof SessionEvent.Superseded superseded) {
                supersededBy = superseded.by().toString();
            } else if (detail instanceof SessionEvent.QualityChanged quality) {
                // absent when unknown (every echo lost: no round trip; no echo count: no loss)
                rttP95Ms = quality.rttP95Millis();
                lossPercent = quality.lossPercent();
            }
        }

        Event build() {
            return new Event(
                    time,
                    event,
                    type,
                    framedIp,
                    oldIp,
                    newIp,
                    bytesIn,
                    bytesOut,
                    sessionTimeSeconds,
                    downloadKbps,
                    uploadKbps,
                    counterReset,
                    collapsed,
                    count,
                    lastTime,
                    rateLimit,
                    result,
                    errorCause,
                    requestedBy,
                    force,
                    supersededBy,
                    cause,
                    rttP95Ms,
                    lossPercent);
        }
    }
}
