package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.Grant;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.in.IssuedToken;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.in.TokenAuditQuery;
import java.io.IOException;
import java.util.List;

/**
 * What the standalone service needs besides sessions: NAS, customers, API tokens and their audit, the tenant's
 * settings.
 */
final class AdminRoutes {
    private final DrivingPorts ports;
    private final Json json;
    private final TokenRateLimiter limiter;

    AdminRoutes(DrivingPorts ports, Json json, TokenRateLimiter limiter) {
        this.ports = ports;
        this.json = json;
        this.limiter = limiter;
    }

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.secured(POST, "/api/nas", Permission.NAS_MANAGE, this::registerNas),
                ApiRoute.secured(GET, "/api/nas", Permission.NAS_MANAGE, this::listNas),
                ApiRoute.secured(GET, "/api/nas/{id}", Permission.NAS_MANAGE, this::getNas),
                ApiRoute.secured(PUT, "/api/nas/{id}", Permission.NAS_MANAGE, this::updateNas),
                ApiRoute.secured(DELETE, "/api/nas/{id}", Permission.NAS_MANAGE, this::removeNas),
                ApiRoute.secured(GET, "/api/customers", Permission.CUSTOMERS_MANAGE, this::listCustomers)
                        .query("page", "pageSize")
                        .expensive(),
                ApiRoute.secured(PUT, "/api/customers/{username}", Permission.CUSTOMERS_MANAGE, this::putCustomer),
                ApiRoute.secured(GET, "/api/customers/{username}", Permission.CUSTOMERS_MANAGE, this::getCustomer),
                ApiRoute.secured(
                        DELETE, "/api/customers/{username}", Permission.CUSTOMERS_MANAGE, this::removeCustomer),
                ApiRoute.secured(POST, "/api/tokens", Permission.TOKENS_MANAGE, this::issueToken),
                ApiRoute.secured(GET, "/api/tokens", Permission.TOKENS_MANAGE, this::listTokens),
                ApiRoute.secured(DELETE, "/api/tokens/{id}", Permission.TOKENS_MANAGE, this::revokeToken),
                ApiRoute.secured(GET, "/api/tokens/audit", Permission.TOKENS_MANAGE, this::tokenAudit)
                        .query("page", "pageSize", "tenant"),
                ApiRoute.authenticated(GET, "/api/me", this::me),
                ApiRoute.secured(GET, "/api/tenant", Permission.SETTINGS_MANAGE, this::getTenant),
                ApiRoute.secured(PUT, "/api/tenant", Permission.SETTINGS_MANAGE, this::putTenant));
    }

    private void registerNas(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        NasJson.SaveRequest body = json.read(ctx, NasJson.SaveRequest.class);
        Nas nas = ports.nas().register(body.toCommand(caller.tenant()));
        ctx.status(201).header("Location", "/api/nas/" + nas.id());
        ctx.json(NasJson.View.from(nas));
    }

    private void listNas(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(new NasJson.ListResponse(ports.nas().list(caller.tenant()).stream()
                .map(NasJson.View::from)
                .toList()));
    }

    private void getNas(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(NasJson.View.from(ports.nas().get(caller.tenant(), nasId(ctx))));
    }

    private void updateNas(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        NasId id = nasId(ctx);
        NasJson.SaveRequest body = json.read(ctx, NasJson.SaveRequest.class);
        ctx.json(NasJson.View.from(ports.nas().update(id, body.toCommand(caller.tenant()))));
    }

    private void removeNas(Context ctx) {
        Principal caller = Access.principal(ctx);
        ports.nas().remove(caller.tenant(), nasId(ctx));
        ctx.status(204);
    }

    private void listCustomers(Context ctx) {
        Principal caller = Access.principal(ctx);
        var page = ports.customers()
                .list(
                        caller.tenant(),
                        Params.integer(ctx, "page", 1),
                        Params.integer(ctx, "pageSize", ListSessionsQuery.DEFAULT_PAGE_SIZE));
        ctx.json(CustomerJson.Page.from(page));
    }

    private void putCustomer(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        CustomerJson.PutRequest body = json.read(ctx, CustomerJson.PutRequest.class);
        ctx.json(CustomerJson.View.from(
                ports.customers().put(body.toCommand(caller.tenant(), ctx.pathParam("username")))));
    }

    private void getCustomer(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(CustomerJson.View.from(ports.customers().get(caller.tenant(), ctx.pathParam("username"))));
    }

    private void removeCustomer(Context ctx) {
        Principal caller = Access.principal(ctx);
        ports.customers().remove(caller.tenant(), ctx.pathParam("username"));
        ctx.status(204);
    }

    private void issueToken(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        TokenJson.IssueRequest body = json.read(ctx, TokenJson.IssueRequest.class);
        IssuedToken issued = ports.tokens().issue(caller, body.toCommand());
        ctx.status(201).header("Location", "/api/tokens/" + issued.token().id());
        ctx.json(TokenJson.Issued.from(issued));
    }

    private void listTokens(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(new TokenJson.ListResponse(
                ports.tokens().list(caller).stream().map(TokenJson.View::from).toList()));
    }

    private void revokeToken(Context ctx) {
        Principal caller = Access.principal(ctx);
        TokenId id = new TokenId(Params.uuid(ctx, "id"));
        ports.tokens().revoke(caller, id);
        limiter.forget(id);
        ctx.status(204);
    }

    private void tokenAudit(Context ctx) {
        Principal caller = Access.principal(ctx);
        String tenant = Params.query(ctx, "tenant");
        boolean everyTenant = Grant.ALL_CODE.equals(tenant);
        TokenAuditQuery query = new TokenAuditQuery(
                tenant == null || everyTenant ? null : TenantId.of(tenant),
                everyTenant,
                Params.integer(ctx, "page", 1),
                Params.integer(ctx, "pageSize", ListSessionsQuery.DEFAULT_PAGE_SIZE));
        ctx.json(TokenJson.AuditPage.from(ports.tokens().audit(caller, query)));
    }

    private void me(Context ctx) {
        ctx.json(TokenJson.View.from(ports.tokens().describe(Access.principal(ctx))));
    }

    private void getTenant(Context ctx) {
        ctx.json(TenantJson.View.from(ports.tenant().get(Access.principal(ctx).tenant())));
    }

    private void putTenant(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        TenantJson.SettingsRequest body = json.read(ctx, TenantJson.SettingsRequest.class);
        ctx.json(TenantJson.View.from(ports.tenant().changeTimeZone(body.toCommand(caller.tenant()))));
    }

    private static NasId nasId(Context ctx) {
        return new NasId(Params.uuid(ctx, "id"));
    }
}
