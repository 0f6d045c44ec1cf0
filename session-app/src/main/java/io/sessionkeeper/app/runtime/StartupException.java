package io.sessionkeeper.app.runtime;

/**
 * The service cannot start for a reason the operator must fix outside it (a port already in use, an address that
 * is not local); the message is the one line to show, without a stack trace.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
