package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.ServiceBusyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HashingSlotsTest {

    @Test
    void runWhenEverySlotTakenThenServiceBusyWithoutRunning() throws Exception {
        HashingSlots slots = new HashingSlots(1, Duration.ZERO);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> slots.run(() -> {
            inside.countDown();
            await(release);
            return "first";
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        boolean[] ran = {false};

        assertThatThrownBy(() -> slots.run(() -> ran[0] = true)).isInstanceOfSatisfying(ServiceBusyException.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        assertThat(ran[0]).isFalse();

        release.countDown();
        assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(slots.run(() -> "second")).isEqualTo("second");
        assertThat(slots.available()).isEqualTo(1);
    }

    @Test
    void runWhenHashThrowsThenSlotReleased() {
        HashingSlots slots = new HashingSlots(1, Duration.ZERO);

        assertThatThrownBy(() -> slots.run(() -> {
            throw new IllegalArgumentException("bad input");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(slots.available()).isEqualTo(1);
    }

    @Test
    void runWhenWaitingThreadInterruptedThenServiceBusyAndFlagKept() throws Exception {
        HashingSlots slots = new HashingSlots(1, Duration.ofMinutes(1));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> slots.run(() -> {
            inside.countDown();
            await(release);
            return null;
        }));
        holder.start();
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> slots.run(() -> "never")).isInstanceOf(ServiceBusyException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
            release.countDown();
            holder.join(30_000);
        }
    }

    @Test
    void retryAfterWhenQueueTimeoutLongerThanOneSecondThenQueueTimeout() throws Exception {
        HashingSlots slots = new HashingSlots(1, Duration.ofMillis(2500));
        assertThat(slots.run(() -> "ok")).isEqualTo("ok");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> slots.run(() -> {
            inside.countDown();
            await(release);
            return null;
        }));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            assertThatThrownBy(() -> slots.run(() -> "late")).isInstanceOfSatisfying(ServiceBusyException.class,
                    e -> assertThat(e.retryAfterSeconds()).isEqualTo(3));
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void constructorWhenNoSlotsThenIllegalArgument() {
        assertThatThrownBy(() -> new HashingSlots(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
