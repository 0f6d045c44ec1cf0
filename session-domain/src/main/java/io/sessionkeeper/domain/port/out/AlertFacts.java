package io.sessionkeeper.domain.port.out;

import io.sessionkeeper.domain.model.NasActivity;
import io.sessionkeeper.domain.model.SessionFacts;
import io.sessionkeeper.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the alert evaluation reads of sessions, customers and NAS. */
public interface AlertFacts {
    /**
     * The tenant's open sessions, newest start first (ties by id, descending), those after the row {@code after}
     * (null: from the first), at most {@code limit}.
     */
    List<SessionFacts> openSessions(TenantId tenant, SessionFacts after, int limit);

    /**
     * Bytes each user transferred within {@code [from, to)}, for the users above {@code aboveOctets}: of a session
     * that overlaps the range, only its traffic inside it (from its usage samples at the range's edges, exact to the
     * interim interval; a session without a sample near the start of the range counts whole).
     */
    Map<String, Long> usageByUser(TenantId tenant, Instant from, Instant to, long aboveOctets);

    /** Every registered NAS of the tenant with its last accounting. */
    List<NasActivity> nasActivity(TenantId tenant);

    /** The User-Names of the tenant's customers on the package named {@code packageName}. */
    Set<String> usernamesOfPackage(TenantId tenant, String packageName);

    /**
     * The tenant's sessions stopped at or after {@code from} that began before {@code to}, by stop time (ties by id),
     * those after the row {@code after} (null: from the first), at most {@code limit}. With {@link #openSessions},
     * every session that overlaps {@code [from, to)}: the preview's history.
     */
    List<SessionFacts> stoppedSince(TenantId tenant, Instant from, Instant to, SessionFacts after, int limit);
}
