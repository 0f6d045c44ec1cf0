package io.sessionkeeper.domain.model;

import java.net.Inet4Address;

/** An address block: the first {@code prefix} bits of {@code network} ({@code 100.64.0.0/10}). */
public record IpRange(IpAddress network, int prefix) {
    public IpRange {
        InvalidValueException.require(network != null, "range", "must not be null");
        int bits = network.address() instanceof Inet4Address ? 32 : 128;
        InvalidValueException.require(prefix >= 0 && prefix <= bits, "range", "prefix must be 0 to " + bits);
    }

    /** {@code address/prefix}, or a lone address (a block of one). */
    public static IpRange parse(String field, String text) {
        InvalidValueException.require(text != null && text.length() <= 50, field, "not an address block");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        IpAddress network = IpAddress.parse(field, slash < 0 ? trimmed : trimmed.substring(0, slash));
        int bits = network.address() instanceof Inet4Address ? 32 : 128;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            InvalidValueException.require(length.matches("[0-9]{1,3}"), field, "not an address block");
            prefix = Integer.parseInt(length);
            InvalidValueException.require(prefix <= bits, field, "prefix longer than the address");
        }
        return new IpRange(network, prefix);
    }

    public boolean contains(IpAddress address) {
        byte[] net = network.address().getAddress();
        byte[] addr = address.address().getAddress();
        if (net.length != addr.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (net[i] != addr[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (net[whole] & mask) == (addr[whole] & mask);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
