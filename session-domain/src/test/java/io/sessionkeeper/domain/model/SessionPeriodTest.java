package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionPeriodTest {
    private static final LocalDate JAN_1 = LocalDate.parse("2026-01-01");
    private static final LocalDate JAN_31 = LocalDate.parse("2026-01-31");

    @Test
    void daysAreCalendarDaysOfTheZoneWithTheEndIncluded() {
        SessionPeriod january = new SessionPeriod(JAN_1, JAN_31, null, false);

        TimeWindow nairobi = january.window(ZoneId.of("Africa/Nairobi"));

        assertThat(january.days()).isEqualTo(31);
        assertThat(nairobi.from()).isEqualTo(Instant.parse("2025-12-31T21:00:00Z"));
        assertThat(nairobi.until()).isEqualTo(Instant.parse("2026-01-31T21:00:00Z"));
        assertThat(january.window(ZoneOffset.UTC).until()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }

    @Test
    void aDayOfAChangeOfDaylightSavingTimeHasItsRealLength() {
        LocalDate springForward = LocalDate.parse("2026-03-29");
        TimeWindow day =
                new SessionPeriod(springForward, springForward, null, false).window(ZoneId.of("Europe/Berlin"));

        assertThat(java.time.Duration.between(day.from(), day.until())).hasHours(23);
    }

    @Test
    void eitherEndMayBeOpenButTheEndMayNotPrecedeTheStart() {
        assertThat(SessionPeriod.ANY.window(ZoneOffset.UTC)).isNull();
        assertThat(new SessionPeriod(JAN_1, null, null, true).window(ZoneOffset.UTC))
                .isEqualTo(new TimeWindow(Instant.parse("2026-01-01T00:00:00Z"), null, true));
        assertThat(new SessionPeriod(null, JAN_1, null, false).window(ZoneOffset.UTC))
                .isEqualTo(new TimeWindow(null, Instant.parse("2026-01-02T00:00:00Z"), false));
        assertThatThrownBy(() -> new SessionPeriod(JAN_31, JAN_1, null, false))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("endDate: must not be before startDate");
        assertThatThrownBy(() -> new SessionPeriod(JAN_1, null, null, false).days())
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void theGivenZoneWinsOverTheTenants() {
        ZoneId lima = ZoneId.of("America/Lima");
        assertThat(new SessionPeriod(JAN_1, JAN_1, lima, false).zoneOr(ZoneOffset.UTC))
                .isEqualTo(lima);
        assertThat(new SessionPeriod(JAN_1, JAN_1, null, false).zoneOr(lima)).isEqualTo(lima);
    }

    @Test
    void overlapAlsoTakesWhatRanIntoTheWindowButNeverWhatStartedAtItsEnd() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant until = Instant.parse("2026-02-01T00:00:00Z");
        TimeWindow started = new TimeWindow(from, until, false);
        TimeWindow overlapping = new TimeWindow(from, until, true);
        Instant before = from.minusSeconds(60);

        assertThat(started.includes(from, null)).isTrue();
        assertThat(started.includes(until, null)).isFalse();
        assertThat(started.includes(before, null)).isFalse();
        assertThat(overlapping.includes(before, null)).isTrue();
        assertThat(overlapping.includes(before, from.plusSeconds(1))).isTrue();
        assertThat(overlapping.includes(before, from)).isFalse();
        assertThat(overlapping.includes(until, null)).isFalse();
        assertThatThrownBy(() -> new TimeWindow(null, null, false)).isInstanceOf(InvalidValueException.class);
    }
}
