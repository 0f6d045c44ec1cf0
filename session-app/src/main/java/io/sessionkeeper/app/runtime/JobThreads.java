package io.sessionkeeper.app.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * The schedulers of the service's jobs: daemon threads named after their job. A task that ends by throwing (a periodic
 * one never ends otherwise) is handed to the uncaught-exception handler (ADR 0055): a scheduled executor keeps what a
 * task threw in its future, where nobody looks, and never runs the task again, so that a job would stop for good
 * without a word, and an {@code OutOfMemoryError} in it would not stop the service.
 */
public final class JobThreads {
    private JobThreads() {}

    /** A scheduler of {@code threads} threads named {@code name}, whose failed tasks go to the default handler. */
    public static ScheduledExecutorService scheduler(String name, int threads) {
        return scheduler(name, threads, Thread::getDefaultUncaughtExceptionHandler);
    }

    static ScheduledExecutorService scheduler(
            String name, int threads, Supplier<Thread.UncaughtExceptionHandler> handler) {
        return new ScheduledThreadPoolExecutor(threads, r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        }) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                super.afterExecute(task, thrown);
                Throwable failure = thrown != null ? thrown : failureOf(task);
                Thread.UncaughtExceptionHandler h = handler.get();
                if (failure != null && h != null) {
                    h.uncaughtException(Thread.currentThread(), failure);
                }
            }
        };
    }

    /** What a finished task threw, or null: still periodic, cancelled, or done without an exception. */
    private static Throwable failureOf(Runnable task) {
        if (!(task instanceof Future<?> future) || !future.isDone() || future.isCancelled()) {
            return null;
        }
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
