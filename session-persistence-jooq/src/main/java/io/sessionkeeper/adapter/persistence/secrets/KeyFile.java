package io.sessionkeeper.adapter.persistence.secrets;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded database's key file: the {@link Keyring} text form, one item per line, {@code #} comments. Made at
 * first start with one random key, readable by the owner only (0600); refused when others may read or write it, as
 * ssh refuses a private key.
 */
final class KeyFile {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final String HEADER = """
            # SessionKeeper: the keys that encrypt the NAS secrets stored in the database of this data directory.
            # Back it up apart from the database: without it the secrets cannot be read; with both, anyone can.
            # Format: id:base64 of 32 bytes, one per line, the first one encrypting (docs/persistence.md).
            """;

    private KeyFile() {}

    /**
     * Reads {@code file}, or makes it when missing and the database knows no keys yet.
     *
     * @param knownKeyIds the key ids the database already holds check values for (empty on a new database)
     */
    static Keyring loadOrCreate(Path file, Supplier<Set<String>> knownKeyIds) {
        if (Files.exists(file)) {
            return load(file);
        }
        Set<String> known = knownKeyIds.get();
        if (!known.isEmpty()) {
            throw new SecretKeyException(
                    "key file " + file + " is missing, but the database holds secrets under key(s) "
                            + String.join(", ", known)
                            + ": restore the file from a backup, or set SESSION_SECRET_KEY to those keys");
        }
        Keyring keyring = Keyring.generate(Keyring.DEFAULT_ID);
        write(file, HEADER + keyring.format() + "\n");
        LOG.info("made a new key file {} (key id {}); back it up apart from the database", file, Keyring.DEFAULT_ID);
        return keyring;
    }

    static Keyring load(Path file) {
        if (posix(file)) {
            Set<PosixFilePermission> permissions;
            try {
                permissions = Files.getPosixFilePermissions(file);
            } catch (IOException e) {
                throw new SecretKeyException(
                        "cannot read key file " + file + ": " + e.getClass().getSimpleName());
            }
            if (permissions.stream().anyMatch(permission -> !permission.name().startsWith("OWNER_"))) {
                throw new SecretKeyException("key file " + file + " may be read or written by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "): chmod 600 " + file);
            }
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SecretKeyException(
                    "cannot read key file " + file + ": " + e.getClass().getSimpleName());
        }
        String items = text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.joining(","));
        try {
            return Keyring.parse(items);
        } catch (IllegalArgumentException e) {
            throw new SecretKeyException("key file " + file + ": " + e.getMessage());
        }
    }

    /** Written to a temporary file made 0600 from the start, forced to disk, then moved into place. */
    private static void write(Path file, String content) {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = directory.resolve(file.getFileName() + ".new");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(temporary);
            FileAttribute<?>[] attributes = posix(directory)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            try (FileChannel channel = FileChannel.open(
                    temporary, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                channel.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SecretKeyException(
                    "cannot make key file " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }

    private static boolean posix(Path path) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && path.getFileSystem().equals(FileSystems.getDefault());
    }
}
