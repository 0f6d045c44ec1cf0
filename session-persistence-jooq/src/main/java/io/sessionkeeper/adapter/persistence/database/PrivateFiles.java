package io.sessionkeeper.adapter.persistence.database;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's data directory and the secrets in it belong to the service's user alone: directories 0700, secret
 * files 0600. On a file system without POSIX permissions nothing is changed (the operator's ACLs apply).
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates {@code directory} (with its parents) 0700 when missing, or makes it 0700 (and says so). */
    public static void makePrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            restrict(directory, OWNER_ONLY_DIRECTORY);
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (parent != null && supportsPosix(parent)) {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } else {
            Files.createDirectory(directory);
        }
        restrictQuietly(directory, OWNER_ONLY_DIRECTORY); // in case an odd umask took bits away
    }

    /**
     * The secret kept in {@code file} (a single line), made 0600 if it was not; a new one from {@code generator},
     * written first, when the file is missing or empty.
     */
    static String readOrCreateSecret(Path file, Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            restrict(file, OWNER_ONLY_FILE);
            String secret = Files.readString(file, UTF_8).strip();
            if (!secret.isEmpty() && secret.lines().count() == 1) {
                return secret;
            }
            LOG.warn("{} holds no usable secret; a new one replaces it", file);
        }
        String secret = generator.get();
        writePrivately(file, secret + "\n");
        return secret;
    }

    /**
     * Writes {@code content} to {@code file} through a temporary file that is 0600 from its creation and then moved
     * into place: a crash leaves the old file or the new one, never a partial one, and nobody else can read either.
     */
    public static void writePrivately(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        createPrivateFile(temporary);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates {@code file} empty and 0600 from its creation (replacing a file left there). */
    public static void createPrivateFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        if (supportsPosix(file.toAbsolutePath().getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } else {
            Files.createFile(file);
        }
    }

    /** Sets {@code permissions} on {@code path} when they differ, and says so in the log. */
    static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        Set<PosixFilePermission> before = restrictQuietly(path, permissions);
        if (before != null) {
            LOG.info(
                    "Made {} accessible to its owner only ({} instead of {})",
                    path,
                    PosixFilePermissions.toString(permissions),
                    PosixFilePermissions.toString(before));
        }
    }

    /**
     * Sets {@code permissions} on {@code path} when they differ (and the file system has POSIX permissions).
     *
     * @return the permissions before, or null when nothing changed
     */
    static Set<PosixFilePermission> restrictQuietly(Path path, Set<PosixFilePermission> permissions)
            throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return null;
        }
        Set<PosixFilePermission> current = view.readAttributes().permissions();
        if (current.equals(permissions)) {
            return null;
        }
        view.setPermissions(permissions);
        return current;
    }

    private static boolean supportsPosix(Path directory) throws IOException {
        return Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
