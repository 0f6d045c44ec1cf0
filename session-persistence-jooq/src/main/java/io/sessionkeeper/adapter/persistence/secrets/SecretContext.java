package io.sessionkeeper.adapter.persistence.secrets;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a value lives: a stable label of its column ({@code "nas.secret"}) and the key of its row (tenant, id).
 * It is the associated data of the encryption, so a value decrypts only in the place it was written for: copied to
 * another row or column, it fails authentication. Labels are part of every stored value: never change one.
 */
public record SecretContext(String column, List<String> row) {
    public SecretContext {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("column label is required");
        }
        row = List.copyOf(row);
    }

    public static SecretContext of(String column, Object... rowKey) {
        return new SecretContext(
                column, java.util.Arrays.stream(rowKey).map(String::valueOf).toList());
    }

    /** Length-prefixed parts, so that no two contexts encode alike ("a","bc" differs from "ab","c"). */
    byte[] encoded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, column);
        for (String part : row) {
            write(out, part);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String part) {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
