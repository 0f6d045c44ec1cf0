package io.sessionkeeper.app;

/** Entry point of the standalone service. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String version = Main.class.getPackage().getImplementationVersion();
        System.out.println("sessionkeeper " + (version == null ? "development" : version));
    }
}
