package io.sessionkeeper.adapter.persistence.secrets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * Migration 5.1, between the SQL scripts V5 (adds {@code nas.secret_encrypted}) and V5_2 (drops {@code nas.secret}):
 * encrypts the clear secrets of existing NAS with the instance's primary key, in Flyway's transaction, and
 * registers that key's check value in the same transaction (so a second instance starting at the same moment with
 * another key under the same id is refused, not left with rows it cannot read). SQL cannot do this step: the key
 * is never in the database. Registered with Flyway by {@code DatabaseMigrator} (not found by classpath scanning);
 * invisible to jOOQ's code generation, which reads the SQL scripts only, so it uses plain JDBC on the columns of
 * that moment.
 */
public final class EncryptNasSecretsMigration implements JavaMigration {
    public static final MigrationVersion VERSION = MigrationVersion.fromVersion("5.1");

    private final SecretCipher cipher;

    public EncryptNasSecretsMigration(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public MigrationVersion getVersion() {
        return VERSION;
    }

    @Override
    public String getDescription() {
        return "encrypt nas secrets";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        KeyringCheck.register(
                DSL.using(connection, SQLDialect.POSTGRES, new Settings().withRenderSchema(false)),
                cipher,
                cipher.keyring().primary());
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT tenant_id, id, secret FROM nas WHERE secret IS NOT NULL FOR UPDATE");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE nas SET secret_encrypted = ?, secret = NULL WHERE tenant_id = ? AND id = ?");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String tenant = rows.getString(1);
                UUID id = rows.getObject(2, UUID.class);
                byte[] sealed = cipher.seal(rows.getString(3), SecretColumns.NAS_SECRET.context(tenant, id));
                update.setBytes(1, sealed);
                update.setString(2, tenant);
                update.setObject(3, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
