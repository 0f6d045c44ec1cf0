package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.EndpointNotFound;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.ConflictException;
import io.sessionkeeper.domain.model.ForbiddenException;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NotFoundException;
import io.sessionkeeper.domain.model.StoreUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers. Handlers never catch: the domain's exceptions, JSON reading
 * errors, Javalin's own responses (404, 405, 413) and the rate limiter's refusal are each mapped here to a status
 * and the error shape (a store that cannot serve now: 503 with Retry-After); anything else is our fault: 500, logged once with its stack trace and a correlation id that
 * the client also gets.
 */
final class ErrorMapping {
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    private static final int MAX_MESSAGE = 300;
    /** What a 503 asks a client to wait: a pool is free again or a restarting database back within seconds. */
    static final long RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

    private static final long UNAVAILABLE_LOG_INTERVAL_NANOS = 10_000_000_000L;
    private final AtomicLong lastUnavailableLog = new AtomicLong();
    private final AtomicInteger unavailableSinceLog = new AtomicInteger();

    private final Json json;
    private final Function<String, String> allowedMethods;

    /** @param allowedMethods the methods registered for a request path, for the Allow header of a 405 */
    ErrorMapping(Json json, Function<String, String> allowedMethods) {
        this.json = json;
        this.allowedMethods = allowedMethods;
    }

    void register(JavalinConfig config) {
        var routes = config.routes;
        routes.exception(
                InvalidValueException.class, (e, ctx) -> respond(ctx, 400, "invalid_value", e.getMessage(), e.field()));
        routes.exception(JsonProcessingException.class, (e, ctx) -> {
            String field = Json.fieldOf(e);
            if (e instanceof Json.TextRuleBroken text) {
                respond(ctx, 400, "invalid_value", field + ": " + text.problem(), field);
                return;
            }
            String message = e instanceof UnrecognizedPropertyException
                    ? "unknown field"
                    : field.equals("body")
                            ? "the body must be a JSON object of the documented form"
                            : "wrong type or malformed value";
            respond(ctx, 400, "invalid_json", field + ": " + message, field);
        });
        routes.exception(AuthenticationException.class, (e, ctx) -> {
            String challenge = ctx.header("Authorization") == null
                    ? "Bearer realm=\"sessionkeeper\""
                    : "Bearer realm=\"sessionkeeper\", error=\"invalid_token\"";
            ctx.header(WWW_AUTHENTICATE, challenge);
            respond(ctx, 401, "unauthorized", e.getMessage(), null);
        });
        routes.exception(ForbiddenException.class, (e, ctx) -> respond(ctx, 403, "forbidden", e.getMessage(), null));
        routes.exception(NotFoundException.class, (e, ctx) -> respond(ctx, 404, "not_found", e.getMessage(), null));
        routes.exception(ConflictException.class, (e, ctx) -> respond(ctx, 409, "conflict", e.getMessage(), null));
        routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            logUnavailable(ctx, e);
            ctx.header("Retry-After", Long.toString(RETRY_AFTER_UNAVAILABLE_SECONDS));
            respond(ctx, 503, "service_unavailable", "the database is not available now; retry later", null);
        });
        routes.exception(RateLimitedException.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            respond(ctx, 429, "rate_limited", e.getMessage(), null);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (status == 405) {
                ctx.header("Allow", allowedMethods.apply(ctx.path()));
                respond(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path(), null);
            } else if (status == 404) {
                String message =
                        e instanceof EndpointNotFound ? "no route " + ctx.method() + " " + ctx.path() : e.getMessage();
                respond(ctx, 404, "not_found", message, null);
            } else if (status == 413) {
                respond(ctx, 413, "payload_too_large", "the request body is too large", null);
            } else if (status >= 500) {
                internalError(ctx, e);
            } else {
                respond(ctx, status, ErrorJson.codeFor(status), e.getMessage(), null);
            }
        });
        routes.exception(Exception.class, (e, ctx) -> internalError(ctx, e));
        config.router.javaLangErrorHandler((response, error) -> {
            String id = UUID.randomUUID().toString();
            LOG.error("internal error {}", id, error);
            if (!response.isCommitted()) {
                response.resetBuffer();
                response.setStatus(500);
                response.setContentType("application/json");
                response.setHeader("X-Correlation-Id", id);
                byte[] body = json.write(
                                new ErrorJson.Body(new ErrorJson.Detail("internal_error", "internal error", null, id)))
                        .getBytes(StandardCharsets.UTF_8);
                try {
                    response.getOutputStream().write(body);
                } catch (IOException ignored) {
                    // the client went away; the error is logged above
                }
            }
        });
    }

    /**
     * One warning per ten seconds at most: while the database is away every request fails alike, and the log should
     * say so without drowning. The message names the cause (SQLSTATE, pool), never SQL or data.
     */
    private void logUnavailable(Context ctx, StoreUnavailableException e) {
        long now = System.nanoTime();
        long last = lastUnavailableLog.get();
        int suppressed = unavailableSinceLog.incrementAndGet() - 1;
        if ((last == 0 || now - last >= UNAVAILABLE_LOG_INTERVAL_NANOS)
                && lastUnavailableLog.compareAndSet(last, now)) {
            unavailableSinceLog.set(0);
            LOG.warn(
                    "503 on {} {}: {}{}",
                    ctx.method(),
                    ctx.path(),
                    e.getMessage(),
                    suppressed > 0 ? " (and " + suppressed + " more since the last warning)" : "");
        }
    }

    private void internalError(Context ctx, Exception e) {
        String id = UUID.randomUUID().toString();
        LOG.error("internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
        ctx.header("X-Correlation-Id", id);
        ctx.status(500);
        ctx.json(new ErrorJson.Body(new ErrorJson.Detail(
                "internal_error", "internal error; quote correlation id " + id + " when reporting it", null, id)));
    }

    private static void respond(Context ctx, int status, String code, String message, String field) {
        ctx.status(status);
        ctx.json(new ErrorJson.Body(new ErrorJson.Detail(
                code, clip(message == null ? code : message), field == null ? null : Params.clip(field), null)));
    }

    private static String clip(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
    }
}
