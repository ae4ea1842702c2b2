package io.github.servletauth.servlet.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling with a hang guard: waits for a condition the system promises eventually, never for a guessed time. */
public final class Await {

    private Await() {
    }

    /** Polls {@code condition} every 20 ms; fails naming {@code what} after {@code guard}. */
    public static void until(BooleanSupplier condition, Duration guard, String what) throws InterruptedException {
        long deadline = System.nanoTime() + guard.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + guard + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
