package io.sessionkeeper.adapter.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.sessionkeeper.domain.model.Permission;
import java.util.Set;

/**
 * One route of the API: its method and path pattern, whether it needs a token ({@code secured}) and which permission
 * ({@code null}: any valid token will do), what it costs the rate limit, the query parameters it accepts, and its
 * handler.
 */
record ApiRoute(
        HandlerType method,
        String path,
        boolean secured,
        Permission permission,
        Cost cost,
        Set<String> queryParams,
        Handler handler) {
    ApiRoute {
        queryParams = Set.copyOf(queryParams);
        if (!secured && permission != null) {
            throw new IllegalArgumentException(path + ": a permission needs a token");
        }
    }

    static ApiRoute open(HandlerType method, String path, Handler handler) {
        return new ApiRoute(method, path, false, null, Cost.STANDARD, Set.of(), handler);
    }

    static ApiRoute secured(HandlerType method, String path, Permission permission, Handler handler) {
        return new ApiRoute(method, path, true, permission, Cost.STANDARD, Set.of(), handler);
    }

    /** A route for any valid token, whatever it may do (a token asking about itself). */
    static ApiRoute authenticated(HandlerType method, String path, Handler handler) {
        return new ApiRoute(method, path, true, null, Cost.STANDARD, Set.of(), handler);
    }

    ApiRoute expensive() {
        return new ApiRoute(method, path, secured, permission, Cost.EXPENSIVE, queryParams, handler);
    }

    ApiRoute query(String... names) {
        return new ApiRoute(method, path, secured, permission, cost, Set.of(names), handler);
    }

    boolean isPublic() {
        return !secured;
    }

    String key() {
        return method.name() + " " + path;
    }
}
