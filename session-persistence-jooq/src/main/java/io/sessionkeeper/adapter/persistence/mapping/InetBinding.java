package io.sessionkeeper.adapter.persistence.mapping;

import io.sessionkeeper.domain.model.IpAddress;
import org.jooq.Converter;

/** PostgreSQL {@code inet} (a host address, no netmask) as the domain's {@link IpAddress}. */
public final class InetBinding extends PgTextBinding<IpAddress> {
    private static final long serialVersionUID = 1L;
    private static final Converter<String, IpAddress> CONVERTER =
            converter(IpAddress.class, InetBinding::parse, IpAddress::toString);

    public InetBinding() {
        super("inet");
    }

    @Override
    public Converter<String, IpAddress> converter() {
        return CONVERTER;
    }

    /** PostgreSQL prints a host address without netmask; a value stored with one keeps only its address. */
    static IpAddress parse(String text) {
        int slash = text.indexOf('/');
        return IpAddress.parse(slash < 0 ? text : text.substring(0, slash));
    }
}
