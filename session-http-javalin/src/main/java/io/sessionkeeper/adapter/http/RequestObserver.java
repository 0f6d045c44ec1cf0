package io.sessionkeeper.adapter.http;

/**
 * Told about every HTTP request once it is answered: the method, the route pattern (e.g.
 * {@code /api/sessions/{id}}, or {@value #UNMATCHED} when no route matched, so that the number of distinct values
 * stays bounded), the status and the time taken in nanoseconds.
 */
@FunctionalInterface
public interface RequestObserver {
    String UNMATCHED = "unmatched";
    RequestObserver NONE = (method, route, status, nanos) -> {};

    void observe(String method, String route, int status, long nanos);
}
