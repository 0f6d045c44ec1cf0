package io.sessionkeeper.domain.port.in;

/** How an export that was not stopped by a failure ended. */
public sealed interface ExportResult {
    /** Every selected session was written: {@code rows} of them. */
    record Completed(long rows) implements ExportResult {}

    /** More sessions match ({@code matching}) than the command's limit allows: nothing was written. */
    record TooManyRows(long matching, long limit) implements ExportResult {}
}
