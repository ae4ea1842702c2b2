package io.github.servletauth.core.internal.token;

import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwt.consumer.NumericDateValidator;

import java.time.Clock;
import java.time.Duration;

/**
 * Checks {@code exp}, {@code iat} and {@code nbf} against the configured {@link Clock}. jose4j's builder takes
 * one fixed evaluation time, which would force a new consumer per token; this validator asks the clock on
 * every call instead, so one consumer serves every thread and tests can move time. It also bounds {@code exp}
 * to the longest lifetime this issuer gives a token, to the second (jose4j counts whole minutes).
 */
final class TimeClaimsValidator implements ErrorCodeValidator {
    private final Clock clock;
    private final int skewSeconds;
    private final long maxRemainingSeconds;

    TimeClaimsValidator(Clock clock, Duration clockSkew, Duration maxTtl) {
        this.clock = clock;
        this.skewSeconds = Math.toIntExact(clockSkew.toSeconds());
        this.maxRemainingSeconds = maxTtl.toSeconds() + skewSeconds;
    }

    @Override
    public Error validate(JwtContext context) throws MalformedClaimException {
        NumericDate now = NumericDate.fromMilliseconds(clock.millis());
        NumericDateValidator dates = new NumericDateValidator();
        dates.setRequireExp(true);
        dates.setRequireIat(true);
        dates.setAllowedClockSkewSeconds(skewSeconds);
        dates.setIatAllowedSecondsInTheFuture(0);
        dates.setEvaluationTime(now);
        Error error = dates.validate(context);
        if (error != null) {
            return error;
        }
        long remaining = context.getJwtClaims().getExpirationTime().getValue() - now.getValue();
        if (remaining > maxRemainingSeconds) {
            return new Error(ErrorCodes.EXPIRATION_TOO_FAR_IN_FUTURE, "exp is further ahead than any token lives");
        }
        return null;
    }
}
