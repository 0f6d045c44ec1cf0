package io.sessionkeeper.adapter.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.sessionkeeper.domain.model.Permission;
import java.util.Set;

/**
 * One route of the API: its method and path pattern, the permission it needs ({@code null}: public, no token), what
 * it costs the rate limit, the query parameters it accepts, and its handler.
 */
record ApiRoute(
        HandlerType method, String path, Permission permission, Cost cost, Set<String> queryParams, Handler handler) {
    ApiRoute {
        queryParams = Set.copyOf(queryParams);
    }

    static ApiRoute open(HandlerType method, String path, Handler handler) {
        return new ApiRoute(method, path, null, Cost.STANDARD, Set.of(), handler);
    }

    static ApiRoute secured(HandlerType method, String path, Permission permission, Handler handler) {
        return new ApiRoute(method, path, permission, Cost.STANDARD, Set.of(), handler);
    }

    ApiRoute expensive() {
        return new ApiRoute(method, path, permission, Cost.EXPENSIVE, queryParams, handler);
    }

    ApiRoute query(String... names) {
        return new ApiRoute(method, path, permission, cost, Set.of(names), handler);
    }

    boolean isPublic() {
        return permission == null;
    }

    String key() {
        return method.name() + " " + path;
    }
}
