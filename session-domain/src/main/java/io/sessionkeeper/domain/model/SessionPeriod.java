package io.sessionkeeper.domain.model;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Calendar days as a person names them ("1 to 31 January 2026"): {@code startDate} to {@code endDate}, both
 * included, counted in {@code zone}; either end may be open (null), and a null zone means the tenant's. A session is
 * in the period when it started in it or, with {@code overlap}, when it was active at any moment of it (what
 * billing asks: a session that began on 31 December and ran into January is January's too).
 *
 * <p>Days rather than instants, because that is what people ask for, and the zone decides where a day begins: the
 * same "2026-01-01" is a different instant in Nairobi and in Lima.
 */
public record SessionPeriod(LocalDate startDate, LocalDate endDate, ZoneId zone, boolean overlap) {
    /** No restriction: every session, whenever it ran. */
    public static final SessionPeriod ANY = new SessionPeriod(null, null, null, false);

    public SessionPeriod {
        InvalidValueException.require(
                startDate == null || endDate == null || !endDate.isBefore(startDate),
                "endDate",
                "must not be before startDate");
    }

    /** Whether neither end is given (the zone and overlap then change nothing). */
    public boolean isOpen() {
        return startDate == null && endDate == null;
    }

    /** Whether both ends are given. */
    public boolean isBounded() {
        return startDate != null && endDate != null;
    }

    /** The days of a bounded period, both ends included ({@code 2026-01-01..2026-01-31}: 31). */
    public long days() {
        InvalidValueException.require(isBounded(), "startDate", "a period needs both startDate and endDate");
        return ChronoUnit.DAYS.between(startDate, endDate) + 1;
    }

    /** The same days counted in {@code value}. */
    public SessionPeriod withZone(ZoneId value) {
        return new SessionPeriod(startDate, endDate, value, overlap);
    }

    /** This period's zone, or {@code fallback} (the tenant's) when none was given. */
    public ZoneId zoneOr(ZoneId fallback) {
        return zone != null ? zone : fallback;
    }

    /**
     * The instants of this period in {@code zone}: from the start of {@code startDate} to the start of the day after
     * {@code endDate} (days of 23 or 25 hours around a change of daylight saving time come out right); null for an
     * open period.
     */
    public TimeWindow window(ZoneId zone) {
        if (isOpen()) {
            return null;
        }
        return new TimeWindow(
                startDate == null ? null : startDate.atStartOfDay(zone).toInstant(),
                endDate == null ? null : endDate.plusDays(1).atStartOfDay(zone).toInstant(),
                overlap);
    }
}
