package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.Bandwidth;
import io.sessionkeeper.domain.model.BandwidthInterval;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.port.in.BandwidthQuery;
import java.util.List;
import java.util.Locale;

/**
 * Bandwidth series (spec: {@code GET /api/sessions/:id/bandwidth?interval=5m}): of a session, of a customer's
 * sessions, of a NAS's sessions. Each route has two path segments after its collection, so none can be taken for
 * another's {@code {id}}.
 */
final class BandwidthRoutes {
    private static final String[] PARAMS = {"interval", "from", "to"};

    /** The longest instant: nanoseconds and a +hh:mm offset ({@code 2026-01-04T13:00:00.000000000+00:00}). */
    static final int MAX_INSTANT_LENGTH = 35;

    private final DrivingPorts ports;

    BandwidthRoutes(DrivingPorts ports) {
        this.ports = ports;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.secured(
                                GET,
                                "/api/sessions/{id}/bandwidth",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                ctx -> answer(ctx, new BandwidthQuery.OfSession(new SessionId(Params.uuid(ctx, "id")))))
                        .query(PARAMS),
                ApiRoute.secured(
                                GET,
                                "/api/customers/{username}/bandwidth",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                ctx -> answer(ctx, new BandwidthQuery.OfCustomer(ctx.pathParam("username"))))
                        .query(PARAMS)
                        .expensive(),
                ApiRoute.secured(
                                GET,
                                "/api/nas/{id}/bandwidth",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                ctx -> answer(ctx, new BandwidthQuery.OfNas(new NasId(Params.uuid(ctx, "id")))))
                        .query(PARAMS)
                        .expensive());
    }

    private void answer(Context ctx, BandwidthQuery.Subject subject) {
        Principal caller = Access.principal(ctx);
        String interval = Params.query(ctx, "interval");
        BandwidthQuery query = new BandwidthQuery(
                caller.tenant(),
                subject,
                interval == null ? null : BandwidthInterval.parse(interval),
                Params.instant(ctx, "from"),
                Params.instant(ctx, "to"));
        ctx.json(Response.from(ports.history().bandwidth().bandwidth(query)));
    }

    /** The series: the spec's {@code data[]} of timestamp, downloadKbps, uploadKbps, with what each point rests on. */
    record Response(String interval, String from, String to, Long interimIntervalSeconds, List<Point> data) {
        static Response from(Bandwidth bandwidth) {
            return new Response(
                    bandwidth.interval().code(),
                    SessionJson.time(bandwidth.from()),
                    SessionJson.time(bandwidth.to()),
                    bandwidth.interimInterval() == null
                            ? null
                            : bandwidth.interimInterval().toSeconds(),
                    bandwidth.points().stream().map(Point::from).toList());
        }
    }

    /**
     * One bucket: rates in kbps (null where nothing is known), {@code gap}, {@code counterReset}, {@code
     * finerThanSamples}, {@code source} ({@code samples} or {@code rollup}: a sum's whole rolled hours, a session's
     * buckets before its raw samples; {@code pending}: a NAS's buckets after the roll-ups' watermark, ADR 62); for a
     * sum of sessions also {@code sessions}.
     */
    record Point(
            String timestamp,
            Double downloadKbps,
            Double uploadKbps,
            boolean gap,
            boolean counterReset,
            boolean finerThanSamples,
            Integer sessions,
            String source) {
        static Point from(Bandwidth.Point point) {
            Bandwidth.Rate rate = point.rate();
            return new Point(
                    SessionJson.time(point.timestamp()),
                    rate == null ? null : round(rate.downloadKbps()),
                    rate == null ? null : round(rate.uploadKbps()),
                    point.marks().gap(),
                    point.marks().counterReset(),
                    point.marks().finerThanSamples(),
                    point.sessions(),
                    point.source().name().toLowerCase(Locale.ROOT));
        }

        private static double round(double kbps) {
            return Math.round(kbps * 1000) / 1000.0;
        }
    }
}
