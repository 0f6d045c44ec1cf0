package io.sessionkeeper.adapter.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Seeds sessions set-based ({@code INSERT … SELECT FROM generate_series}), for plan checks and the one-off scale
 * measurement ({@link ScaleCheck}). A tenant gets {@code total} sessions of which {@code active} are open:
 *
 * <ul>
 *   <li>20 NAS; 50,000 users ({@code user0} …), about 20 sessions each; PPPoE 70 %, Hotspot 25 %, other 5 %;
 *   <li>completed sessions started over the last 60 days and lasted up to 8 hours;
 *   <li>open sessions started within the last 14 days and reported within the last 10 minutes, except 1 % that
 *       have been silent for more than a day (stale);
 *   <li>counters up to 20 GB (beyond 32 bits), a framed IP, a MAC and an Acct-Session-Id per session.
 * </ul>
 */
final class ScaleSeed {
    private ScaleSeed() {}

    static void seed(Connection connection, String tenant, int total, int active) throws SQLException {
        String sql = """
                INSERT INTO sessions (tenant_id, id, nas_id, session_key, acct_session_id, username, framed_ip,
                  mac_address, connection_type, start_time, stop_time, last_update, download_octets, upload_octets,
                  download_packets, upload_packets, session_time, terminate_cause, terminate_cause_code,
                  terminated_by, called_station_id, nas_port_id, host_ip, rate_limit)
                SELECT '%1$s',
                  md5('%1$s/id/' || i)::uuid,
                  md5('%1$s/nas/' || (i %% 20))::uuid,
                  md5('%1$s/key/' || i)::uuid,
                  upper(to_hex(2164260864 + i)),
                  'user' || (i %% 50000),
                  '10.0.0.0'::inet + (i %% 16000000),
                  ('02:00:' || substr(md5(i::text), 1, 2) || ':' || substr(md5(i::text), 3, 2) || ':'
                     || substr(md5(i::text), 5, 2) || ':' || substr(md5(i::text), 7, 2))::macaddr,
                  CASE WHEN i %% 20 < 14 THEN 'PPPOE' WHEN i %% 20 < 19 THEN 'HOTSPOT' ELSE 'OTHER' END,
                  t.start_time,
                  t.stop_time,
                  t.last_update,
                  (random() * 20e9)::bigint, (random() * 2e9)::bigint,
                  (random() * 2e7)::bigint, (random() * 2e6)::bigint,
                  extract(epoch FROM coalesce(t.stop_time, t.last_update) - t.start_time)::bigint,
                  CASE WHEN t.stop_time IS NOT NULL THEN 'User-Request' END,
                  CASE WHEN t.stop_time IS NOT NULL THEN 1 END,
                  CASE WHEN t.stop_time IS NOT NULL THEN 'nas' END,
                  'pppoe-service', 'ether' || (i %% 8), NULL, '10M/20M'
                FROM generate_series(1, %2$d) AS i
                CROSS JOIN LATERAL (
                  SELECT s.start_time,
                    CASE WHEN NOT s.open THEN s.start_time + random() * interval '8 hours' END AS stop_time,
                    CASE WHEN NOT s.open THEN NULL
                         WHEN i %% 100 = 0 THEN s.start_time + interval '1 hour'
                         ELSE greatest(s.start_time, now() - random() * interval '10 minutes') END AS last_update
                  FROM (SELECT i > %2$d - %3$d AS open,
                          CASE WHEN i <= %2$d - %3$d THEN now() - random() * interval '60 days'
                               WHEN i %% 100 = 0 THEN now() - interval '3 days' - random() * interval '10 days'
                               ELSE now() - random() * interval '14 days' END AS start_time) s
                ) t0
                CROSS JOIN LATERAL (SELECT t0.start_time, t0.stop_time,
                  coalesce(t0.last_update, t0.stop_time) AS last_update) t
                """.formatted(tenant, total, active);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT setseed(0.42)");
            statement.execute(sql);
        }
    }
}
