import java.sql.*; import java.util.*; import java.nio.*; import java.nio.file.*;
import java.lang.management.*;

/**
 * The fold's statement (ADR 67) in shapes measured against each other: PostgreSQL's CPU (the backend's utime+stime
 * from /proc) and this client's, per sample, for 30,000 sessions x 12 samples into an empty day, 500 samples a
 * statement, a commit every 20 statements, each shape three times in turn on a truncated table. Arguments: the shapes.
 *   cte        as ADR 67 was first built: text[] tenants and ids, the late-hours queue with RETURNING and a join
 *   plain      the same rows, no queue (the late samples go through a statement of their own)
 *   scalar     plain, the tenant one parameter
 *   bytes      scalar, the ids one bytea of 16-byte ids (what the fold runs since 2026-12-06)
 *   sqldecode  the queued 49-byte records decoded by PostgreSQL (no arrays)
 * Not product code: see README.md.
 */
public class FoldStatement {
  static final int SESSIONS = Integer.getInteger("sessions", 30000), ROUNDS = 12, PER = Integer.getInteger("per", 500);
  static final String CTE = """
    WITH inserted AS (
      INSERT INTO session_samples AS s (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
      SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time, v.kind
      FROM (SELECT u.tenant_id, u.session_id::uuid AS session_id, TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
              u.download_octets, u.upload_octets, u.session_time, u.kind, u.newer
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[], ?::boolean[])
              AS u(tenant_id, session_id, at_us, download_octets, upload_octets, session_time, kind, newer)) AS v
      WHERE v.newer OR (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
             AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL
      RETURNING s.tenant_id, s.session_id, s.sampled_at)
    INSERT INTO usage_dirty_hours (tenant_id, session_id, hour)
    SELECT DISTINCT i.tenant_id, i.session_id, date_trunc('hour', i.sampled_at, 'UTC')
    FROM inserted i JOIN usage_rollup_state r ON r.id = 1 AND i.sampled_at < r.claimed_until
    ON CONFLICT DO NOTHING""";
  static final String PLAIN = """
      INSERT INTO session_samples AS s (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
      SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time, v.kind
      FROM (SELECT u.tenant_id, u.session_id::uuid AS session_id, TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
              u.download_octets, u.upload_octets, u.session_time, u.kind, u.newer
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[], ?::boolean[])
              AS u(tenant_id, session_id, at_us, download_octets, upload_octets, session_time, kind, newer)) AS v
      WHERE v.newer OR (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
             AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL""";
  static final String SCALAR = """
      INSERT INTO session_samples AS s (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
      SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time, v.kind
      FROM (SELECT ?::text AS tenant_id, u.session_id::uuid AS session_id, TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
              u.download_octets, u.upload_octets, u.session_time, u.kind, u.newer
            FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[], ?::boolean[])
              AS u(session_id, at_us, download_octets, upload_octets, session_time, kind, newer)) AS v
      WHERE v.newer OR (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
             AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL""";
  // uuids as one bytea of 16-byte ids
  static final String BYTES = """
      INSERT INTO session_samples AS s (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
      SELECT v.tenant_id, v.session_id, v.sampled_at, v.download_octets, v.upload_octets, v.session_time, v.kind
      FROM (SELECT ?::text AS tenant_id, encode(substring(b.ids FROM ((u.n - 1) * 16 + 1)::int FOR 16), 'hex')::uuid AS session_id,
              TIMESTAMPTZ 'epoch' + u.at_us * INTERVAL '1 microsecond' AS sampled_at,
              u.download_octets, u.upload_octets, u.session_time, u.kind, u.newer
            FROM (SELECT ?::bytea AS ids) b, unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::smallint[], ?::boolean[])
              WITH ORDINALITY AS u(at_us, download_octets, upload_octets, session_time, kind, newer, n)) AS v
      WHERE v.newer OR (SELECT true FROM session_samples x WHERE x.tenant_id = v.tenant_id
             AND x.session_id = v.session_id AND x.sampled_at = v.sampled_at LIMIT 1) IS NULL""";
  // the late samples as the fold stores them until 2026-12-06: the rows stored queue their hours (RETURNING)
  static final String LATE = "WITH inserted AS (" + BYTES + """

      RETURNING tenant_id, session_id, sampled_at)
    INSERT INTO usage_dirty_hours (tenant_id, session_id, hour)
    SELECT DISTINCT i.tenant_id, i.session_id, date_trunc('hour', i.sampled_at, 'UTC') FROM inserted i
    ON CONFLICT DO NOTHING""";
  // a step's late hours, each (session, hour) once, computed by the client: into the keyed queue
  static final String HOURS_KEYED = """
      INSERT INTO usage_dirty_hours (tenant_id, session_id, hour)
      SELECT ?::text, encode(substring(b.ids FROM ((u.n - 1) * 16 + 1)::int FOR 16), 'hex')::uuid,
        TIMESTAMPTZ 'epoch' + u.hour_us * INTERVAL '1 microsecond'
      FROM (SELECT ?::bytea AS ids) b, unnest(?::bigint[]) WITH ORDINALITY AS u(hour_us, n)
      ON CONFLICT DO NOTHING""";
  // a step's late hours as one row an hour: the sessions' ids as one bytea, no index
  static final String HOURS_ROW = """
      INSERT INTO usage_late_hours (tenant_id, hour, session_ids) VALUES (?, TIMESTAMPTZ 'epoch' + ? * INTERVAL '1 microsecond', ?)""";
  // the batch's records decoded in SQL
  static final String SQLDECODE = """
      INSERT INTO session_samples AS s (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind)
      SELECT ?::text, encode(substring(b.r FROM o + 1 FOR 16), 'hex')::uuid,
        TIMESTAMPTZ 'epoch' + ('x' || encode(substring(b.r FROM o + 17 FOR 8), 'hex'))::bit(64)::bigint * INTERVAL '1 microsecond',
        ('x' || encode(substring(b.r FROM o + 25 FOR 8), 'hex'))::bit(64)::bigint,
        ('x' || encode(substring(b.r FROM o + 33 FOR 8), 'hex'))::bit(64)::bigint,
        ('x' || encode(substring(b.r FROM o + 41 FOR 8), 'hex'))::bit(64)::bigint,
        (get_byte(b.r, o + 48) & 15)::smallint
      FROM (SELECT ?::bytea AS r) b, generate_series(0, length(b.r) - 49, 49) AS o""";

  static String variant;
  public static void main(String[] a) throws Exception {
    String[] variants = a;
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:25432/postgres", "postgres", "")) {
      c.setAutoCommit(false);
      int pid; try (ResultSet r = c.createStatement().executeQuery("SELECT pg_backend_pid()")) { r.next(); pid = r.getInt(1); }
      c.commit();
      long base = System.currentTimeMillis() * 1000 - 3_600_000_000L;
      Random rnd = new Random(1);
      UUID[] ids = new UUID[SESSIONS]; for (int i = 0; i < SESSIONS; i++) ids[i] = new UUID(rnd.nextLong(), rnd.nextLong());
      for (int pass = 0; pass < 3; pass++) for (String v : variants) {
        try (Statement st = c.createStatement()) { st.execute("TRUNCATE session_samples, usage_dirty_hours, usage_late_hours"); } c.commit();
        try (Statement st = c.createStatement()) { c.setAutoCommit(true); st.execute("CHECKPOINT"); st.execute("VACUUM ANALYZE session_samples"); c.setAutoCommit(false);}        
        long pg0 = cpu(pid); long cl0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(); long w0 = System.nanoTime();
        String sql = switch (v) { case "cte" -> CTE; case "plain" -> PLAIN; case "scalar" -> SCALAR; case "bytes" -> BYTES; case "sqldecode" -> SQLDECODE; case "late" -> LATE; case "latekeyed", "laterow" -> BYTES; case "copy", "copysorted" -> "SELECT 1"; default -> throw new IllegalArgumentException(v); };
        java.util.Set<Long> stepHours = new java.util.LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          int n = 0, stmts = 0;
          int total = SESSIONS * ROUNDS;
          for (int start = 0; start < total; start += PER) {
            int size = Math.min(PER, total - start);
            if (v.startsWith("copy")) { copy(c, ids, base, start, size, v.endsWith("sorted")); } else {
            bind(v, c, ps, ids, base, start, size);
            ps.executeUpdate(); }
            if (v.startsWith("late")) for (int j = start; j < start + size; j++) stepHours.add(((long) (j % SESSIONS) << 32) | (((base + (j / SESSIONS) * 1_000_000L + j % SESSIONS) / 3_600_000_000L)));
            if (++stmts % 20 == 0) { queueHours(v, c, ids, stepHours); c.commit(); }
          }
          queueHours(v, c, ids, stepHours);
          c.commit();
        }
        long pg = cpu(pid) - pg0; long cl = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cl0; long w = System.nanoTime() - w0;
        long rows; try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM session_samples")) { r.next(); rows = r.getLong(1); } c.commit();
        System.out.printf("%-10s pass %d rows %d  pg %.2f us/sample  client %.2f us/sample  wall %.2f us/sample%n", v, pass, rows,
            pg * 10_000.0 / rows, cl / 1000.0 / rows, w / 1000.0 / rows);
      }
    }
  }
  /** The step's (session, hour) pairs queued as the variant does (latekeyed, laterow); cleared. */
  static void queueHours(String v, Connection c, UUID[] ids, java.util.Set<Long> hours) throws SQLException {
    if (v.equals("latekeyed")) {
      try (PreparedStatement ps = c.prepareStatement(HOURS_KEYED)) {
        ByteBuffer idb = ByteBuffer.allocate(16 * hours.size()); long[] h = new long[hours.size()]; int i = 0;
        for (long k : hours) { UUID id = ids[(int) (k >>> 32)]; idb.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()); h[i++] = (k & 0xffffffffL) * 3_600_000_000L; }
        ps.setString(1, "default"); ps.setBytes(2, idb.array()); ps.setObject(3, h); ps.executeUpdate();
      }
    } else if (v.equals("laterow")) {
      java.util.Map<Long, ByteBuffer> byHour = new java.util.TreeMap<>();
      java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
      for (long k : hours) counts.merge(k & 0xffffffffL, 1, Integer::sum);
      for (long k : hours) { UUID id = ids[(int) (k >>> 32)]; byHour.computeIfAbsent(k & 0xffffffffL, x -> ByteBuffer.allocate(16 * counts.get(x))).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()); }
      try (PreparedStatement ps = c.prepareStatement(HOURS_ROW)) {
        for (var e : byHour.entrySet()) { ps.setString(1, "default"); ps.setLong(2, e.getKey() * 3_600_000_000L); ps.setBytes(3, e.getValue().array()); ps.addBatch(); }
        ps.executeBatch();
      }
    }
    hours.clear();
  }
  /** The same rows by COPY … FROM STDIN (FORMAT binary): PostgreSQL's multi-insert, no executor expressions. */
  static void copy(Connection c, UUID[] ids, long base, int start, int size, boolean sorted) throws Exception {
    Integer[] order = new Integer[size]; for (int j = 0; j < size; j++) order[j] = j;
    if (sorted) java.util.Arrays.sort(order, (x, y) -> {
      UUID a = ids[(start + x) % SESSIONS], b = ids[(start + y) % SESSIONS];
      int m = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
      return m != 0 ? m : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits()); });
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(size * 90);
    java.io.DataOutputStream d = new java.io.DataOutputStream(out);
    d.writeBytes("PGCOPY\n"); d.write(0xff); d.writeBytes("\r\n"); d.write(0); d.writeInt(0); d.writeInt(0);
    byte[] tenant = "default".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int jj = 0; jj < size; jj++) {
      int j = order[jj];
      int g = start + j; int s = g % SESSIONS; int round = g / SESSIONS;
      long at = base + round * 1_000_000L + s;
      d.writeShort(7);
      d.writeInt(tenant.length); d.write(tenant);
      d.writeInt(16); d.writeLong(ids[s].getMostSignificantBits()); d.writeLong(ids[s].getLeastSignificantBits());
      d.writeInt(8); d.writeLong(at - 946_684_800_000_000L);
      d.writeInt(8); d.writeLong(round * 1000L);
      d.writeInt(8); d.writeLong(round * 100L);
      d.writeInt(8); d.writeLong(round);
      d.writeInt(2); d.writeShort(round == 0 ? 1 : round == 11 ? 3 : 2);
    }
    d.writeShort(-1);
    new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyIn(
        "COPY session_samples (tenant_id, session_id, sampled_at, download_octets, upload_octets, session_time, kind) FROM STDIN (FORMAT binary)",
        new java.io.ByteArrayInputStream(out.toByteArray()));
  }
  static long cpu(int pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
  static void bind(String v, Connection c, PreparedStatement ps, UUID[] ids, long base, int start, int size) throws SQLException {
    String[] tenant = new String[size]; String[] sid = new String[size]; long[] at = new long[size], down = new long[size], up = new long[size], st = new long[size];
    Short[] kind = new Short[size]; boolean[] newer = new boolean[size];
    ByteBuffer idb = ByteBuffer.allocate(16 * size); ByteBuffer rec = ByteBuffer.allocate(49 * size);
    for (int j = 0; j < size; j++) {
      int g = start + j; int s = g % SESSIONS; int round = g / SESSIONS;
      tenant[j] = "default"; at[j] = base + round * 1_000_000L + s; down[j] = round * 1000L; up[j] = round * 100L; st[j] = round; kind[j] = (short) (round == 0 ? 1 : round == 11 ? 3 : 2); newer[j] = true;
      if (v.equals("bytes") || v.startsWith("late")) idb.putLong(ids[s].getMostSignificantBits()).putLong(ids[s].getLeastSignificantBits());
      else if (v.equals("sqldecode")) rec.putLong(ids[s].getMostSignificantBits()).putLong(ids[s].getLeastSignificantBits()).putLong(at[j]).putLong(down[j]).putLong(up[j]).putLong(st[j]).put((byte) (kind[j] | 0x80));
      else sid[j] = ids[s].toString();
    }
    int p = 1;
    switch (v) {
      case "cte", "plain" -> { ps.setObject(p++, tenant); ps.setObject(p++, sid); }
      case "scalar" -> { ps.setString(p++, "default"); ps.setObject(p++, sid); }
      case "bytes", "late", "latekeyed", "laterow" -> { ps.setString(p++, "default"); ps.setBytes(p++, idb.array()); }
      case "sqldecode" -> { ps.setString(p++, "default"); ps.setBytes(p++, rec.array()); return; }
    }
    ps.setObject(p++, at); ps.setObject(p++, down); ps.setObject(p++, up); ps.setObject(p++, st);
    ps.setArray(p++, c.createArrayOf("int2", kind)); ps.setObject(p++, newer);
  }
}
