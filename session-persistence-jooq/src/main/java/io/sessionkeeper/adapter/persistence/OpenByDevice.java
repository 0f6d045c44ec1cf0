package io.sessionkeeper.adapter.persistence;

/**
 * "Open" as the index of open sessions by device says it: {@code sessions_open_device_idx ON sessions (nas_id,
 * username) WHERE num_nulls(stop_time) = 1} (V34). Its readers (a Start's device look-up, Accounting-On/Off's close of
 * a NAS's sessions, the multi-device candidates) write "open" in this form, which no other index's predicate has.
 *
 * <p>Why a form of its own: a statement can only use a partial index whose predicate its conditions prove. Written
 * {@code stop_time IS NULL} as the other partial indexes of open sessions say it ({@code sessions_open_key_uk}, {@code
 * sessions_open_tenant_start_idx}), the device look-up could be served by any of them, and PostgreSQL chose by its
 * statistics: taken while nearly every session was closed (after a NAS's Accounting-On, on a quiet night, in the
 * ingest benchmark's warm-up), they make each of those indexes a one-row index, and a scan of the whole of {@code
 * sessions_open_key_uk}, filtered by NAS and user, looked as cheap as a probe: 113 ms for 100 devices (502,100 buffers)
 * against a probe a device ({@code StaleStatisticsPlanTest}, ADR 17's second addendum). In this form only the index by
 * device can serve the statement, so the probe is the only plan with an index. The interims' progress statement says
 * "open" in a third form that no partial index has ({@link SessionUpsert#PROGRESS}).
 */
final class OpenByDevice {
    /** The condition; the table's columns unqualified. */
    static final String OPEN = "num_nulls(stop_time) = 1";

    private OpenByDevice() {}
}
