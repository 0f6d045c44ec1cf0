package io.sessionkeeper.adapter.persistence.mapping;

import io.sessionkeeper.domain.model.Ipv6Prefix;
import org.jooq.Converter;

/**
 * An IPv6 prefix kept in PostgreSQL {@code inet} (address and length; {@code cidr} would say more, but jOOQ's code
 * generator, which reads the migrations through H2, knows no {@code cidr}) as the domain's {@link Ipv6Prefix}, which
 * refuses bits beyond the length. PostgreSQL prints a /128 without its length: the prefix of one address.
 */
public final class PrefixBinding extends PgTextBinding<Ipv6Prefix> {
    private static final long serialVersionUID = 1L;
    private static final Converter<String, Ipv6Prefix> CONVERTER =
            converter(Ipv6Prefix.class, text -> Ipv6Prefix.parse("prefix", text), Ipv6Prefix::toString);

    public PrefixBinding() {
        super("inet");
    }

    @Override
    public Converter<String, Ipv6Prefix> converter() {
        return CONVERTER;
    }
}
