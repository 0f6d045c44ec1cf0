package io.sessionkeeper.domain.service;

import io.sessionkeeper.domain.model.ExportedSession;
import io.sessionkeeper.domain.model.Nas;
import io.sessionkeeper.domain.model.NasId;
import io.sessionkeeper.domain.model.Principal;
import io.sessionkeeper.domain.model.Session;
import io.sessionkeeper.domain.model.SessionCriteria;
import io.sessionkeeper.domain.model.Tenant;
import io.sessionkeeper.domain.model.TenantId;
import io.sessionkeeper.domain.port.in.ExportHeader;
import io.sessionkeeper.domain.port.in.ExportResult;
import io.sessionkeeper.domain.port.in.ExportSessionsCommand;
import io.sessionkeeper.domain.port.in.ExportSessionsUseCase;
import io.sessionkeeper.domain.port.in.ExportSink;
import io.sessionkeeper.domain.port.out.CustomerDirectory;
import io.sessionkeeper.domain.port.out.ExportAuditEntry.Outcome;
import io.sessionkeeper.domain.port.out.ExportAuditLog;
import io.sessionkeeper.domain.port.out.ExportAuditRecord;
import io.sessionkeeper.domain.port.out.NasDirectory;
import io.sessionkeeper.domain.port.out.SessionCursor;
import io.sessionkeeper.domain.port.out.SessionExportReader;
import io.sessionkeeper.domain.port.out.SessionFilter;
import io.sessionkeeper.domain.port.out.TenantDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Exports a tenant's sessions: the criteria of a listing, every matching row, read in keyset-ordered chunks (each one
 * short read of its own, see {@link SessionExportReader}) and handed to the sink one chunk at a time, so that the
 * memory an export needs does not grow with its rows. The first chunk is small, so that the first bytes leave soon.
 *
 * <p>While the sink writes a chunk, the next one is read on {@link ReadAhead}'s executor: reading (the store's query
 * and turning its rows into sessions) and writing (formatting and sending) then take a core each instead of
 * taking turns. At most two chunks are held: the one being written and the one being read.
 *
 * <p>Every export is audited: the record is written before the sink is told to begin (no row leaves unrecorded) and
 * closed with the rows written and how it ended. A refused export (over its row limit) writes nothing and is not
 * recorded.
 */
@Singleton
public final class SessionExportService implements ExportSessionsUseCase {
    /** Rows of the first chunk: small, so that a client sees its first bytes within milliseconds. */
    public static final int FIRST_CHUNK = 500;
    /** Rows of the following chunks: large enough that a round trip per chunk costs little, small enough for heap. */
    public static final int CHUNK = 5_000;

    /**
     * Where the next chunk is read while the sink writes the current one. A direct executor ({@code Runnable::run})
     * reads and writes in turn on the caller's thread.
     */
    public record ReadAhead(Executor executor) {
        public ReadAhead {
            Objects.requireNonNull(executor, "executor");
        }
    }

    private final SessionExportReader reader;
    private final CustomerDirectory customers;
    private final NasDirectory nasDirectory;
    private final TenantDirectory tenants;
    private final ExportAuditLog audit;
    private final Clock clock;
    private final Executor readAhead;

    @Inject
    public SessionExportService(
            SessionExportReader reader,
            CustomerDirectory customers,
            NasDirectory nasDirectory,
            TenantDirectory tenants,
            ExportAuditLog audit,
            Clock clock,
            ReadAhead readAhead) {
        this.reader = reader;
        this.customers = customers;
        this.nasDirectory = nasDirectory;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
        this.readAhead = readAhead.executor();
    }

    @Override
    public ExportResult export(ExportSessionsCommand command, ExportSink sink) {
        Principal caller = command.caller();
        TenantId tenantId = caller.tenant();
        SessionCriteria criteria = command.criteria();
        Tenant tenant =
                tenants.findById(tenantId).orElseGet(() -> new Tenant(tenantId, tenantId.value(), ZoneOffset.UTC));
        ZoneId zone = criteria.period().zoneOr(tenant.timeZone());
        Instant now = Instants.now(clock);
        SessionFilter filter = filter(tenantId, criteria, zone);

        long expected = -1;
        if (command.rowLimit() > 0) {
            expected = filter == null ? 0 : reader.count(filter);
            if (expected > command.rowLimit()) {
                return new ExportResult.TooManyRows(expected, command.rowLimit());
            }
        }
        long auditId = audit.opened(new ExportAuditRecord(
                tenantId,
                caller.tokenId(),
                caller.clientAddress(),
                now,
                command.format(),
                criteria.withPeriod(criteria.period().withZone(zone))));
        Run run = new Run();
        try {
            run.stage = Outcome.INTERRUPTED;
            sink.begin(new ExportHeader(tenant, criteria, zone, now, expected));
            if (filter != null) {
                stream(filter, nasOf(tenantId), now, sink, run);
            }
            run.stage = Outcome.INTERRUPTED;
            sink.end();
        } catch (RuntimeException | Error failure) {
            try {
                audit.closed(tenantId, auditId, run.rows, run.stage, Instants.now(clock));
            } catch (RuntimeException auditFailure) {
                failure.addSuppressed(auditFailure);
            }
            throw failure;
        }
        audit.closed(tenantId, auditId, run.rows, Outcome.COMPLETED, Instants.now(clock));
        return new ExportResult.Completed(run.rows);
    }

    /** Rows written so far, and how the export ends if what runs now fails. */
    private static final class Run {
        long rows;
        Outcome stage = Outcome.FAILED;
    }

    private void stream(SessionFilter filter, Map<NasId, Nas> nasById, Instant now, ExportSink sink, Run run) {
        run.stage = Outcome.FAILED;
        int size = FIRST_CHUNK;
        List<Session> chunk = reader.readChunk(filter, null, size);
        while (!chunk.isEmpty()) {
            CompletableFuture<List<Session>> next = null;
            if (chunk.size() == size) {
                SessionCursor after = SessionCursor.after(chunk.get(chunk.size() - 1));
                next = CompletableFuture.supplyAsync(() -> reader.readChunk(filter, after, CHUNK), readAhead);
            }
            List<ExportedSession> rows = new ArrayList<>(chunk.size());
            for (Session session : chunk) {
                rows.add(new ExportedSession(session, nasById.get(session.nasId()), session.durationSeconds(now)));
            }
            run.stage = Outcome.INTERRUPTED;
            try {
                sink.write(rows);
            } catch (RuntimeException | Error failure) {
                if (next != null) {
                    // the read runs to its end and is dropped: a store read is not interruptible anyway
                    next.cancel(false);
                }
                throw failure;
            }
            run.rows += rows.size();
            if (next == null) {
                return;
            }
            run.stage = Outcome.FAILED;
            chunk = result(next);
            size = CHUNK;
        }
    }

    /** The read's chunk, or the read's own failure as it was thrown. */
    private static List<Session> result(CompletableFuture<List<Session>> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The repository's filter for the criteria; null when they select nothing (a customer the tenant lacks). */
    private SessionFilter filter(TenantId tenant, SessionCriteria criteria, ZoneId zone) {
        String username = null;
        if (criteria.customerId() != null) {
            var customer = customers.findById(tenant, criteria.customerId());
            if (customer.isEmpty()) {
                return null;
            }
            username = customer.get().username();
        }
        return new SessionFilter(
                tenant,
                criteria.status(),
                username,
                criteria.nasId(),
                criteria.search(),
                criteria.period().window(zone));
    }

    private Map<NasId, Nas> nasOf(TenantId tenant) {
        Map<NasId, Nas> byId = new HashMap<>();
        for (Nas nas : nasDirectory.findByTenant(tenant)) {
            byId.put(nas.id(), nas);
        }
        return byId;
    }
}
