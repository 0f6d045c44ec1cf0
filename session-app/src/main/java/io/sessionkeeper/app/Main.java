package io.sessionkeeper.app;

import io.sessionkeeper.app.cli.SessionKeeperCommand;
import io.sessionkeeper.app.runtime.FatalErrors;
import picocli.CommandLine;

/**
 * Entry point of the standalone service: {@code java -jar session-app.jar [--config FILE] [serve|migrate|cleanup|
 * rotate-key|version|help]}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // a thread dead of an OutOfMemoryError ends the service rather than leaving it without that thread (ADR 0055)
        Thread.setDefaultUncaughtExceptionHandler(FatalErrors.halting());
        CommandLine commandLine = SessionKeeperCommand.commandLine();
        int code = commandLine.execute(args);
        // A serving process ends through its shutdown hook; calling exit from there would block.
        if (code != 0 || !SessionKeeperCommand.served(commandLine)) {
            System.exit(code);
        }
    }
}
