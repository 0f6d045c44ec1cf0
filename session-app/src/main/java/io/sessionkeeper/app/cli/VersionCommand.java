package io.sessionkeeper.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "version",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "print the version and exit")
final class VersionCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(version());
    }

    static String version() {
        String version = VersionCommand.class.getPackage().getImplementationVersion();
        return "sessionkeeper " + (version == null ? "development" : version);
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {version()};
        }
    }
}
