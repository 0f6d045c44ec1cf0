package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.model.TimeWindow;

/**
 * What a listing selects, always within one tenant. Nullable: username (exact match), nasId, search.
 *
 * <p>{@code search} matches a session when any of these holds: its User-Name starts with the term (ignoring
 * case); its Acct-Session-Id equals the term (ignoring case); the term is an IP literal equal to its framed IP;
 * the term is a UUID equal to its public id. Prefix rather than substring on the name keeps the search on an
 * index at millions of sessions.
 *
 * <p>{@code window} (nullable) keeps the sessions that fall in it, as {@link TimeWindow#includes} says.
 */
public record SessionFilter(
        TenantId tenant, SessionStatusFilter status, String username, NasId nasId, String search, TimeWindow window) {
    public SessionFilter {
        InvalidValueException.require(tenant != null, "tenant", "must not be null");
        if (status == null) {
            status = SessionStatusFilter.ALL;
        }
        if (search != null) {
            search = search.trim();
            if (search.isEmpty()) {
                search = null;
            }
        }
        InvalidValueException.require(search == null || search.length() <= 253, "search", "at most 253 characters");
    }

    /** Without a time window. */
    public SessionFilter(TenantId tenant, SessionStatusFilter status, String username, NasId nasId, String search) {
        this(tenant, status, username, nasId, search, null);
    }

    public static SessionFilter all(TenantId tenant) {
        return new SessionFilter(tenant, SessionStatusFilter.ALL, null, null, null);
    }
}
