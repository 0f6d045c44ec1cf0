package io.sessionkeeper.adapter.http;

import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.IpAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies whose {@code X-Forwarded-For} the API believes: addresses and CIDR blocks ({@code 10.0.0.5,
 * 192.168.0.0/16, 2001:db8::/32}). Without any, the header is ignored, since any client can write it.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of(), "");
    private static final String FIELD = "trustedProxies";

    private final List<Block> blocks;
    private final String text;

    private TrustedProxies(List<Block> blocks, String text) {
        this.blocks = List.copyOf(blocks);
        this.text = text;
    }

    /**
     * A comma-separated list of IP literals, each with an optional {@code /prefix}; empty or blank is {@link #NONE}.
     *
     * @throws InvalidValueException naming the first entry that is not one
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) {
            return NONE;
        }
        List<Block> blocks = new ArrayList<>();
        List<String> entries = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            blocks.add(Block.parse(entry));
            entries.add(entry);
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks, String.join(",", entries));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean contains(InetAddress address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** An address block: the first {@code prefix} bits of {@code network}. */
    private record Block(byte[] network, int prefix) {
        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String address = slash < 0 ? entry : entry.substring(0, slash);
            byte[] network = IpAddress.parse(FIELD, address).address().getAddress();
            int bits = network.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                String length = entry.substring(slash + 1);
                InvalidValueException.require(
                        !length.isEmpty()
                                && length.length() <= 3
                                && length.chars().allMatch(Character::isDigit),
                        FIELD,
                        "not an address or CIDR block: " + Params.clip(entry));
                prefix = Integer.parseInt(length);
                InvalidValueException.require(
                        prefix <= bits, FIELD, "prefix longer than the address: " + Params.clip(entry));
            }
            return new Block(network, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[whole] & mask) == (network[whole] & mask);
        }
    }
}
