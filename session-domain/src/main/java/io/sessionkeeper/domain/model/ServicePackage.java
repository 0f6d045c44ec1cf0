package io.sessionkeeper.domain.model;

/** The customer's plan: its name and speeds in Mbit/s. */
public record ServicePackage(String name, int downloadSpeed, int uploadSpeed) {
    public static final int MAX_NAME = 128;

    public ServicePackage {
        InvalidValueException.require(name != null && !name.isBlank(), "package.name", "must not be blank");
        InvalidValueException.require(downloadSpeed >= 0, "package.downloadSpeed", "must not be negative");
        InvalidValueException.require(uploadSpeed >= 0, "package.uploadSpeed", "must not be negative");
    }
}
