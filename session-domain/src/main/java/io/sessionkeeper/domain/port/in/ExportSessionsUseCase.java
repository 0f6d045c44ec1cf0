package io.sessionkeeper.domain.port.in;

/**
 * Exports a tenant's session history: every session the criteria select, not one page, in the listing's order (newest
 * start first, ties by id), streamed to a sink chunk by chunk so that no export holds all its rows at once, and
 * audited (who, which criteria, how many rows, how it ended).
 */
public interface ExportSessionsUseCase {
    /**
     * Runs the export: checks the limit, opens the audit record, calls {@link ExportSink#begin} once, then {@link
     * ExportSink#write} per chunk, and closes the audit record with the rows written and how it ended.
     *
     * @return {@link ExportResult.Completed}, or {@link ExportResult.TooManyRows} (nothing written, nothing audited)
     *     when the command has a row limit and more sessions match
     * @throws RuntimeException what the sink or the store threw, after the audit record says so
     */
    ExportResult export(ExportSessionsCommand command, ExportSink sink);
}
