package io.sessionkeeper.adapter.http;

import static io.javalin.http.HandlerType.GET;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.sessionkeeper.domain.model.InvalidValueException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator dashboard: {@code GET /} is its page, {@code GET /dashboard/{file}} its scripts and style sheet, read
 * from the class path (module {@code session-dashboard}, ADR 39), so the jar needs nothing from outside. Every answer
 * carries {@link #POLICY}: scripts and styles from this origin only, no inline script or style, no frames, requests
 * to this origin only. The page holds no data: it asks the API with the operator's token like any client.
 */
final class DashboardRoutes {
    static final String RESOURCES = "/io/sessionkeeper/dashboard/";
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    static final int MAX_NAME = 64;
    /** A file name of the dashboard: no directory, no dot file; the type from its extension. */
    private static final Pattern FILE = Pattern.compile("[a-z][a-z0-9-]{0,58}\\.(js|css|svg|html)");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    List<ApiRoute> routes() {
        return List.of(
                ApiRoute.open(GET, "/", ctx -> serve(ctx, "index.html")),
                ApiRoute.open(GET, "/dashboard/{file}", ctx -> serve(ctx, ctx.pathParam("file"))));
    }

    private void serve(Context ctx, String name) {
        InvalidValueException.require(name.length() <= MAX_NAME, "file", "must be at most " + MAX_NAME + " characters");
        if (!FILE.matcher(name).matches()) {
            throw new NotFoundResponse("no dashboard file " + Params.clip(name));
        }
        byte[] body = read(name).orElseThrow(() -> new NotFoundResponse("no dashboard file " + name));
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.contentType(TYPES.get(extension)).result(body);
    }

    /** The file's bytes; found ones are kept (a few dozen kilobytes in all). */
    private Optional<byte[]> read(String name) {
        byte[] cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            cache.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
