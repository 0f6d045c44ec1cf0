package io.sessionkeeper.adapter.persistence.mapping;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.Objects;
import java.util.function.Function;
import org.jooq.Binding;
import org.jooq.BindingGetResultSetContext;
import org.jooq.BindingGetSQLInputContext;
import org.jooq.BindingGetStatementContext;
import org.jooq.BindingRegisterContext;
import org.jooq.BindingSQLContext;
import org.jooq.BindingSetSQLOutputContext;
import org.jooq.BindingSetStatementContext;
import org.jooq.Converter;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * Binds a PostgreSQL type that has a text form ({@code inet}, {@code macaddr}) to a domain value: bound as text
 * with a cast, read as text. Keeps driver-specific {@code PGobject}s out of the mapping code.
 */
abstract class PgTextBinding<U> implements Binding<String, U> {
    private static final long serialVersionUID = 1L;

    private final String pgType;

    PgTextBinding(String pgType) {
        this.pgType = pgType;
    }

    @Override
    public final void sql(BindingSQLContext<U> ctx) throws SQLException {
        if (ctx.render().paramType() == ParamType.INLINED) {
            Object value = ctx.convert(converter()).value();
            ctx.render()
                    .visit(DSL.inline(value == null ? null : value.toString()))
                    .sql("::")
                    .sql(pgType);
        } else {
            ctx.render().sql(ctx.variable()).sql("::").sql(pgType);
        }
    }

    @Override
    public final void register(BindingRegisterContext<U> ctx) throws SQLException {
        ctx.statement().registerOutParameter(ctx.index(), Types.VARCHAR);
    }

    @Override
    public final void set(BindingSetStatementContext<U> ctx) throws SQLException {
        ctx.statement()
                .setString(
                        ctx.index(), Objects.toString(ctx.convert(converter()).value(), null));
    }

    @Override
    public final void set(BindingSetSQLOutputContext<U> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public final void get(BindingGetResultSetContext<U> ctx) throws SQLException {
        ctx.convert(converter()).value(ctx.resultSet().getString(ctx.index()));
    }

    @Override
    public final void get(BindingGetStatementContext<U> ctx) throws SQLException {
        ctx.convert(converter()).value(ctx.statement().getString(ctx.index()));
    }

    @Override
    public final void get(BindingGetSQLInputContext<U> ctx) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    static <U> Converter<String, U> converter(Class<U> type, Function<String, U> from, Function<U, String> to) {
        return Converter.ofNullable(String.class, type, from, to);
    }
}
