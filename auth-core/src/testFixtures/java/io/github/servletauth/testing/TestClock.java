package io.github.servletauth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves forward, given to the code under test so that time passes without waiting. */
public final class TestClock extends Clock {
    private volatile Instant now;

    /** Starts at the present moment. */
    public TestClock() {
        this(Instant.now());
    }

    /** @param start the first instant it tells */
    public TestClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
