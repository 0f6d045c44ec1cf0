package io.sessionkeeper.adapter.persistence;

import static io.sessionkeeper.adapter.persistence.jooq.Tables.SESSIONS;

import io.sessionkeeper.adapter.persistence.jooq.tables.Sessions;
import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.SessionId;
import io.sessionkeeper.domain.model.TimeWindow;
import io.sessionkeeper.domain.port.out.SessionFilter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** {@link SessionFilter} as a jOOQ condition, written so that every part can use an index. */
final class SessionConditions {
    private static final char LIKE_ESCAPE = '\\';

    private SessionConditions() {}

    static Condition of(SessionFilter filter) {
        return of(filter, SESSIONS);
    }

    /** The same condition on {@code t}: the sessions table or an alias of it. */
    static Condition of(SessionFilter filter, Sessions t) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(t.TENANT_ID.eq(filter.tenant().value()));
        switch (filter.status()) {
            case ACTIVE -> conditions.add(t.STOP_TIME.isNull());
            case COMPLETED -> conditions.add(t.STOP_TIME.isNotNull());
            case ALL -> {}
        }
        if (filter.username() != null) {
            conditions.add(t.USERNAME.eq(filter.username()));
        }
        if (filter.nasId() != null) {
            conditions.add(t.NAS_ID.eq(filter.nasId().value()));
        }
        if (filter.search() != null) {
            conditions.add(search(filter.search(), t));
        }
        if (filter.window() != null) {
            conditions.add(window(filter.window(), t));
        }
        return DSL.and(conditions);
    }

    /**
     * {@link TimeWindow#includes}: started before its end, and at or after its start or, with overlap, still running
     * at its start ({@code stop_time IS NULL OR stop_time > from}). The start-time bounds let the scan use the
     * start-ordered indexes; the overlap's older sessions are filtered as they are read (stop_time is not indexed,
     * docs/adr/0007-hot-friendly-session-indexes.md).
     */
    static Condition window(TimeWindow window, Sessions t) {
        List<Condition> conditions = new ArrayList<>();
        if (window.until() != null) {
            conditions.add(t.START_TIME.lt(Instants.toDb(window.until())));
        }
        if (window.from() != null) {
            Instant from = Instants.toDb(window.from());
            Condition startedIn = t.START_TIME.ge(from);
            conditions.add(
                    window.overlap() ? DSL.or(startedIn, t.STOP_TIME.isNull(), t.STOP_TIME.gt(from)) : startedIn);
            // implied by either (a session stops at or after its start), and lets PostgreSQL leave out the history's
            // months that ended before the window (V30: partitioned by stop month)
            conditions.add(DSL.or(t.STOP_TIME.isNull(), t.STOP_TIME.ge(from)));
        }
        return DSL.and(conditions);
    }

    /**
     * User-Name starts with the term ignoring case, or Acct-Session-Id equals it ignoring case, or the framed IP
     * equals it (when it is an IP literal), or the public id equals it (when it is a UUID): the OR of {@link
     * #searchAlternatives}.
     */
    static Condition search(String term, Sessions t) {
        return DSL.or(searchAlternatives(term, t));
    }

    /**
     * The alternatives of {@link #search}, each one an index answers alone; a search's page reads them as a union
     * ({@link PostgresSessionRepository#findCounted}). Every value is a bind value, so that a cached generic plan
     * fits every term: the prefix is the index range [term, term || U+10FFFF) of {@code text_pattern_ops} (byte
     * order; a User-Name with U+10FFFF, a noncharacter, right after the prefix is the one it misses), with LIKE as
     * the exact test (LIKE's own wildcards in the term escaped here). A LIKE alone with a bind variable could not use
     * the index in a generic plan. The LIKE's pattern is a scalar sub-select, which PostgreSQL computes once per
     * statement (an InitPlan): written as an expression, a generic plan computed it again for every index entry
     * tested, 3.3 ms of a 13 ms search of 6,600 sessions at 30M (psql, generic plan; docs/benchmarks.md).
     */
    static List<Condition> searchAlternatives(String term, Sessions t) {
        List<Condition> any = new ArrayList<>();
        Field<String> name = DSL.lower(t.USERNAME);
        Field<String> prefix = DSL.lower(DSL.val(term));
        any.add(DSL.and(
                DSL.condition("{0} ~>=~ {1}", name, prefix),
                DSL.condition("{0} ~<~ ({1} || chr(1114111))", name, prefix),
                name.like(
                        DSL.field(
                                DSL.select(DSL.lower(DSL.val(escapeLike(term))).concat(DSL.inline("%")))),
                        LIKE_ESCAPE)));
        any.add(DSL.lower(t.ACCT_SESSION_ID).eq(DSL.lower(DSL.val(term))));
        ipLiteral(term).ifPresent(ip -> any.add(t.FRAMED_IP.eq(ip)));
        sessionId(term).ifPresent(id -> any.add(t.ID.eq(id.value())));
        return any;
    }

    static String escapeLike(String term) {
        StringBuilder out = new StringBuilder(term.length() + 4);
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                out.append(LIKE_ESCAPE);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Optional<IpAddress> ipLiteral(String term) {
        if (!IpAddress.isLiteral(term)) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpAddress.parse(term));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static Optional<SessionId> sessionId(String term) {
        if (term.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(SessionId.parse(term));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
