package io.sessionkeeper.adapter.persistence.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {
    private static final String KEY_A = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String KEY_B = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    @TempDir
    Path dir;

    @Test
    void aMissingKeyFileIsMadeOwnerOnlyWithOneRandomKeyAndReadBackTheSame() throws Exception {
        Path file = dir.resolve("data").resolve("secret.key");

        Keyring made = KeyFile.loadOrCreate(file, Set::of);
        Keyring read = KeyFile.loadOrCreate(file, () -> {
            throw new AssertionError("an existing file needs no database look-up");
        });

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(made.ids()).containsExactly("k1");
        assertThat(read.format()).isEqualTo(made.format());
        assertThat(Files.readString(file)).startsWith("# SessionKeeper").contains(made.format());
        assertThat(Keyring.generate("k1").format()).as("random").isNotEqualTo(made.format());
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingKeyFileIsNotMadeAnewWhenTheDatabaseAlreadyKnowsKeys() {
        Path file = dir.resolve("secret.key");

        assertThatThrownBy(() -> KeyFile.loadOrCreate(file, () -> Set.of("k1")))
                .isInstanceOf(SecretKeyException.class)
                .hasMessage("key file " + file + " is missing, but the database holds secrets under key(s) k1:"
                        + " restore the file from a backup, or set SESSION_SECRET_KEY to those keys");
        assertThat(file).doesNotExist();
    }

    @Test
    void aKeyFileOthersMayReadIsRefused() throws Exception {
        Path file = dir.resolve("secret.key");
        Files.writeString(file, "k1:" + KEY_A + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> KeyFile.load(file))
                .isInstanceOf(SecretKeyException.class)
                .hasMessage("key file " + file + " may be read or written by other users (mode rw-r--r--): chmod 600 "
                        + file);
    }

    @Test
    void aKeyFileOnlyItsOwnerMayUseIsAccepted() throws Exception {
        Path file = dir.resolve("secret.key");
        Files.writeString(file, "k1:" + KEY_A + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-x------"));

        assertThat(KeyFile.load(file).ids()).containsExactly("k1");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-----w-"));
        assertThatThrownBy(() -> KeyFile.load(file)).isInstanceOf(SecretKeyException.class);
    }

    @Test
    void aKeyFileHoldsOneItemPerLineWithComments() throws Exception {
        Path file = dir.resolve("secret.key");
        Files.writeString(file, "# rotated in June\nk2:" + KEY_B + "\n\n  k1:" + KEY_A + "  \n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThat(KeyFile.load(file).ids()).containsExactly("k2", "k1");
    }

    @Test
    void aBrokenKeyFileIsRefusedNamingTheFileNotTheKey() throws Exception {
        Path file = dir.resolve("secret.key");
        Files.writeString(file, "k1:" + KEY_A.substring(0, 20) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> KeyFile.load(file))
                .isInstanceOf(SecretKeyException.class)
                .hasMessageStartingWith("key file " + file + ": the key (key id 'k1') must be 32 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_A.substring(0, 20)));
    }
}
