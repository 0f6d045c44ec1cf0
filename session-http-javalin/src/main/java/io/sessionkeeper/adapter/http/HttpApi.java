package io.sessionkeeper.adapter.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.MethodNotAllowedResponse;
import io.sessionkeeper.domain.model.AuthenticationException;
import io.sessionkeeper.domain.model.Principal;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API server. Every route is declared once ({@link ApiRoute}) with its permission, rate-limit cost and
 * query parameters; one wrapper applies them in order (refuse an address with too many failed authentications,
 * authenticate, rate-limit, authorise, reject unknown parameters) before the handler runs, and {@link ErrorMapping}
 * turns whatever is thrown into the error shape.
 */
public final class HttpApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final String STARTED = "sessionkeeper.started";
    private static final String ROUTE = "sessionkeeper.route";

    private final HttpApiConfig config;
    private final HttpHooks hooks;
    private final Access access;
    private final TokenRateLimiter limiter;
    private final ClientAddresses clients;
    private final AuthFailureThrottle authFailures;
    private final ExportTickets tickets;
    private final List<ApiRoute> routes;
    private final Javalin app;

    public HttpApi(HttpApiConfig config, DrivingPorts ports, HttpHooks hooks, Clock clock) {
        this.config = config;
        this.hooks = hooks;
        Json json = new Json();
        this.access = new Access(ports.authenticate());
        this.limiter = new TokenRateLimiter(config.rateLimits(), clock);
        this.clients = new ClientAddresses(config.trustedProxies());
        this.authFailures = new AuthFailureThrottle(config.authFailuresPerMinute(), clock);
        this.tickets = new ExportTickets(clock);
        List<ApiRoute> all = new ArrayList<>();
        // before the sessions' routes: /api/sessions/export must not be taken for /api/sessions/{id}
        all.addAll(new ExportRoutes(ports, tickets).routes());
        // before the sessions' and the NAS's routes: /api/nas/health must not be taken for /api/nas/{id}
        all.addAll(new AnalyticsRoutes(ports).routes());
        all.addAll(new AddressRoutes(ports).routes());
        all.addAll(new SessionRoutes(ports, json).routes());
        all.addAll(new BandwidthRoutes(ports).routes());
        all.addAll(new QualityRoutes(ports, json).routes());
        all.addAll(new AdminRoutes(ports, json, limiter).routes());
        all.addAll(new AlertRoutes(ports, json).routes());
        all.addAll(new OpsRoutes(hooks).routes());
        all.addAll(new DashboardRoutes().routes());
        this.routes = List.copyOf(all);
        ErrorMapping errors = new ErrorMapping(json, this::allowedMethods);
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = config.maxRequestBytes();
            cfg.jetty.host = config.bindHost();
            cfg.jetty.port = config.port();
            cfg.jsonMapper(json);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(json)));
            cfg.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                ctx.header("Cache-Control", "no-store");
                ctx.header("X-Content-Type-Options", "nosniff");
                // nothing the API answers is meant to run in a browser or be framed; the dashboard's page and
                // files replace this with their own policy
                ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
                Params.checkPathEncoding(ctx.path());
                if (ctx.method() == HandlerType.HEAD) {
                    // Javalin would answer HEAD for any GET route with an empty 200 without running it (no
                    // authentication): refuse it instead, so that no route answers without its checks
                    throw new MethodNotAllowedResponse();
                }
                drainDeclaredBody(ctx);
            });
            cfg.requestLogger.http((ctx, ms) -> observe(ctx));
            errors.register(cfg);
            for (ApiRoute route : routes) {
                cfg.routes.addHttpHandler(route.method(), route.path(), wrap(route));
            }
        });
    }

    /**
     * Starts listening; returns the bound port (the ephemeral one when configured with port 0).
     *
     * @throws UncheckedIOException when the address cannot be bound (the port is taken, say), with a message of one
     *     line such as {@code cannot listen on tcp 0.0.0.0:8080: address already in use}
     */
    public int start() {
        try {
            app.start();
        } catch (RuntimeException e) {
            BindException bind = bindFailure(e);
            if (bind == null) {
                throw e;
            }
            try {
                app.stop();
            } catch (RuntimeException stopping) {
                bind.addSuppressed(stopping);
            }
            throw new UncheckedIOException(
                    "cannot listen on tcp " + hostAndPort(config.bindHost(), config.port()) + ": " + reason(bind),
                    bind);
        }
        LOG.info("HTTP API listening on {}:{}", config.bindHost(), app.port());
        return app.port();
    }

    public void stop() {
        app.stop();
    }

    /**
     * Reads a declared body of an allowed size before any check may refuse the request. Jetty closes a connection
     * whose body is left unread; a client still writing that body then gets a reset instead of the answer (a 401, a
     * 404, a 429). Javalin keeps the bytes, so the handler that needs them reads them once. A body over the limit is
     * left to Javalin's 413.
     */
    private void drainDeclaredBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > 0 && declared <= config.maxRequestBytes()) {
            ctx.bodyAsBytes();
        }
    }

    /** The {@link BindException} among the causes of a failed start (Javalin and Jetty each wrap it), or null. */
    private static BindException bindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException bind) {
                return bind;
            }
        }
        return null;
    }

    private static String reason(BindException bind) {
        String message = bind.getMessage();
        if (message == null || message.isBlank()) {
            return "cannot bind";
        }
        // the JDK's "Address already in use (Bind failed)" → "address already in use"
        int detail = message.indexOf(" (");
        String reason = detail > 0 ? message.substring(0, detail) : message;
        return Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }

    private static String hostAndPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Every method and path Javalin has registered, as "GET /api/sessions" (for the OpenAPI contract test). */
    List<String> registeredRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .sorted()
                .toList();
    }

    /** The declared routes with what each accepts, for tests. */
    List<ApiRoute> routes() {
        return routes;
    }

    private Handler wrap(ApiRoute route) {
        return ctx -> {
            ctx.attribute(ROUTE, route.path());
            switch (route.guard()) {
                case OPEN -> {}
                case TOKEN -> {
                    // an address that keeps failing is refused before its token costs a database look-up
                    String client = clients.of(ctx);
                    authFailures.check(client);
                    Principal principal;
                    try {
                        principal = access.authenticate(ctx);
                    } catch (AuthenticationException e) {
                        authFailures.failed(client);
                        throw e;
                    }
                    limiter.acquire(principal, route.cost());
                    if (route.permission() != null) {
                        principal.require(route.permission());
                    }
                }
                case TICKET -> {
                    // the token's rate limit and permission were applied when the ticket was issued; a guessed
                    // ticket counts as a failed authentication of the address
                    String client = clients.of(ctx);
                    authFailures.check(client);
                    try {
                        tickets.redeem(ctx, Params.query(ctx, "ticket"));
                    } catch (AuthenticationException e) {
                        authFailures.failed(client);
                        throw e;
                    }
                }
            }
            Params.check(ctx);
            Params.requireKnown(ctx, route.queryParams());
            route.handler().handle(ctx);
        };
    }

    /** The download tickets of this server, for tests. */
    ExportTickets tickets() {
        return tickets;
    }

    private String allowedMethods(String path) {
        Set<String> methods = new TreeSet<>();
        for (HandlerType type : HandlerType.commonHttp()) {
            if (!app.unsafe.internalRouter.findHttpHandlerEntries(type, path).isEmpty()) {
                methods.add(type.name());
            }
        }
        return String.join(", ", methods);
    }

    private void observe(Context ctx) {
        Long started = ctx.attribute(STARTED);
        String route = ctx.attribute(ROUTE);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        try {
            hooks.observer()
                    .observe(
                            ctx.method().name(),
                            route == null ? RequestObserver.UNMATCHED : route,
                            ctx.statusCode(),
                            nanos);
        } catch (RuntimeException e) {
            LOG.warn("request observer failed", e);
        }
    }
}
