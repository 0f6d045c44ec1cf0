package io.sessionkeeper.domain.model;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Average concurrent sessions per local hour of day, and per weekday and hour, over a window of whole local days,
 * time-weighted: the session time spent in an hour (open sessions up to the roll-up's last run) divided by the
 * length of that hour, averaged over the occurrences of the hour in the window. A day of 23 or 25 hours (a DST
 * change) counts the hours it really has: the hour skipped in spring occurs once less, the one repeated in autumn
 * once more.
 *
 * @param nasId null: all NAS of the tenant
 * @param to the end of the window: the local midnight that began today, or the roll-up's last run when that is
 *     earlier (the part after it is not known yet)
 */
public record PeakTimes(
        ZoneId timeZone,
        int days,
        Instant from,
        Instant to,
        NasId nasId,
        List<Double> byHour,
        List<WeekdayHours> byWeekday,
        Peak peak) {
    public static final int MAX_DAYS = 90;
    public static final int DEFAULT_DAYS = 30;

    public PeakTimes {
        InvalidValueException.require(timeZone != null, "timeZone", "must not be null");
        InvalidValueException.require(byHour != null && byHour.size() == 24, "byHour", "must have 24 hours");
        InvalidValueException.require(byWeekday != null && byWeekday.size() == 7, "byWeekday", "must have 7 days");
        byHour = List.copyOf(byHour);
        byWeekday = List.copyOf(byWeekday);
    }

    /** One weekday's 24 hourly averages. */
    public record WeekdayHours(DayOfWeek weekday, List<Double> hours) {
        public WeekdayHours {
            InvalidValueException.require(hours != null && hours.size() == 24, "hours", "must have 24 hours");
            hours = List.copyOf(hours);
        }
    }

    /** The busiest hour of day, and the busiest weekday and hour (ties: the earliest). */
    public record Peak(int hour, double avgSessions, DayOfWeek weekday, int weekdayHour, double weekdayAvgSessions) {}

    /** The window of {@code days} whole local days before today's local midnight, as instants. */
    public static Instant[] window(ZoneId zone, int days, Instant now) {
        ZonedDateTime midnight = now.atZone(zone).toLocalDate().atStartOfDay(zone);
        Instant to = QuarterHours.floor(midnight.toInstant());
        Instant from = QuarterHours.floor(
                midnight.toLocalDate().minusDays(days).atStartOfDay(zone).toInstant());
        return new Instant[] {from, to};
    }

    /**
     * Maps the UTC quarters of {@code totals} within {@code [from, to)} to local hours of {@code zone} (a quarter
     * belongs to the local hour its start falls in) and averages them. {@code to} is cut to the totals' {@code
     * countedUntil} (whole quarters).
     */
    public static PeakTimes compute(
            ZoneId zone, int days, Instant from, Instant to, NasId nasId, ConcurrencyTotals totals) {
        Instant known = QuarterHours.floor(totals.countedUntil());
        Instant end = known.isBefore(to) ? (known.isBefore(from) ? from : known) : to;
        long[] millis = new long[24];
        long[] quarters = new long[24];
        long[][] weekdayMillis = new long[7][24];
        long[][] weekdayQuarters = new long[7][24];
        for (Instant q = from; q.isBefore(end); q = q.plusMillis(QuarterHours.QUARTER_MILLIS)) {
            ZonedDateTime local = q.atZone(zone);
            int hour = local.getHour();
            int weekday = local.getDayOfWeek().getValue() - 1;
            long value = totals.at(q);
            millis[hour] += value;
            quarters[hour]++;
            weekdayMillis[weekday][hour] += value;
            weekdayQuarters[weekday][hour]++;
        }
        List<Double> byHour = averages(millis, quarters);
        List<WeekdayHours> byWeekday = new ArrayList<>(7);
        int peakHour = 0;
        for (int h = 1; h < 24; h++) {
            if (byHour.get(h) > byHour.get(peakHour)) {
                peakHour = h;
            }
        }
        int peakDay = 0;
        int peakDayHour = 0;
        double peakDayValue = -1;
        for (int d = 0; d < 7; d++) {
            List<Double> hours = averages(weekdayMillis[d], weekdayQuarters[d]);
            byWeekday.add(new WeekdayHours(DayOfWeek.of(d + 1), hours));
            for (int h = 0; h < 24; h++) {
                if (hours.get(h) > peakDayValue) {
                    peakDayValue = hours.get(h);
                    peakDay = d;
                    peakDayHour = h;
                }
            }
        }
        Peak peak = new Peak(peakHour, byHour.get(peakHour), DayOfWeek.of(peakDay + 1), peakDayHour, peakDayValue);
        return new PeakTimes(zone, days, from, end, nasId, byHour, byWeekday, peak);
    }

    /** Session milliseconds over quarters × 15 minutes: the mean number of sessions open (0 without quarters). */
    private static List<Double> averages(long[] millis, long[] quarters) {
        List<Double> out = new ArrayList<>(24);
        for (int h = 0; h < 24; h++) {
            out.add(quarters[h] == 0 ? 0.0 : millis[h] / ((double) quarters[h] * QuarterHours.QUARTER_MILLIS));
        }
        return out;
    }
}
