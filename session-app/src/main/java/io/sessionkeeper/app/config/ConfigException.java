package io.sessionkeeper.app.config;

/** A setting has a value the service cannot run with; the message names the setting. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String setting;

    public ConfigException(String setting, String message) {
        super(setting + ": " + message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
