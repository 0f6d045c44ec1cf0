package io.sessionkeeper.app.runtime;

import java.io.PrintStream;
import java.util.function.IntConsumer;

/**
 * The handler of exceptions no thread caught (ADR 0055). A thread that dies of a {@link VirtualMachineError} (an
 * {@link OutOfMemoryError} above all) ends the process with {@link #EXIT_CODE}, so that its supervisor starts it
 * again: a service that goes on without the thread (measured: the Disconnect/CoA receiver, the prompt alerts and the
 * webhook senders died of one OOM while accounting went on) looks healthy and is not. Ending at once loses nothing
 * acknowledged: a NAS gets its answer only after the commit, and retransmits what was not answered. Any other
 * exception is printed with its thread's name, as the JVM's own handler does, and the process goes on.
 */
public final class FatalErrors implements Thread.UncaughtExceptionHandler {
    /** The process's exit code after a fatal error (EX_SOFTWARE). */
    public static final int EXIT_CODE = 70;

    private final PrintStream err;
    private final IntConsumer halt;

    public FatalErrors(PrintStream err, IntConsumer halt) {
        this.err = err;
        this.halt = halt;
    }

    /** Halts the JVM: shutdown hooks would need threads and memory that a fatal error may have taken. */
    public static FatalErrors halting() {
        return new FatalErrors(System.err, code -> Runtime.getRuntime().halt(code));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        boolean fatal = error instanceof VirtualMachineError;
        try {
            err.println((fatal ? "FATAL: the service stops; thread " : "Exception in thread ") + "\"" + thread.getName()
                    + "\" died of " + error);
            if (!fatal) {
                error.printStackTrace(err);
            }
        } catch (Throwable ignored) {
            // nothing more can be said; the halt below must still happen
        } finally {
            if (fatal) {
                halt.accept(EXIT_CODE);
            }
        }
    }
}
