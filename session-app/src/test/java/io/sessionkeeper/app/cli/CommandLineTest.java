package io.sessionkeeper.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line in-process, where nothing is started: every command takes {@code --help}, and {@code --config}
 * is read whether it comes before or after the command. A config file with an invalid value shows that it was read
 * (the command stops at the configuration, before any database is opened).
 */
class CommandLineTest {
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        CommandLine commandLine = SessionKeeperCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> commands() {
        return List.copyOf(SessionKeeperCommand.commandLine().getSubcommands().keySet());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void everyCommandTakesHelp(String command) {
        Run run = run(command, "--help");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: session-app " + command);
    }

    @Test
    void theCommandsAreTheOnesReadmeNames() {
        assertThat(commands()).contains("serve", "migrate", "cleanup", "rotate-key", "version", "help");
    }

    @Test
    void theTopLevelHelpNamesConfigAndEveryCommand() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--config=FILE", "serve", "migrate", "cleanup", "rotate-key", "version");
    }

    private static Path invalidConfig(Path dir) throws Exception {
        Path file = dir.resolve("sessionkeeper.conf");
        Files.writeString(file, "SESSION_HTTP_PORT=eighty\n");
        return file;
    }

    @Test
    void configAfterTheCommandIsRead(@TempDir Path dir) throws Exception {
        Run run = run("migrate", "--config", invalidConfig(dir).toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("configuration error: SESSION_HTTP_PORT: must be a whole number");
    }

    @Test
    void configBeforeTheCommandIsRead(@TempDir Path dir) throws Exception {
        Path file = invalidConfig(dir);
        for (String command : List.of("migrate", "cleanup", "rotate-key", "serve")) {
            Run run = run("--config", file.toString(), command);

            assertThat(run.exitCode()).as(command + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).contains("configuration error: SESSION_HTTP_PORT: must be a whole number");
        }
    }

    @Test
    void configWithoutACommandServesWithIt(@TempDir Path dir) throws Exception {
        Run run = run("--config", invalidConfig(dir).toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("configuration error: SESSION_HTTP_PORT: must be a whole number");
    }

    @Test
    void twoDifferentConfigFilesAreRefused(@TempDir Path dir) throws Exception {
        Path other = dir.resolve("other.conf");
        Files.writeString(other, "SESSION_HTTP_PORT=8081\n");

        Run run = run("--config", invalidConfig(dir).toString(), "migrate", "--config", other.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--config given twice");
    }

    @Test
    void onlyServingKeepsTheProcessForItsShutdownHook() {
        assertThat(served()).isTrue();
        assertThat(served("serve")).isTrue();
        assertThat(served("--config", "x", "serve")).isTrue();
        assertThat(served("version")).isFalse();
        assertThat(served("serve", "--help")).isFalse();
        assertThat(served("--help")).isFalse();
        assertThat(served("migrate")).isFalse();
    }

    private static boolean served(String... args) {
        CommandLine commandLine = SessionKeeperCommand.commandLine();
        commandLine.parseArgs(args);
        return SessionKeeperCommand.served(commandLine);
    }
}
