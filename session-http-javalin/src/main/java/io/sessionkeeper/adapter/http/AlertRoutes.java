package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.AlertId;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.AlertRuleId;
import io.sessionkeeper.domain.model.AlertRuleType;
import io.sessionkeeper.domain.model.AlertSeverity;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Permission;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.WebhookEvent;
import io.sessionkeeper.domain.model.WebhookId;
import io.sessionkeeper.domain.port.in.CreatedWebhook;
import io.sessionkeeper.domain.port.in.ListAlertsQuery;
import io.sessionkeeper.domain.port.in.ListSessionsQuery;
import io.sessionkeeper.domain.port.out.AlertFilter;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Alert rules (with their preview), alerts and webhooks; all under {@code alerts:manage}. */
final class AlertRoutes {
    private final DrivingPorts.Alerting ports;
    private final Json json;

    AlertRoutes(DrivingPorts ports, Json json) {
        this.ports = ports.alerting();
        this.json = json;
    }

    List<ApiRoute> routes() {
        Permission manage = Permission.ALERTS_MANAGE;
        return List.of(
                ApiRoute.secured(POST, "/api/alert-rules/preview", manage, this::preview)
                        .expensive(),
                ApiRoute.secured(POST, "/api/alert-rules", manage, this::createRule),
                ApiRoute.secured(GET, "/api/alert-rules", manage, this::listRules),
                ApiRoute.secured(GET, "/api/alert-rules/{id}", manage, this::getRule),
                ApiRoute.secured(PUT, "/api/alert-rules/{id}", manage, this::updateRule),
                ApiRoute.secured(DELETE, "/api/alert-rules/{id}", manage, this::deleteRule),
                ApiRoute.secured(GET, "/api/alerts", manage, this::listAlerts)
                        .query("status", "ruleId", "type", "severity", "acknowledged", "page", "pageSize")
                        .expensive(),
                ApiRoute.secured(POST, "/api/alerts/{id}/acknowledge", manage, this::acknowledge),
                ApiRoute.secured(POST, "/api/webhooks", manage, this::createWebhook),
                ApiRoute.secured(GET, "/api/webhooks", manage, this::listWebhooks),
                ApiRoute.secured(GET, "/api/webhooks/{id}", manage, this::getWebhook),
                ApiRoute.secured(DELETE, "/api/webhooks/{id}", manage, this::deleteWebhook),
                ApiRoute.secured(GET, "/api/webhooks/{id}/deliveries", manage, this::deliveries)
                        .query("page", "pageSize"),
                ApiRoute.secured(POST, "/api/webhooks/{id}/test", manage, this::testFire));
    }

    private void preview(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        AlertJson.RuleRequest body = json.read(ctx, AlertJson.RuleRequest.class);
        ctx.json(AlertJson.Preview.from(ports.rules().preview(body.toCommand(caller.tenant()))));
    }

    private void createRule(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        AlertJson.RuleRequest body = json.read(ctx, AlertJson.RuleRequest.class);
        AlertRule rule = ports.rules().create(body.toCommand(caller.tenant()));
        ctx.status(201).header("Location", "/api/alert-rules/" + rule.id());
        ctx.json(AlertJson.RuleView.from(rule));
    }

    private void listRules(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(new AlertJson.RuleList(ports.rules().list(caller.tenant()).stream()
                .map(AlertJson.RuleView::from)
                .toList()));
    }

    private void getRule(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(AlertJson.RuleView.from(ports.rules().get(caller.tenant(), ruleId(ctx))));
    }

    private void updateRule(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        AlertRuleId id = ruleId(ctx);
        AlertJson.RuleRequest body = json.read(ctx, AlertJson.RuleRequest.class);
        ctx.json(AlertJson.RuleView.from(ports.rules().update(id, body.toCommand(caller.tenant()))));
    }

    private void deleteRule(Context ctx) {
        Principal caller = Access.principal(ctx);
        ports.rules().delete(caller.tenant(), ruleId(ctx));
        ctx.status(204);
    }

    private void listAlerts(Context ctx) {
        Principal caller = Access.principal(ctx);
        String ruleId = Params.query(ctx, "ruleId");
        String type = Params.query(ctx, "type");
        String severity = Params.query(ctx, "severity");
        String acknowledged = Params.query(ctx, "acknowledged");
        AlertFilter filter = new AlertFilter(
                caller.tenant(),
                status(Params.query(ctx, "status")),
                ruleId == null ? null : new AlertRuleId(Params.uuid("ruleId", ruleId)),
                type == null ? null : AlertRuleType.parse(type),
                severity == null ? null : AlertSeverity.parse(severity),
                acknowledged == null ? null : Params.bool(ctx, "acknowledged", false));
        ListAlertsQuery query = new ListAlertsQuery(
                filter,
                Params.integer(ctx, "page", 1),
                Params.integer(ctx, "pageSize", ListSessionsQuery.DEFAULT_PAGE_SIZE));
        ctx.json(AlertJson.AlertList.from(ports.alerts().list(query)));
    }

    private static AlertFilter.Status status(String text) {
        if (text == null) {
            return AlertFilter.Status.ALL;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "open" -> AlertFilter.Status.OPEN;
            case "resolved" -> AlertFilter.Status.RESOLVED;
            case "all" -> AlertFilter.Status.ALL;
            default -> throw new InvalidValueException("status", "must be open, resolved or all");
        };
    }

    private void acknowledge(Context ctx) {
        Principal caller = Access.principal(ctx);
        AlertId id = new AlertId(Params.uuid(ctx, "id"));
        ctx.json(AlertJson.AlertView.from(ports.alerts().acknowledge(caller, id)));
    }

    private void createWebhook(Context ctx) throws IOException {
        Principal caller = Access.principal(ctx);
        AlertJson.WebhookRequest body = json.read(ctx, AlertJson.WebhookRequest.class);
        CreatedWebhook created = ports.webhooks().create(body.toCommand(caller.tenant()));
        ctx.status(201).header("Location", "/api/webhooks/" + created.webhook().id());
        ctx.json(AlertJson.CreatedView.from(created));
    }

    private void listWebhooks(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(new AlertJson.WebhookList(ports.webhooks().list(caller.tenant()).stream()
                .map(AlertJson.WebhookView::from)
                .toList()));
    }

    private void getWebhook(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(AlertJson.WebhookView.from(ports.webhooks().get(caller.tenant(), webhookId(ctx))));
    }

    private void deleteWebhook(Context ctx) {
        Principal caller = Access.principal(ctx);
        ports.webhooks().delete(caller.tenant(), webhookId(ctx));
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        Principal caller = Access.principal(ctx);
        ctx.json(AlertJson.DeliveryList.from(ports.webhooks()
                .deliveries(
                        caller.tenant(),
                        webhookId(ctx),
                        Params.integer(ctx, "page", 1),
                        Params.integer(ctx, "pageSize", ListSessionsQuery.DEFAULT_PAGE_SIZE))));
    }

    private void testFire(Context ctx) {
        Principal caller = Access.principal(ctx);
        WebhookEvent event = ports.webhooks().testFire(caller.tenant(), webhookId(ctx));
        ctx.status(202);
        ctx.json(new AlertJson.TestFired(event.id().toString(), event.type()));
    }

    private static AlertRuleId ruleId(Context ctx) {
        return new AlertRuleId(Params.uuid(ctx, "id"));
    }

    private static WebhookId webhookId(Context ctx) {
        return new WebhookId(Params.uuid(ctx, "id"));
    }
}
