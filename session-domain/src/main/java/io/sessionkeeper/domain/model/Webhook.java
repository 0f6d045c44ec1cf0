package io.sessionkeeper.domain.model;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * Where a tenant's alert events go: an http(s) URL that receives each event as a signed JSON POST. Its signing
 * secret is not part of this record: it is shown once, when made, and stored encrypted. Nullable: description.
 */
public record Webhook(WebhookId id, TenantId tenant, URI url, String description, boolean enabled, Instant createdAt) {
    public static final int MAX_URL = 2048;
    public static final int MAX_DESCRIPTION = 256;

    public Webhook {
        InvalidValueException.require(id != null, "id", "must not be null");
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        InvalidValueException.require(url != null, "url", "is required");
        InvalidValueException.require(createdAt != null, "createdAt", "must not be null");
    }

    /**
     * {@code text} as a webhook URL: absolute http or https, with a host, without user information or fragment, at
     * most {@value #MAX_URL} characters. Whether the host may be reached at all is the sender's check (addresses).
     */
    public static URI parseUrl(String text) {
        Text.required("url", text, MAX_URL);
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidValueException("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        InvalidValueException.require(
                uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")),
                "url",
                "must be an absolute http:// or https:// URL");
        InvalidValueException.require(uri.getHost() != null && !uri.getHost().isEmpty(), "url", "must name a host");
        InvalidValueException.require(uri.getRawUserInfo() == null, "url", "must not carry user information");
        InvalidValueException.require(uri.getRawFragment() == null, "url", "must not have a fragment");
        return uri;
    }
}
