package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.ByteFormat;
import io.sessionkeeper.domain.model.DurationFormat;
import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.Session;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

    ExportCells(ZoneId zone) {
        this.time = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(zone);
    }

    String time(Instant instant) {
        return instant == null ? "" : time.format(instant);
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
