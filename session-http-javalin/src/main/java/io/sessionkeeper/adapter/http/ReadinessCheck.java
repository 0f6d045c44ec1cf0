package io.sessionkeeper.adapter.http;

/** Whether the service can do its work now (database reachable, listeners bound); served at {@code /health/ready}. */
@FunctionalInterface
public interface ReadinessCheck {
    ReadinessCheck ALWAYS_READY = () -> Readiness.up();

    Readiness check();

    /** The answer, with a short detail for operators (never secrets). */
    record Readiness(boolean ready, String detail) {
        public static Readiness up() {
            return new Readiness(true, "ready");
        }

        public static Readiness down(String detail) {
            return new Readiness(false, detail);
        }
    }
}
