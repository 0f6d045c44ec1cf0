package io.sessionkeeper.app;

import io.sessionkeeper.app.cli.SessionKeeperCommand;

/** Entry point of the standalone service: {@code java -jar session-app.jar [serve|migrate|cleanup|version]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        boolean serving = args.length == 0 || "serve".equals(args[0]);
        int code = SessionKeeperCommand.commandLine().execute(args.length == 0 ? new String[] {"serve"} : args);
        // A serving process ends through its shutdown hook; calling exit from there would block.
        if (code != 0 || !serving) {
            System.exit(code);
        }
    }
}
