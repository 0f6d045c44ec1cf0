package io.sessionkeeper.domain.model;

/**
 * Which of a tenant's sessions a listing or an export selects, the same for both so that an export can be checked
 * against a listing: status, customer (by id; its sessions are those of its username), NAS, search (see {@link
 * io.sessionkeeper.domain.port.out.SessionFilter}) and period. Nullable: customerId, nasId, search.
 */
public record SessionCriteria(
        SessionStatusFilter status, CustomerId customerId, NasId nasId, String search, SessionPeriod period) {
    /** As long as the longest username (a RADIUS attribute), the longest thing search compares against. */
    public static final int MAX_SEARCH = 253;

    public static final SessionCriteria ALL =
            new SessionCriteria(SessionStatusFilter.ALL, null, null, null, SessionPeriod.ANY);

    public SessionCriteria {
        if (status == null) {
            status = SessionStatusFilter.ALL;
        }
        if (period == null) {
            period = SessionPeriod.ANY;
        }
        Text.optional("search", search, MAX_SEARCH);
    }

    /** The same criteria over {@code value}. */
    public SessionCriteria withPeriod(SessionPeriod value) {
        return new SessionCriteria(status, customerId, nasId, search, value);
    }
}
