package io.sessionkeeper.adapter.http;

import io.javalin.http.Context;
import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The query parameters that select sessions, the same for the listing and the export (so that the two can be
 * compared): {@code status}, {@code customerId}, {@code nasId}, {@code search}, and the period {@code startDate},
 * {@code endDate} (calendar days, yyyy-mm-dd, the end included), {@code timeZone} (default: the tenant's) and
 * {@code overlap}.
 */
final class CriteriaParams {
    static final String[] NAMES = {
        "status", "customerId", "nasId", "search", "startDate", "endDate", "timeZone", "overlap"
    };
    /** Days outside these are refused: none can hold a session, and the extremes only test date arithmetic. */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);

    static final LocalDate LAST_DAY = LocalDate.of(9998, 12, 31);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private CriteriaParams() {}

    static SessionCriteria read(Context ctx) {
        String customerId = Params.query(ctx, "customerId");
        String nasId = Params.query(ctx, "nasId");
        return new SessionCriteria(
                SessionStatusFilter.parse(Params.query(ctx, "status")),
                customerId == null ? null : new CustomerId(Params.uuid("customerId", customerId)),
                nasId == null ? null : new NasId(Params.uuid("nasId", nasId)),
                Params.query(ctx, "search"),
                new SessionPeriod(
                        date(ctx, "startDate"),
                        date(ctx, "endDate"),
                        Params.zone(ctx, "timeZone"),
                        Params.bool(ctx, "overlap", false)));
    }

    /** A calendar day written {@code yyyy-mm-dd} (2026-02-30 is not one), or null when not given. */
    static LocalDate date(Context ctx, String name) {
        String text = Params.query(ctx, name);
        if (text == null) {
            return null;
        }
        LocalDate date;
        try {
            date = text.length() == 10 ? LocalDate.parse(text, DATE) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        InvalidValueException.require(date != null, name, "must be a calendar day written yyyy-mm-dd");
        InvalidValueException.require(
                !date.isBefore(FIRST_DAY) && !date.isAfter(LAST_DAY),
                name,
                "must be from " + FIRST_DAY + " to " + LAST_DAY);
        return date;
    }
}
