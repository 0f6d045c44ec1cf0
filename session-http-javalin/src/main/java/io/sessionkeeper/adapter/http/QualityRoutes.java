package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.EffectiveRate;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.QualityMeasurement;
import io.sessionkeeper.domain.model.QualitySeries;
import io.sessionkeeper.domain.model.QualityStats;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.port.in.RecordQualityCommand;
import io.sessionkeeper.domain.port.in.RecordQualityUseCase;
import io.sessionkeeper.domain.port.in.SessionQualityQuery;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Session quality: {@code POST /api/quality} (a measuring box pushes readings of the tenant's open sessions, by
 * framed address or User-Name; permission {@code quality:write}) and {@code GET /api/sessions/{id}/quality} (the
 * bandwidth route's parameters and bucket rules, from 5 minutes up).
 */
final class QualityRoutes {
    private final DrivingPorts ports;
    private final Json json;

    QualityRoutes(DrivingPorts ports, Json json) {
        this.ports = ports;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.secured(POST, "/api/quality", Permission.QUALITY_WRITE, this::push),
                ApiRoute.secured(GET, "/api/sessions/{id}/quality", Permission.DASHBOARD_ACTIVE_SESSIONS, this::series)
                        .query("interval", "from", "to"));
    }

    // ---- POST /api/quality -------------------------------------------------------------------------------------

    /** The body: {@code measurements[]}, at most 1,000. */
    record PushRequest(List<ReadingJson> measurements) {}

    /**
     * One reading: {@code ip} or {@code username} (one of them), {@code at} (ISO-8601 instant with offset),
     * {@code rttMs} (round trips in ms, in the order they came; may be empty when every echo was lost), {@code sent}
     * and {@code lost} (echo counts, both or neither: without them loss is unknown).
     */
    record ReadingJson(String ip, String username, String at, List<Double> rttMs, Integer sent, Integer lost) {}

    record PushResponse(int recorded, List<Integer> unmatched, List<Integer> stale) {}

    private void push(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        PushRequest body = json.read(ctx, PushRequest.class);
        InvalidValueException.require(body != null && body.measurements() != null, "measurements", "is required");
        InvalidValueException.require(
                body.measurements().size() <= RecordQualityCommand.MAX_READINGS,
                "measurements",
                "at most " + RecordQualityCommand.MAX_READINGS);
        List<RecordQualityCommand.Reading> readings =
                new ArrayList<>(body.measurements().size());
        for (int i = 0; i < body.measurements().size(); i++) {
            readings.add(reading("measurements[" + i + "].", body.measurements().get(i)));
        }
        RecordQualityUseCase.Recorded recorded =
                ports.quality().record().record(new RecordQualityCommand(caller.tenant(), readings));
        ctx.json(new PushResponse(recorded.recorded(), recorded.unmatched(), recorded.stale()));
    }

    private static RecordQualityCommand.Reading reading(String prefix, ReadingJson r) {
        InvalidValueException.require(r != null, prefix.substring(0, prefix.length() - 1), "must be an object");
        try {
            InvalidValueException.require(
                    (r.sent() == null) == (r.lost() == null), "sent", "give sent and lost, or neither");
            InvalidValueException.require(
                    r.rttMs() == null || r.rttMs().size() <= QualityMeasurement.MAX_RTTS,
                    "rttMs",
                    "at most " + QualityMeasurement.MAX_RTTS + " values");
            return new RecordQualityCommand.Reading(
                    r.ip() == null ? null : IpAddress.parse("ip", r.ip()),
                    r.username(),
                    instant(r.at()),
                    r.rttMs(),
                    r.sent() == null ? null : new QualityMeasurement.Echoes(r.sent(), r.lost()));
        } catch (InvalidValueException e) {
            throw new InvalidValueException(prefix + e.field(), e.getMessage());
        }
    }

    private static Instant instant(String text) {
        InvalidValueException.require(text != null, "at", "is required");
        try {
            InvalidValueException.require(text.length() <= 40, "at", "must be an ISO-8601 instant with an offset");
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidValueException(
                    "at", "must be an ISO-8601 instant with an offset, e.g. 2026-01-04T10:00:00Z");
        }
    }

    // ---- GET /api/sessions/{id}/quality ------------------------------------------------------------------------

    private void series(Context ctx) {
        Principal caller = Access.principal(ctx);
        String interval = Params.query(ctx, "interval");
        SessionQualityQuery query = new SessionQualityQuery(
                caller.tenant(),
                new SessionId(Params.uuid(ctx, "id")),
                interval == null ? null : BandwidthInterval.parse(interval),
                Params.instant(ctx, "from"),
                Params.instant(ctx, "to"));
        ctx.json(Response.from(ports.quality().series().quality(query)));
    }

    /** {@code rate}: the effective rate "near the rate limit" compares with (null: none known). */
    record Response(String interval, String from, String to, Rate rate, List<Point> data) {
        static Response from(QualitySeries series) {
            return new Response(
                    series.interval().code(),
                    SessionJson.time(series.from()),
                    SessionJson.time(series.to()),
                    Rate.from(series.rate()),
                    series.points().stream().map(Point::from).toList());
        }
    }

    record Rate(long downloadKbps, long uploadKbps, String basis) {
        static Rate from(EffectiveRate rate) {
            return rate == null
                    ? null
                    : new Rate(
                            rate.downloadKbps(), rate.uploadKbps(), rate.basis().code());
        }
    }

    /**
     * A bucket: each source that measured in it ({@code sources}: empty when nothing was measured), the session's
     * throughput then (null when unknown) and whether it was near its rate ({@code nearRateLimit}: null when the
     * rate or the throughput is unknown).
     */
    record Point(
            String timestamp, List<Measured> sources, Double downloadKbps, Double uploadKbps, Boolean nearRateLimit) {
        static Point from(QualitySeries.Point point) {
            return new Point(
                    SessionJson.time(point.start()),
                    point.sources().stream().map(Measured::from).toList(),
                    point.throughput() == null
                            ? null
                            : TimelineJson.kbps(point.throughput().downloadKbps()),
                    point.throughput() == null
                            ? null
                            : TimelineJson.kbps(point.throughput().uploadKbps()),
                    point.nearRateLimit());
        }
    }

    /** One source's figures: null where nothing was measured, never 0. */
    record Measured(
            String source, Double rttP50Ms, Double rttP95Ms, Double lossPercent, Double jitterMs, long samples) {
        static Measured from(QualitySeries.Measured measured) {
            QualityStats s = measured.stats();
            return new Measured(
                    measured.source().code(),
                    round(s.rttP50Millis()),
                    round(s.rttP95Millis()),
                    round(s.lossPercent()),
                    round(s.jitterMillis()),
                    s.samples());
        }

        private static Double round(Double value) {
            return value == null ? null : Math.round(value * 1000.0) / 1000.0;
        }
    }
}
