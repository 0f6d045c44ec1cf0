package io.sessionkeeper.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<Integer> halted = new ArrayList<>();
    private final FatalErrors handler =
            new FatalErrors(new PrintStream(printed, true, StandardCharsets.UTF_8), halted::add);

    /** A real thread that dies of what it throws, with the handler as its own. */
    private void die(String name, RuntimeException orError, Error error) throws InterruptedException {
        Thread thread = new Thread(
                () -> {
                    if (error != null) {
                        throw error;
                    }
                    throw orError;
                },
                name);
        thread.setUncaughtExceptionHandler(handler);
        thread.start();
        thread.join();
    }

    @Test
    void aThreadDeadOfAnOutOfMemoryErrorEndsTheProcessWithItsCode() throws InterruptedException {
        die("radius-coa-receiver-3799", null, new OutOfMemoryError("Java heap space"));

        assertThat(halted).containsExactly(FatalErrors.EXIT_CODE);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("FATAL", "\"radius-coa-receiver-3799\"", "java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void everyVirtualMachineErrorIsFatal() throws InterruptedException {
        die("deep", null, new StackOverflowError());

        assertThat(halted).containsExactly(FatalErrors.EXIT_CODE);
    }

    @Test
    void anyOtherExceptionIsPrintedWithItsStackAndTheProcessGoesOn() throws InterruptedException {
        die("webhook-sender", new IllegalStateException("a bug"), null);

        assertThat(halted).isEmpty();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .startsWith("Exception in thread \"webhook-sender\" died of java.lang.IllegalStateException: a bug")
                .contains("\tat ");
    }

    @Test
    void theProcessHaltsEvenWhenNothingCanBePrinted() throws InterruptedException {
        PrintStream broken = new PrintStream(new ByteArrayOutputStream()) {
            @Override
            public void println(String line) {
                throw new OutOfMemoryError("no room to print");
            }
        };
        FatalErrors silent = new FatalErrors(broken, halted::add);

        silent.uncaughtException(Thread.currentThread(), new OutOfMemoryError());

        assertThat(halted).containsExactly(FatalErrors.EXIT_CODE);
    }
}
