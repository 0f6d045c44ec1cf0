package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.sessionkeeper.adapter.http.SessionJson.NasAnswer;
import io.sessionkeeper.domain.model.DisconnectResult;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionEvent;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.port.in.ChangeRateLimitCommand;
import io.sessionkeeper.domain.port.in.CleanupStaleSessionsCommand;
import io.sessionkeeper.domain.port.in.GetSessionQuery;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.in.SessionStatisticsQuery;
import io.sessionkeeper.domain.port.in.SessionTimelineQuery;
import io.sessionkeeper.domain.port.in.TerminateSessionCommand;
import io.sessionkeeper.domain.port.in.TerminationResult;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sessions contract: listing, statistics, detail, timeline, stale cleanup, termination and rate-limit change. */
final class SessionRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRoutes.class);

    private final DrivingPorts ports;
    private final Json json;

    SessionRoutes(DrivingPorts ports, Json json) {
        this.ports = ports;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.secured(GET, "/api/sessions", Permission.DASHBOARD_ACTIVE_SESSIONS, this::list)
                        .query(listParams())
                        .expensive(),
                ApiRoute.secured(GET, "/api/sessions/stats", Permission.DASHBOARD_ACTIVE_SESSIONS, this::stats)
                        .query("timeZone")
                        .expensive(),
                ApiRoute.secured(POST, "/api/sessions/sync", Permission.SESSIONS_MANAGE, this::sync),
                ApiRoute.secured(GET, "/api/sessions/{id}", Permission.DASHBOARD_ACTIVE_SESSIONS, this::detail),
                ApiRoute.secured(
                                GET,
                                "/api/sessions/{id}/timeline",
                                Permission.DASHBOARD_ACTIVE_SESSIONS,
                                this::timeline)
                        .query("collapse", "offset", "limit")
                        .expensive(),
                ApiRoute.secured(DELETE, "/api/sessions/{id}", Permission.ROUTERS_DISCONNECT, this::terminate)
                        .query("force"),
                ApiRoute.secured(
                        POST, "/api/sessions/{id}/rate-limit", Permission.ROUTERS_DISCONNECT, this::changeRateLimit));
    }

    /** Paging and the criteria an export shares ({@link CriteriaParams}). */
    private static String[] listParams() {
        List<String> names = new java.util.ArrayList<>(List.of("page", "pageSize"));
        names.addAll(List.of(CriteriaParams.NAMES));
        return names.toArray(String[]::new);
    }

    private void list(Context ctx) {
        Principal caller = Access.principal(ctx);
        ListSessionsQuery query = ListSessionsQuery.of(
                caller.tenant(),
                CriteriaParams.read(ctx),
                Params.integer(ctx, "page", 1),
                Params.integer(ctx, "pageSize", ListSessionsQuery.DEFAULT_PAGE_SIZE));
        ctx.json(SessionJson.ListResponse.from(ports.listSessions().list(query)));
    }

    private void stats(Context ctx) {
        Principal caller = Access.principal(ctx);
        var query = new SessionStatisticsQuery(caller.tenant(), Params.zone(ctx, "timeZone"));
        ctx.json(SessionJson.Stats.from(ports.statistics().statistics(query)));
    }

    private void sync(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(SessionJson.Sync.from(ports.cleanup().cleanup(CleanupStaleSessionsCommand.of(caller.tenant()))));
    }

    private void detail(Context ctx) {
        Principal caller = Access.principal(ctx);
        var query = new GetSessionQuery(caller.tenant(), sessionId(ctx));
        ctx.json(SessionJson.Detail.from(ports.getSession().get(query)));
    }

    /** A page of the session's timeline: {@code offset}/{@code limit} over its entries, in time order. */
    private void timeline(Context ctx) {
        Principal caller = Access.principal(ctx);
        var query = new SessionTimelineQuery(
                caller.tenant(),
                sessionId(ctx),
                Params.bool(ctx, "collapse", false),
                Params.integer(ctx, "offset", 0),
                Params.integer(ctx, "limit", SessionTimelineQuery.DEFAULT_LIMIT));
        ctx.json(TimelineJson.Page.from(ports.history().timeline().timeline(query)));
    }

    private void terminate(Context ctx) {
        Principal caller = Access.principal(ctx);
        boolean force = Params.bool(ctx, "force", false);
        TerminationResult result = ports.terminate()
                .terminate(new TerminateSessionCommand(
                        caller.tenant(), sessionId(ctx), force, SessionEvent.Requester.of(caller)));
        DisconnectResult answer = result.disconnect();
        if (result.closed() || answer == null) {
            ctx.json(new SessionJson.Terminate(result.closed(), NasAnswer.from(answer), null));
            return;
        }
        Outcome outcome = Outcome.of(answer, "disconnect");
        LOG.warn("disconnect of session {} not confirmed: {}", result.session().id(), answer);
        ctx.status(outcome.status());
        ctx.json(new SessionJson.Terminate(false, NasAnswer.from(answer), outcome.error()));
    }

    private void changeRateLimit(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        SessionId id = sessionId(ctx);
        SessionJson.RateLimitRequest body = json.read(ctx, SessionJson.RateLimitRequest.class);
        DisconnectResult answer = ports.changeRateLimit()
                .changeRateLimit(new ChangeRateLimitCommand(
                        caller.tenant(), id, body.rateLimit(), SessionEvent.Requester.of(caller)));
        if (answer instanceof DisconnectResult.Acked) {
            ctx.json(new SessionJson.RateLimitResponse(true, NasAnswer.from(answer), null));
            return;
        }
        Outcome outcome = Outcome.of(answer, "CoA");
        LOG.warn("rate-limit change of session {} not applied: {}", id, answer);
        ctx.status(outcome.status());
        ctx.json(new SessionJson.RateLimitResponse(false, NasAnswer.from(answer), outcome.error()));
    }

    private static SessionId sessionId(Context ctx) {
        return new SessionId(Params.uuid(ctx, "id"));
    }

    /**
     * A NAS answer that did not do what was asked: a time-out is 504 Gateway Timeout, a NAK (the NAS refused) and a
     * send failure (the NAS could not be reached) are 502 Bad Gateway; the session stays as it was.
     */
    private record Outcome(int status, ErrorJson.Detail error) {
        static Outcome of(DisconnectResult answer, String what) {
            if (answer instanceof DisconnectResult.TimedOut t) {
                return new Outcome(
                        504,
                        new ErrorJson.Detail(
                                "nas_timeout",
                                "the NAS did not answer the " + what + " request after " + t.attempts()
                                        + " attempts; the session is left as it was",
                                null,
                                null));
            }
            if (answer instanceof DisconnectResult.Nacked nak) {
                return new Outcome(
                        502,
                        new ErrorJson.Detail(
                                "nas_rejected",
                                "the NAS refused the " + what + " request (Error-Cause " + nak.errorCause()
                                        + "); the session is left as it was",
                                null,
                                null));
            }
            return new Outcome(
                    502,
                    new ErrorJson.Detail(
                            "nas_unreachable",
                            "the " + what + " request could not be sent to the NAS; the session is left as it was",
                            null,
                            null));
        }
    }
}
