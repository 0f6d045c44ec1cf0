package io.sessionkeeper.domain.testing;

import static io.sessionkeeper.domain.testing.Fixtures.OTHER_TENANT;
import static io.sessionkeeper.domain.testing.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.CustomerId;
import io.sessionkeeper.domain.model.IpAddress;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.SessionPeriod;
import io.sessionkeeper.domain.model.SessionStatusFilter;
import io.sessionkeeper.domain.model.TokenId;
import io.sessionkeeper.domain.port.out.ExportAuditEntry;
import io.sessionkeeper.domain.port.out.ExportAuditEntry.Outcome;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.ExportAuditRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ExportAuditLog} must do: keep every field of the record, close it once, per tenant. */
public abstract class ExportAuditLogContract {
    private static final Instant AT = Instant.parse("2026-02-01T08:30:00Z");
    private ExportAuditLog log;

    protected abstract ExportAuditLog createLog();

    @BeforeEach
    void setUpContract() {
        log = createLog();
    }

    private static ExportAuditRecord full() {
        return new ExportAuditRecord(
                TENANT,
                new TokenId(UUID.randomUUID()),
                IpAddress.parse("192.0.2.10"),
                AT,
                "csv-raw",
                new SessionCriteria(
                        SessionStatusFilter.COMPLETED,
                        new CustomerId(UUID.randomUUID()),
                        new NasId(UUID.randomUUID()),
                        "Alice, \"=1+1\" Müller",
                        new SessionPeriod(
                                LocalDate.parse("2026-01-01"),
                                LocalDate.parse("2026-01-31"),
                                ZoneId.of("Africa/Nairobi"),
                                true)));
    }

    @Test
    void anOpenedExportIsRunningWithEveryFieldOfItsRecord() {
        ExportAuditRecord record = full();
        long id = log.opened(record);

        assertThat(log.latest(TENANT, 10)).containsExactly(new ExportAuditEntry(id, record, null, 0, Outcome.RUNNING));
    }

    @Test
    void aClosedExportHasItsRowsOutcomeAndEnd() {
        ExportAuditRecord bare = new ExportAuditRecord(
                TENANT,
                null,
                null,
                AT,
                "pdf",
                SessionCriteria.ALL.withPeriod(SessionPeriod.ANY.withZone(ZoneOffset.UTC)));
        long first = log.opened(full());
        long second = log.opened(bare);

        log.closed(TENANT, first, 1_234_567, Outcome.INTERRUPTED, AT.plusSeconds(20));
        log.closed(TENANT, second, 3, Outcome.COMPLETED, AT.plusSeconds(1));

        assertThat(log.latest(TENANT, 10))
                .extracting(
                        ExportAuditEntry::id, ExportAuditEntry::rows, ExportAuditEntry::outcome, e -> e.finishedAt())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(second, 3L, Outcome.COMPLETED, AT.plusSeconds(1)),
                        org.assertj.core.groups.Tuple.tuple(
                                first, 1_234_567L, Outcome.INTERRUPTED, AT.plusSeconds(20)));
        assertThat(log.latest(TENANT, 1).get(0).record()).isEqualTo(bare);
    }

    @Test
    void entriesStayWithTheirTenant() {
        long ours = log.opened(full());

        assertThat(log.latest(OTHER_TENANT, 10)).isEmpty();
        log.closed(OTHER_TENANT, ours, 99, Outcome.COMPLETED, AT);
        assertThat(log.latest(TENANT, 10).get(0).outcome()).isEqualTo(Outcome.RUNNING);
    }
}
