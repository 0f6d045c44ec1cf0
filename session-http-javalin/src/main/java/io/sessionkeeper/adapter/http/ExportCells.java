package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.ByteFormat;
import io.sessionkeeper.domain.model.DurationFormat;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.Session;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The human columns of an export, in the spec's order and formats: {@code Session ID,Username,Start Time,Stop
 * Time,Duration,Data In,Data Out,Router}, times as {@code 2026-01-04 10:00} in the export's zone, durations and
 * data as the listing shows them (the domain's {@link DurationFormat} and {@link ByteFormat}: one formatter for the
 * API and the exports). Data In is what the customer downloaded ({@code bytesIn} of the API).
 */
final class ExportCells {
    static final List<String> COLUMNS =
            List.of("Session ID", "Username", "Start Time", "Stop Time", "Duration", "Data In", "Data Out", "Router");

    /** The exact columns a CSV adds with {@code raw=true}. */
    static final List<String> RAW_COLUMNS = List.of(
            "ID",
            "NAS ID",
            "Start Time (UTC)",
            "Stop Time (UTC)",
            "Duration (s)",
            "Bytes In",
            "Bytes Out",
            "Framed IP",
            "MAC Address",
            "Terminate Cause");

    private final DateTimeFormatter time;
    private final ZoneRules rules;

    ExportCells(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone);
        this.rules = zone.getRules();
    }

    /**
     * {@code uuuu-MM-dd HH:mm} in the export's zone. Written digit by digit for years 0-9999: the formatter took a
     * third of the writing thread's CPU in a 300,000-row export (JFR); {@code ExportCellsTest} holds this to it.
     */
    String time(Instant instant) {
        if (instant == null) {
            return "";
        }
        LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, rules.getOffset(instant));
        int year = local.getYear();
        if (year < 0 || year > 9999) {
            return time.format(instant);
        }
        char[] out = new char[16];
        digits(out, 0, year, 4);
        out[4] = '-';
        digits(out, 5, local.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, local.getDayOfMonth(), 2);
        out[10] = ' ';
        digits(out, 11, local.getHour(), 2);
        out[13] = ':';
        digits(out, 14, local.getMinute(), 2);
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    List<String> human(ExportedSession row) {
        Session s = row.session();
        String router = row.nasName();
        return List.of(
                s.acctSessionId(),
                s.username(),
                time(s.startTime()),
                time(s.stopTime()),
                DurationFormat.brief(row.durationSeconds()),
                ByteFormat.human(s.usage().downloadOctets()),
                ByteFormat.human(s.usage().uploadOctets()),
                router == null ? "" : router);
    }

    static List<String> raw(ExportedSession row) {
        Session s = row.session();
        return List.of(
                s.id().toString(),
                s.nasId().toString(),
                SessionJson.time(s.startTime()),
                s.stopTime() == null ? "" : SessionJson.time(s.stopTime()),
                Long.toString(row.durationSeconds()),
                Long.toString(s.usage().downloadOctets()),
                Long.toString(s.usage().uploadOctets()),
                s.framedIp() == null ? "" : s.framedIp().toString(),
                s.macAddress() == null ? "" : s.macAddress().toString(),
                s.terminateCause() == null ? "" : s.terminateCause().name());
    }
}
