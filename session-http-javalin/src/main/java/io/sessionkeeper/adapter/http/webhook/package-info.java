/**
 * Webhooks out: the HTTP client that delivers signed alert events ({@link
 * io.sessionkeeper.adapter.http.webhook.JdkWebhookSender}), the signature ({@link
 * io.sessionkeeper.adapter.http.webhook.WebhookSignature}) and the guard against server-side request forgery ({@link
 * io.sessionkeeper.adapter.http.webhook.WebhookTargets}). The JDK's HTTP client only: no library (ADR 0033).
 */
package io.sessionkeeper.adapter.http.webhook;
