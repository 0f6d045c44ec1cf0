package io.sessionkeeper.adapter.persistence.secrets;

import java.util.List;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.TableField;

/**
 * A column of encrypted values: its table, the row key its values are bound to, and the stable {@code label} that
 * stands for the column in the associated data (never change it: stored values depend on it).
 */
public record SecretColumn<R extends Record>(
        String label, Table<R> table, TableField<R, byte[]> value, List<TableField<R, ?>> rowKey) {
    public SecretColumn {
        rowKey = List.copyOf(rowKey);
    }

    /** The context of the value in the row whose key is {@code rowKeyValues} (in {@link #rowKey} order). */
    public SecretContext context(Object... rowKeyValues) {
        if (rowKeyValues.length != rowKey.size()) {
            throw new IllegalArgumentException(label + " is keyed by " + rowKey.size() + " values");
        }
        return SecretContext.of(label, rowKeyValues);
    }

    /** The context of the value in {@code row}, which carries the {@link #rowKey} fields. */
    public SecretContext contextOf(Record row) {
        return SecretContext.of(label, rowKey.stream().map(row::get).toArray());
    }
}
