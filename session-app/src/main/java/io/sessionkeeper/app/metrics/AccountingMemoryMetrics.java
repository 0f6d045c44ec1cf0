package io.sessionkeeper.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sessionkeeper.adapter.persistence.AccountingMemory;

/**
 * What accounting remembers of the sessions it wrote (docs/adr/0057-accounting-remembers-the-sessions-it-wrote.md),
 * read at scrape time:
 *
 * <ul>
 *   <li>{@code sessionkeeper_accounting_memory_sessions}: sessions remembered now (at most
 *       {@code SESSION_ACCOUNTING_MEMORY});
 *   <li>{@code sessionkeeper_accounting_memory_hits_total}: session keys answered from memory instead of a read;
 *   <li>{@code sessionkeeper_accounting_memory_outdated_total}: accounting units done again from the rows because a
 *       remembered session had been changed in the database by another writer (a CoA, a close, another instance).
 * </ul>
 */
public final class AccountingMemoryMetrics {
    private AccountingMemoryMetrics() {}

    public static void bind(MeterRegistry registry, AccountingMemory memory) {
        Gauge.builder("sessionkeeper.accounting.memory.sessions", memory, AccountingMemory::sessions)
                .description("open sessions accounting remembers of its own writes")
                .register(registry);
        FunctionCounter.builder("sessionkeeper.accounting.memory.hits", memory, AccountingMemory::hits)
                .description("session keys answered from accounting's memory instead of a read")
                .register(registry);
        FunctionCounter.builder("sessionkeeper.accounting.memory.outdated", memory, AccountingMemory::outdatedUnits)
                .description("accounting units done again because a remembered session had changed in the database")
                .register(registry);
    }
}
