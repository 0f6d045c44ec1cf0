package io.sessionkeeper.adapter.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.sessionkeeper.domain.model.Permission;
import java.util.Set;

/**
 * One route of the API: its method and path pattern, what admits a caller ({@code guard}: nothing, a token, or a
 * one-time download ticket) and which permission a token needs ({@code null}: any valid token will do), what it costs
 * the rate limit, the query parameters it accepts, and its handler.
 */
record ApiRoute(
        HandlerType method,
        String path,
        Guard guard,
        Permission permission,
        Cost cost,
        Set<String> queryParams,
        Handler handler) {
    /** What a request must bring to reach the handler. */
    enum Guard {
        /** Nothing: health, metrics, the OpenAPI document, the dashboard's files. */
        OPEN,
        /** {@code Authorization: Bearer <token>}. */
        TOKEN,
        /**
         * A one-time download ticket in the query ({@link ExportTickets}): the token that asked for it is not sent
         * again, so that a browser can stream the download straight to disk.
         */
        TICKET
    }

    ApiRoute {
        queryParams = Set.copyOf(queryParams);
        if (guard != Guard.TOKEN && permission != null) {
            throw new IllegalArgumentException(path + ": a permission needs a token");
        }
    }

    static ApiRoute open(HandlerType method, String path, Handler handler) {
        return new ApiRoute(method, path, Guard.OPEN, null, Cost.STANDARD, Set.of(), handler);
    }

    static ApiRoute secured(HandlerType method, String path, Permission permission, Handler handler) {
        return new ApiRoute(method, path, Guard.TOKEN, permission, Cost.STANDARD, Set.of(), handler);
    }

    /** A route for any valid token, whatever it may do (a token asking about itself). */
    static ApiRoute authenticated(HandlerType method, String path, Handler handler) {
        return new ApiRoute(method, path, Guard.TOKEN, null, Cost.STANDARD, Set.of(), handler);
    }

    /** A route that redeems the one-time ticket named by its {@code ticket} query parameter. */
    static ApiRoute ticketed(HandlerType method, String path, Handler handler) {
        return new ApiRoute(method, path, Guard.TICKET, null, Cost.STANDARD, Set.of("ticket"), handler);
    }

    ApiRoute expensive() {
        return new ApiRoute(method, path, guard, permission, Cost.EXPENSIVE, queryParams, handler);
    }

    ApiRoute query(String... names) {
        return new ApiRoute(method, path, guard, permission, cost, Set.of(names), handler);
    }

    boolean isPublic() {
        return guard == Guard.OPEN;
    }

    /** Whether the caller shows a bearer token (and is refused without one). */
    boolean needsToken() {
        return guard == Guard.TOKEN;
    }

    String key() {
        return method.name() + " " + path;
    }
}
