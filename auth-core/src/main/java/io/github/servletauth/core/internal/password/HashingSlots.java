package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.ServiceBusyException;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Bounds how many password hashes run at once. A hash is deliberately slow and, with argon2, memory-hungry;
 * hundreds of them in parallel only make every one of them slower (2 cores do not hash faster with 200
 * threads) and can exhaust the heap. Callers wait on their own thread, in arrival order, at most the queue
 * timeout for a slot, then fail fast with {@link ServiceBusyException}: a flood degrades into quick 503s
 * instead of a thread pile-up.
 */
final class HashingSlots {
    private final Semaphore slots;
    private final long timeoutNanos;
    private final Duration retryAfter;
    private final LongAdder started = new LongAdder();

    /**
     * @param count how many hashes may run at once, at least 1
     * @param queueTimeout how long a caller waits for a slot; zero means not at all
     */
    HashingSlots(int count, Duration queueTimeout) {
        if (count < 1 || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("count must be positive and queueTimeout not negative");
        }
        // fair: under a flood, the oldest waiter gets the next slot, so waits stay close to the timeout bound
        this.slots = new Semaphore(count, true);
        this.timeoutNanos = queueTimeout.toNanos();
        // a client retrying sooner than one hash-queue wait would most likely be refused again
        this.retryAfter = queueTimeout.compareTo(Duration.ofSeconds(1)) > 0 ? queueTimeout : Duration.ofSeconds(1);
    }

    /**
     * Runs {@code hash} in a slot.
     *
     * @throws ServiceBusyException if no slot was free within the queue timeout, or the wait was interrupted
     */
    <T> T run(Supplier<T> hash) {
        try {
            if (!slots.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new ServiceBusyException(retryAfter);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceBusyException(retryAfter);
        }
        started.increment();
        try {
            return hash.get();
        } finally {
            slots.release();
        }
    }

    /** @return how many hashes were started in a slot since creation */
    long started() {
        return started.sum();
    }

    /** @return how many slots are free right now (for tests and diagnostics) */
    int available() {
        return slots.availablePermits();
    }
}
