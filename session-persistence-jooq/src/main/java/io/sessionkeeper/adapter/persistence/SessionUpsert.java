package io.sessionkeeper.adapter.persistence;

import io.sessionkeeper.adapter.persistence.mapping.Instants;
import io.sessionkeeper.adapter.persistence.mapping.TerminateCauses;
import io.sessionkeeper.domain.model.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The accounting write: one set-based statement per batch, {@code INSERT … SELECT FROM unnest(arrays) ON CONFLICT
 * (tenant_id, id) DO UPDATE}, whose guards are {@link Session#mergedWith} in SQL, so that whatever a writer
 * passes (a stale copy, a late packet, a racing instance) a stored session never loses usage or session time,
 * never moves its last update back or its start forward, and once stopped keeps its stop time and cause.
 *
 * <p>This is the one place with SQL text; jOOQ binds the arrays. Rows that stop a session go first, so a batch
 * that supersedes an open session and opens its successor with the same key never holds two open sessions of one
 * key at any moment (the partial unique index {@code sessions_open_key_uk} is checked row by row).
 */
final class SessionUpsert {
    private static final String SQL = """
            INSERT INTO sessions AS s (
              tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip, mac_address,
              connection_type, start_time, stop_time, last_update, download_octets, upload_octets,
              download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
              terminated_by, called_station_id, nas_port_id, host_ip, rate_limit)
            SELECT * FROM unnest(
              {0}::text[], {1}::uuid[], {2}::uuid[], {3}::uuid[], {4}::text[], {5}::text[], {6}::inet[],
              {7}::macaddr[], {8}::text[], {9}::timestamptz[], {10}::timestamptz[], {11}::timestamptz[],
              {12}::bigint[], {13}::bigint[], {14}::bigint[], {15}::bigint[], {16}::bigint[], {17}::text[],
              {18}::integer[], {19}::text[], {20}::text[], {21}::text[], {22}::inet[], {23}::text[])
            ON CONFLICT (tenant_id, id) DO UPDATE SET
              start_time = LEAST(s.start_time, EXCLUDED.start_time),
              last_update = GREATEST(s.last_update, EXCLUDED.last_update),
              stop_time = COALESCE(s.stop_time, EXCLUDED.stop_time),
              terminate_cause = CASE WHEN s.stop_time IS NULL THEN EXCLUDED.terminate_cause ELSE s.terminate_cause END,
              terminate_cause_code =
                CASE WHEN s.stop_time IS NULL THEN EXCLUDED.terminate_cause_code ELSE s.terminate_cause_code END,
              terminated_by = CASE WHEN s.stop_time IS NULL THEN EXCLUDED.terminated_by ELSE s.terminated_by END,
              download_octets = GREATEST(s.download_octets, EXCLUDED.download_octets),
              upload_octets = GREATEST(s.upload_octets, EXCLUDED.upload_octets),
              download_packets = GREATEST(s.download_packets, EXCLUDED.download_packets),
              upload_packets = GREATEST(s.upload_packets, EXCLUDED.upload_packets),
              session_time = GREATEST(s.session_time, EXCLUDED.session_time),
              framed_ip = COALESCE(EXCLUDED.framed_ip, s.framed_ip),
              mac_address = COALESCE(EXCLUDED.mac_address, s.mac_address),
              called_station_id = COALESCE(EXCLUDED.called_station_id, s.called_station_id),
              nas_port_id = COALESCE(EXCLUDED.nas_port_id, s.nas_port_id),
              host_ip = COALESCE(EXCLUDED.host_ip, s.host_ip),
              rate_limit = COALESCE(EXCLUDED.rate_limit, s.rate_limit)
            """;

    private static final DataType<String[]> TEXT_ARRAY = SQLDataType.VARCHAR.getArrayDataType();
    private static final DataType<Long[]> BIGINT_ARRAY = SQLDataType.BIGINT.getArrayDataType();
    private static final DataType<Integer[]> INTEGER_ARRAY = SQLDataType.INTEGER.getArrayDataType();

    /** Stopping rows first, then by key: a stable order for row locks, too. */
    private static final Comparator<Session> WRITE_ORDER = Comparator.comparing((Session s) -> s.stopTime() == null)
            .thenComparing(s -> s.tenant().value())
            .thenComparing(s -> s.id().value());

    private SessionUpsert() {}

    /** Writes the sessions in one statement; returns the rows inserted or updated. */
    static int execute(DSLContext tx, Collection<Session> sessions) {
        if (sessions.isEmpty()) {
            return 0;
        }
        List<Session> rows = new ArrayList<>(mergeDuplicates(sessions));
        rows.sort(WRITE_ORDER);
        List<Field<?>> arrays = List.of(
                text(rows, s -> s.tenant().value()),
                text(rows, s -> s.id().toString()),
                text(rows, s -> s.nasId().toString()),
                text(rows, s -> s.key().value().toString()),
                text(rows, Session::acctSessionId),
                text(rows, Session::username),
                text(rows, s -> s.framedIp() == null ? null : s.framedIp().toString()),
                text(rows, s -> s.macAddress() == null ? null : s.macAddress().value()),
                text(rows, s -> s.connectionType().name()),
                instants(rows, Session::startTime),
                instants(rows, Session::stopTime),
                instants(rows, Session::lastUpdate),
                longs(rows, s -> s.usage().downloadOctets()),
                longs(rows, s -> s.usage().uploadOctets()),
                longs(rows, s -> s.usage().downloadPackets()),
                longs(rows, s -> s.usage().uploadPackets()),
                longs(rows, Session::sessionTimeSeconds),
                text(rows, s -> TerminateCauses.name(s.terminateCause())),
                DSL.val(
                        rows.stream()
                                .map(s -> TerminateCauses.code(s.terminateCause()))
                                .toArray(Integer[]::new),
                        INTEGER_ARRAY),
                text(rows, s -> TerminateCauses.origin(s.terminateCause())),
                text(rows, Session::calledStationId),
                text(rows, Session::nasPortId),
                text(rows, s -> s.hostIp() == null ? null : s.hostIp().toString()),
                text(rows, Session::rateLimit));
        return tx.execute(SQL, arrays.toArray(new Object[0]));
    }

    /** Two versions of one session in a batch become one row (a statement may not update a row twice). */
    private static Collection<Session> mergeDuplicates(Collection<Session> sessions) {
        Map<List<Object>, Session> byId = new LinkedHashMap<>();
        for (Session session : sessions) {
            Objects.requireNonNull(session, "session");
            byId.merge(List.of(session.tenant(), session.id()), session, Session::mergedWith);
        }
        return byId.values();
    }

    private static Field<String[]> text(List<Session> rows, Function<Session, String> value) {
        return DSL.val(rows.stream().map(value).toArray(String[]::new), TEXT_ARRAY);
    }

    private static Field<String[]> instants(List<Session> rows, Function<Session, Instant> value) {
        return text(rows, s -> {
            Instant instant = Instants.toDb(value.apply(s));
            return instant == null ? null : instant.toString();
        });
    }

    private static Field<Long[]> longs(List<Session> rows, Function<Session, Long> value) {
        return DSL.val(rows.stream().map(value).toArray(Long[]::new), BIGINT_ARRAY);
    }
}
