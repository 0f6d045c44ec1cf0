package io.sessionkeeper.adapter.persistence.mapping;

import io.sessionkeeper.domain.model.MacAddress;
import org.jooq.Converter;

/**
 * PostgreSQL {@code macaddr} (6 bytes, printed in lower case) as the domain's {@link MacAddress} (upper case with
 * colons).
 */
public final class MacaddrBinding extends PgTextBinding<MacAddress> {
    private static final long serialVersionUID = 1L;
    private static final Converter<String, MacAddress> CONVERTER =
            converter(MacAddress.class, MacAddress::parse, MacAddress::value);

    public MacaddrBinding() {
        super("macaddr");
    }

    @Override
    public Converter<String, MacAddress> converter() {
        return CONVERTER;
    }
}
