package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.port.in.ExportResult;
import io.sessionkeeper.domain.port.in.ExportSessionsCommand;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/sessions/export}: a tenant's session history as CSV or PDF, every row the listing's criteria
 * select, streamed as it is read (see {@link ExportResponse}). Its own permission ({@code sessions:export}) and the
 * expensive rate-limit bucket; each export is audited by the use case.
 */
final class ExportRoutes {
    private final DrivingPorts ports;

    ExportRoutes(DrivingPorts ports) {
        this.ports = ports;
    }

    List<ApiRoute> routes() {
        List<String> params = new ArrayList<>(List.of("format", "raw", "bom"));
        params.addAll(List.of(CriteriaParams.NAMES));
        return List.of(ApiRoute.secured(GET, "/api/sessions/export", Permission.SESSIONS_EXPORT, this::export)
                .query(params.toArray(String[]::new))
                .expensive());
    }

    private void export(Context ctx) {
        Principal caller = Access.principal(ctx);
        ExportFormat format = ExportFormat.read(ctx);
        SessionCriteria criteria = CriteriaParams.read(ctx);
        format.check(criteria.period());
        ExportResponse response = new ExportResponse(ctx, format);
        ExportResult result;
        try {
            result = ports.export()
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
