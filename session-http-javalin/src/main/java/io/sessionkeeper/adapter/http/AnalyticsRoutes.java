package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;
import static io.sessionkeeper.adapter.http.SessionJson.text;
import static io.sessionkeeper.adapter.http.SessionJson.time;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.DeviceSession;
import io.sessionkeeper.domain.model.MultiDeviceRule;
import io.sessionkeeper.domain.model.MultiDeviceScan;
import io.sessionkeeper.domain.model.NasHealth;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.PeakTimes;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.SessionComparison;
import io.sessionkeeper.domain.model.TopUsers;
import io.sessionkeeper.domain.model.UserUsage;
import io.sessionkeeper.domain.port.in.MultiDeviceUseCase;
import io.sessionkeeper.domain.port.in.PeakTimesUseCase;
import io.sessionkeeper.domain.port.in.TopUsersUseCase;
import java.util.ArrayList;
import java.util.List;

/**
 * Analytics (issue 16): peak times, top users, multi-device detection, a customer's session comparison, NAS health.
 * Registered before the routes with an {@code {id}} in the same place ({@code /api/nas/{id}}, {@code
 * /api/sessions/{id}/…}), so that none of these static paths is taken for an id.
 */
final class AnalyticsRoutes {
    private final DrivingPorts ports;

    AnalyticsRoutes(DrivingPorts ports) {
        this.ports = ports;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.secured(
                                GET,
                                "/api/sessions/analytics/peak-times",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                this::peakTimes)
                        .query("days", "timeZone", "nasId")
                        .expensive(),
                ApiRoute.secured(
                                GET,
                                "/api/sessions/analytics/top-users",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                this::topUsers)
                        .query("period", "limit", "timeZone")
                        .expensive(),
                ApiRoute.secured(
                                GET,
                                "/api/sessions/fraud/multi-device",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                this::multiDevice)
                        .query("page", "pageSize")
                        .expensive(),
                ApiRoute.secured(
                        GET,
                        "/api/customers/{username}/session-comparison",
                        Permission.DASHBOARD_ACTIVE_SESSIONS,
                        this::comparison),
                ApiRoute.secured(GET, "/api/nas/health", Permission.DASHBOARD_ACTIVE_SESSIONS, this::nasHealth));
    }

    private void peakTimes(Context ctx) {
        String days = Params.query(ctx, "days");
        String nas = Params.query(ctx, "nasId");
        PeakTimes peak = ports.analytics()
                .peakTimes()
                .peakTimes(new PeakTimesUseCase.Query(
                        Access.principal(ctx).tenant(),
                        days == null ? null : Params.integer(ctx, "days", PeakTimes.DEFAULT_DAYS),
                        Params.zone(ctx, "timeZone"),
                        nas == null ? null : new NasId(Params.uuid("nasId", nas))));
        ctx.json(PeakTimesJson.from(peak));
    }

    private void topUsers(Context ctx) {
        String period = Params.query(ctx, "period");
        TopUsers top = ports.analytics()
                .topUsers()
                .topUsers(new TopUsersUseCase.Query(
                        Access.principal(ctx).tenant(),
                        period == null ? TopUsers.Period.DAYS_7 : TopUsers.Period.parse(period),
                        Params.integer(ctx, "limit", 10),
                        Params.zone(ctx, "timeZone")));
        ctx.json(TopUsersJson.from(top));
    }

    private void multiDevice(Context ctx) {
        MultiDeviceUseCase.Page page = ports.analytics()
                .multiDevice()
                .multiDevice(new MultiDeviceUseCase.Query(
                        Access.principal(ctx).tenant(),
                        Params.integer(ctx, "page", 1),
                        Params.integer(ctx, "pageSize", 20)));
        ctx.json(MultiDeviceJson.from(page));
    }

    private void comparison(Context ctx) {
        SessionComparison comparison =
                ports.analytics().comparison().compare(Access.principal(ctx).tenant(), ctx.pathParam("username"));
        ctx.json(ComparisonJson.from(comparison));
    }

    private void nasHealth(Context ctx) {
        List<NasHealth> health =
                ports.analytics().nasHealth().nasHealth(Access.principal(ctx).tenant());
        ctx.json(new NasHealthList(health.stream().map(NasHealthJson::from).toList()));
    }

    /** Averages are shown to four decimals. */
    static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    record HourAverage(int hour, double avgSessions) {}

    record WeekdayRow(String weekday, List<Double> hours) {}

    record Peak(int hour, double avgSessions, String weekday, int weekdayHour, double weekdayAvgSessions) {}

    record PeakTimesJson(
            String timeZone,
            int days,
            String from,
            String to,
            String nasId,
            List<HourAverage> heatmap,
            List<WeekdayRow> matrix,
            Peak peak) {
        static PeakTimesJson from(PeakTimes p) {
            List<HourAverage> heatmap = new ArrayList<>(24);
            for (int h = 0; h < 24; h++) {
                heatmap.add(new HourAverage(h, round(p.byHour().get(h))));
            }
            return new PeakTimesJson(
                    p.timeZone().getId(),
                    p.days(),
                    time(p.from()),
                    time(p.to()),
                    text(p.nasId()),
                    heatmap,
                    p.byWeekday().stream()
                            .map(w -> new WeekdayRow(
                                    w.weekday().name(),
                                    w.hours().stream()
                                            .map(AnalyticsRoutes::round)
                                            .toList()))
                            .toList(),
                    new Peak(
                            p.peak().hour(),
                            round(p.peak().avgSessions()),
                            p.peak().weekday().name(),
                            p.peak().weekdayHour(),
                            round(p.peak().weekdayAvgSessions())));
        }
    }

    record TopUser(String username, long downloadBytes, long uploadBytes, long totalBytes, long sessions) {
        static TopUser from(UserUsage u) {
            return new TopUser(u.username(), u.downloadBytes(), u.uploadBytes(), u.totalBytes(), u.sessions());
        }
    }

    record TopUsersJson(String period, String from, String to, List<TopUser> users) {
        static TopUsersJson from(TopUsers top) {
            return new TopUsersJson(
                    top.period().code(),
                    time(top.from()),
                    time(top.to()),
                    top.users().stream().map(TopUser::from).toList());
        }
    }

    record DeviceSessionJson(String id, String nasId, String ip, String mac, String startTime, String stopTime) {
        static DeviceSessionJson from(DeviceSession s) {
            return new DeviceSessionJson(
                    s.id().toString(),
                    s.nasId().toString(),
                    text(s.ip()),
                    text(s.mac()),
                    time(s.startTime()),
                    time(s.stopTime()));
        }
    }

    record SuspiciousUser(
            String username,
            int activeSessions,
            List<String> ips,
            List<String> macs,
            List<String> nasIds,
            int score,
            List<String> reasons,
            int randomizedMacs,
            List<DeviceSessionJson> sessions) {
        static SuspiciousUser from(MultiDeviceRule.Finding f) {
            return new SuspiciousUser(
                    f.username(),
                    f.activeSessions(),
                    f.ips().stream().map(Object::toString).toList(),
                    f.macs().stream().map(Object::toString).toList(),
                    f.nasIds().stream().map(Object::toString).toList(),
                    f.score(),
                    f.reasons().stream().map(Enum::name).sorted().toList(),
                    f.randomizedMacs(),
                    f.sessions().stream().map(DeviceSessionJson::from).toList());
        }
    }

    /**
     * A page of the last scan's findings; {@code asOf}, {@code windowHours}, {@code minMacs}, {@code candidates} are
     * that scan's (null before the first scan), {@code truncated}: it judged fewer users than were candidates.
     */
    record MultiDeviceJson(
            List<SuspiciousUser> suspiciousUsers,
            long total,
            int page,
            int pageSize,
            String asOf,
            Long windowHours,
            Integer minMacs,
            Integer candidates,
            boolean truncated) {
        static MultiDeviceJson from(MultiDeviceUseCase.Page page) {
            MultiDeviceScan scan = page.scan();
            return new MultiDeviceJson(
                    page.findings().stream().map(SuspiciousUser::from).toList(),
                    page.total(),
                    page.page(),
                    page.pageSize(),
                    scan == null ? null : time(scan.at()),
                    scan == null ? null : scan.window().toHours(),
                    scan == null ? null : scan.minMacs(),
                    scan == null ? null : scan.candidates(),
                    scan != null && scan.truncated());
        }
    }

    record CurrentSession(String id, String status, String startTime, long duration, long dataUsage) {}

    record AverageSession(double duration, double dataUsage, double medianDuration, double medianDataUsage) {}

    record PercentileJson(double duration, double dataUsage) {}

    record ComparisonJson(
            String username,
            int windowDays,
            int sessions,
            boolean insufficientData,
            CurrentSession currentSession,
            AverageSession averageSession,
            PercentileJson percentile) {
        static ComparisonJson from(SessionComparison c) {
            SessionComparison.Current current = c.current();
            SessionComparison.Average average = c.average();
            SessionComparison.Percentile percentile = c.percentile();
            return new ComparisonJson(
                    c.username(),
                    c.windowDays(),
                    c.sessions(),
                    c.insufficientData(),
                    current == null
                            ? null
                            : new CurrentSession(
                                    current.id().toString(),
                                    current.active() ? "active" : "completed",
                                    time(current.startTime()),
                                    current.durationSeconds(),
                                    current.dataBytes()),
                    average == null
                            ? null
                            : new AverageSession(
                                    round(average.duration()),
                                    round(average.dataUsage()),
                                    average.medianDuration(),
                                    average.medianDataUsage()),
                    percentile == null
                            ? null
                            : new PercentileJson(round(percentile.duration()), round(percentile.dataUsage())));
        }
    }

    record MinutePackets(String minute, long packets) {}

    record NasHealthJson(
            String id,
            String name,
            String ipAddress,
            String lastPacketAt,
            long activeSessions,
            String lastAccountingOn,
            String lastAccountingOff,
            long packetsLastHour,
            List<MinutePackets> packetsPerMinute,
            boolean silent) {
        static NasHealthJson from(NasHealth n) {
            return new NasHealthJson(
                    n.id().toString(),
                    n.name(),
                    text(n.ipAddress()),
                    time(n.lastPacketAt()),
                    n.activeSessions(),
                    time(n.lastAccountingOn()),
                    time(n.lastAccountingOff()),
                    n.packetsLastHour(),
                    n.packetsPerMinute().stream()
                            .map(m -> new MinutePackets(time(m.minute()), m.packets()))
                            .toList(),
                    n.silent());
        }
    }

    record NasHealthList(List<NasHealthJson> nas) {}
}
