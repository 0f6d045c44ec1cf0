package io.sessionkeeper.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExportCellsTest {
    /** The digit-by-digit times of an export are the formatter's, in zones with DST, odd offsets and none. */
    @Test
    void timesAreThePatternsInTheExportsZoneAcrossOffsetsAndDaylightSaving() {
        List<Instant> instants = new ArrayList<>(List.of(
                Instant.EPOCH,
                Instant.parse("2026-03-29T00:59:59Z"),
                Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-10-25T00:59:59Z"),
                Instant.parse("2026-10-25T01:00:00Z"),
                Instant.parse("2026-03-08T10:00:00Z"),
                Instant.parse("2026-11-01T05:30:00Z"),
                Instant.parse("9999-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:00:00Z")));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 5_000_000_000L)));
        }
        for (String zone : List.of(
                "UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham")) {
            ExportCells cells = new ExportCells(ZoneId.of(zone));
            DateTimeFormatter pattern =
                    DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneId.of(zone));
            for (Instant instant : instants) {
                assertThat(cells.time(instant)).as("%s in %s", instant, zone).isEqualTo(pattern.format(instant));
            }
        }
        assertThat(new ExportCells(ZoneId.of("UTC")).time(null)).isEmpty();
    }
}
