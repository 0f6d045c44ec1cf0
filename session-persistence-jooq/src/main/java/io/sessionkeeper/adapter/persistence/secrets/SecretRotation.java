package io.sessionkeeper.adapter.persistence.secrets;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rotate-key}: re-encrypts every stored value that is not under the primary key with the primary key. Runs
 * while instances serve: rows are taken in key order, {@code batchSize} at a time, each batch one transaction that
 * locks its rows ({@code FOR UPDATE}), so a concurrent change of a NAS waits for at most one batch and is never
 * overwritten with a stale value.
 */
public final class SecretRotation {
    private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);

    /**
     * What a rotation did.
     *
     * @param primaryKeyId the key everything was re-encrypted with
     * @param reencrypted values re-encrypted now
     * @param unreadable values left as they were because they cannot be decrypted (see the log for which)
     * @param after the key ids in use once done; anything but the primary means an instance wrote with an old
     *     primary meanwhile (run again once every instance has the new one) or unreadable values
     */
    public record Result(String primaryKeyId, int reencrypted, int unreadable, KeyringCheck.KeyUsage after) {
        /** Whether no value remains under a key other than the primary: the old keys may go. */
        public boolean complete() {
            return after.unreadable() == 0
                    && after.valuesByKeyId().keySet().stream().allMatch(primaryKeyId::equals);
        }
    }

    private SecretRotation() {}

    public static Result rotate(DSLContext dsl, SecretCipher cipher, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        int reencrypted = 0;
        int unreadable = 0;
        for (SecretColumn<?> column : SecretColumns.ALL) {
            int[] counts = rotate(dsl, cipher, column, batchSize);
            reencrypted += counts[0];
            unreadable += counts[1];
        }
        return new Result(cipher.keyring().primary().id(), reencrypted, unreadable, KeyringCheck.KeyUsage.scan(dsl));
    }

    /** @return re-encrypted and unreadable counts */
    private static <R extends Record> int[] rotate(
            DSLContext dsl, SecretCipher cipher, SecretColumn<R> column, int batchSize) {
        List<Field<?>> selected = new ArrayList<>(column.rowKey());
        selected.add(column.value());
        Field<?>[] key = column.rowKey().toArray(Field<?>[]::new);
        int[] counts = new int[2];
        Object[] after = null;
        while (true) {
            Object[] from = after;
            Object[] last = dsl.transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                Condition next = from == null ? DSL.noCondition() : DSL.row(key).gt(DSL.row(from));
                org.jooq.Result<Record> rows = tx.select(selected)
                        .from(column.table())
                        .where(next)
                        .orderBy(key)
                        .limit(batchSize)
                        .forUpdate()
                        .fetch();
                for (Record row : rows) {
                    byte[] value = row.get(column.value());
                    if (cipher.isUnderPrimary(value)) {
                        continue;
                    }
                    SecretContext context = column.contextOf(row);
                    try {
                        byte[] resealed = cipher.seal(cipher.open(value, context), context);
                        tx.update(column.table())
                                .set(column.value(), resealed)
                                .where(sameRow(column, row))
                                .execute();
                        counts[0]++;
                    } catch (UnreadableSecretException e) {
                        counts[1]++;
                        LOG.warn("{} of row {} {}: left as it is", column.label(), context.row(), e.getMessage());
                    }
                }
                return rows.size() < batchSize
                        ? null
                        : column.rowKey().stream()
                                .map(field -> rows.get(rows.size() - 1).get(field))
                                .toArray();
            });
            if (last == null) {
                return counts;
            }
            after = last;
        }
    }

    private static <R extends Record> Condition sameRow(SecretColumn<R> column, Record row) {
        Condition condition = DSL.noCondition();
        for (Field<?> field : column.rowKey()) {
            condition = condition.and(equalTo(field, row));
        }
        return condition;
    }

    private static <T> Condition equalTo(Field<T> field, Record row) {
        return field.eq(row.get(field));
    }
}
