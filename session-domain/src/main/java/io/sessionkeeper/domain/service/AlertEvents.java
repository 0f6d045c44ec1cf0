package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.Alert;
import io.sessionkeeper.domain.model.AlertRule;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.Webhook;
import io.sessionkeeper.domain.model.WebhookEvent;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * The webhook events and their JSON bodies (docs/alerts.md documents the form): made here, once, so that every
 * retry sends the same bytes under the same event id. The body is written by hand: the domain has no JSON library,
 * and the form is small and fixed.
 */
final class AlertEvents {
    static final String FIRED = "alert.fired";
    static final String REMINDER = "alert.reminder";
    static final String RESOLVED = "alert.resolved";
    static final String AUTO_DISCONNECT = "alert.auto_disconnect";
    static final String TEST = "webhook.test";

    private AlertEvents() {}

    static WebhookEvent of(String type, Alert alert, AlertRule rule, Instant at) {
        UUID id = UUID.randomUUID();
        Json json = header(id, type, alert.tenant(), at);
        json.key("alert").open();
        json.field("id", alert.id().toString());
        json.field("status", type.equals(RESOLVED) ? "resolved" : "open");
        json.field("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        json.field("firedAt", alert.firedAt().toString());
        json.field("resolvedAt", type.equals(RESOLVED) ? at.toString() : null);
        json.close();
        json.key("rule").open();
        json.field("id", alert.ruleId().toString());
        json.field("name", rule == null ? alert.ruleName() : rule.name());
        json.field("type", alert.ruleType().name());
        if (rule != null) {
            json.field("period", rule.period().name());
            json.field("action", rule.action().name());
            json.field("dryRun", rule.dryRun());
        }
        json.close();
        json.key("subject").open();
        json.field("kind", alert.subject().kind().name().toLowerCase(Locale.ROOT));
        json.field(
                "sessionId",
                alert.subject().sessionId() == null
                        ? null
                        : alert.subject().sessionId().toString());
        json.field("username", alert.subject().username());
        json.field(
                "nasId",
                alert.subject().nasId() == null ? null : alert.subject().nasId().toString());
        json.field(
                "day",
                alert.subject().day() == null ? null : alert.subject().day().toString());
        json.close();
        json.key("values").open();
        json.field("observed", alert.value());
        json.field("threshold", alert.threshold());
        json.close();
        if (type.equals(AUTO_DISCONNECT) && alert.disconnect() != null) {
            json.key("disconnect").open();
            json.field("result", alert.disconnect().status().name().toLowerCase(Locale.ROOT));
            json.field("detail", alert.disconnect().detail());
            json.field("at", alert.disconnect().at().toString());
            json.close();
        }
        json.close();
        return new WebhookEvent(id, type, alert.tenant(), at, json.toString());
    }

    static WebhookEvent test(Webhook webhook, Instant at) {
        UUID id = UUID.randomUUID();
        Json json = header(id, TEST, webhook.tenant(), at);
        json.key("webhook").open();
        json.field("id", webhook.id().toString());
        json.close();
        json.close();
        return new WebhookEvent(id, TEST, webhook.tenant(), at, json.toString());
    }

    private static Json header(UUID id, String type, TenantId tenant, Instant at) {
        Json json = new Json();
        json.open();
        json.field("id", id.toString());
        json.field("type", type);
        json.field("tenant", tenant.value());
        json.field("occurredAt", at.toString());
        return json;
    }

    /** A JSON object writer: strings escaped per RFC 8259 (quote, backslash, control characters as \\uXXXX). */
    static final class Json {
        private final StringBuilder out = new StringBuilder(512);
        private boolean first = true;

        Json open() {
            out.append('{');
            first = true;
            return this;
        }

        Json close() {
            out.append('}');
            first = false;
            return this;
        }

        Json key(String name) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(name);
            out.append(':');
            return this;
        }

        Json field(String name, String value) {
            key(name);
            if (value == null) {
                out.append("null");
            } else {
                string(value);
            }
            return this;
        }

        Json field(String name, long value) {
            key(name);
            out.append(value);
            return this;
        }

        Json field(String name, boolean value) {
            key(name);
            out.append(value);
            return this;
        }

        private void string(String value) {
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                            if (Character.isHighSurrogate(c)
                                    && i + 1 < value.length()
                                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                                out.append(c).append(value.charAt(++i));
                            } else if (Character.isSurrogate(c)) {
                                out.append("\\ufffd");
                            } else {
                                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                            }
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
