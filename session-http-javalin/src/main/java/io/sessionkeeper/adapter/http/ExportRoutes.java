package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.port.in.ExportResult;
import io.sessionkeeper.domain.port.in.ExportSessionsCommand;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/sessions/export}: a tenant's session history as CSV or PDF, every row the listing's criteria
 * select, streamed as it is read (see {@link ExportResponse}). Its own permission ({@code sessions:export}) and the
 * expensive rate-limit bucket; each export is audited by the use case.
 *
 * <p>The same export for a browser ({@link ExportTickets}): {@code POST /api/sessions/export/ticket} with the token
 * and the export's parameters answers a one-time ticket; {@code GET /api/sessions/export/download?ticket=…} streams
 * that export without a token.
 */
final class ExportRoutes {
    static final String DOWNLOAD = "/api/sessions/export/download";

    private final DrivingPorts ports;
    private final ExportTickets tickets;

    ExportRoutes(DrivingPorts ports, ExportTickets tickets) {
        this.ports = ports;
        this.tickets = tickets;
    }

    List<ApiRoute> routes() {
        List<String> params = new ArrayList<>(List.of("format", "raw", "bom"));
        params.addAll(List.of(CriteriaParams.NAMES));
        String[] names = params.toArray(String[]::new);
        return List.of(
                ApiRoute.secured(GET, "/api/sessions/export", Permission.SESSIONS_EXPORT, this::export)
                        .query(names)
                        .expensive(),
                // the download's cost is charged here, to the token: the download itself shows none
                ApiRoute.secured(POST, "/api/sessions/export/ticket", Permission.SESSIONS_EXPORT, this::ticket)
                        .query(names)
                        .expensive(),
                ApiRoute.ticketed(GET, DOWNLOAD, this::download));
    }

    private void export(Context ctx) {
        ExportFormat format = ExportFormat.read(ctx);
        SessionCriteria criteria = CriteriaParams.read(ctx);
        format.check(criteria.period());
        export(ctx, Access.principal(ctx), format, criteria);
    }

    /** The parameters are checked now, so that a mistake is a 400 here and not a failed download later. */
    private void ticket(Context ctx) {
        ExportFormat format = ExportFormat.read(ctx);
        SessionCriteria criteria = CriteriaParams.read(ctx);
        format.check(criteria.period());
        ExportTickets.Issued issued = tickets.issue(Access.principal(ctx), format, criteria);
        ctx.status(201);
        ctx.json(new TicketJson(
                issued.value(),
                DOWNLOAD + "?ticket=" + URLEncoder.encode(issued.value(), StandardCharsets.UTF_8),
                SessionJson.time(issued.expiresAt())));
    }

    private void download(Context ctx) {
        ExportTickets.Ticket ticket = ExportTickets.redeemed(ctx);
        export(ctx, ticket.owner(), ticket.format(), ticket.criteria());
    }

    /** {@code POST /api/sessions/export/ticket}: the ticket, the path that redeems it, when it expires. */
    record TicketJson(String ticket, String href, String expiresAt) {}

    private void export(Context ctx, Principal caller, ExportFormat format, SessionCriteria criteria) {
        ExportResponse response = new ExportResponse(ctx, format);
        ExportResult result;
        try {
            result = ports.history()
                    .export()
                    .export(new ExportSessionsCommand(caller, criteria, format.label(), format.rowLimit()), response);
        } catch (RuntimeException e) {
            response.failed(e);
            return;
        }
        if (result instanceof ExportResult.TooManyRows tooMany) {
            ctx.status(422);
            ctx.json(new ErrorJson.Body(new ErrorJson.Detail(
                    "too_many_rows",
                    tooMany.matching() + " sessions match; a PDF holds at most " + tooMany.limit()
                            + ": narrow the filters or the period, or ask for format=csv",
                    "format",
                    null)));
        }
    }
}
