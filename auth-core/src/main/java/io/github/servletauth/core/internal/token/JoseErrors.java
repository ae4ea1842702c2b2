package io.github.servletauth.core.internal.token;

import io.github.servletauth.core.InvalidTokenException.Reason;
import org.jose4j.jwt.consumer.ErrorCodeValidator;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

import java.util.List;

/** Maps jose4j's error codes to our reasons; when several problems are reported, the most basic one wins. */
final class JoseErrors {
    /** Earlier reasons win: a token that is forged and expired is reported as forged. */
    private static final List<Reason> PRIORITY = List.of(Reason.MALFORMED, Reason.ALGORITHM_NOT_ALLOWED,
            Reason.UNKNOWN_KEY, Reason.BAD_SIGNATURE, Reason.MISSING_CLAIM, Reason.WRONG_ISSUER,
            Reason.WRONG_AUDIENCE, Reason.EXPIRY_TOO_FAR, Reason.EXPIRED, Reason.NOT_YET_VALID);

    private JoseErrors() {
    }

    static Reason reason(InvalidJwtException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof InvalidAlgorithmException) {
                return Reason.ALGORITHM_NOT_ALLOWED;
            }
            if (c instanceof UnresolvableKeyException) {
                return Reason.UNKNOWN_KEY;
            }
        }
        Reason best = null;
        for (ErrorCodeValidator.Error error : e.getErrorDetails()) {
            Reason r = reason(error.getErrorCode());
            if (best == null || PRIORITY.indexOf(r) < PRIORITY.indexOf(best)) {
                best = r;
            }
        }
        return best == null ? Reason.MALFORMED : best;
    }

    static Reason reason(int errorCode) {
        switch (errorCode) {
            case ErrorCodes.EXPIRED:
            case ErrorCodes.ISSUED_AT_INVALID_PAST:
                return Reason.EXPIRED;
            case ErrorCodes.EXPIRATION_TOO_FAR_IN_FUTURE:
                return Reason.EXPIRY_TOO_FAR;
            case ErrorCodes.NOT_YET_VALID:
            case ErrorCodes.ISSUED_AT_INVALID_FUTURE:
                return Reason.NOT_YET_VALID;
            case ErrorCodes.EXPIRATION_MISSING:
            case ErrorCodes.ISSUED_AT_MISSING:
            case ErrorCodes.NOT_BEFORE_MISSING:
            case ErrorCodes.AUDIENCE_MISSING:
            case ErrorCodes.ISSUER_MISSING:
            case ErrorCodes.JWT_ID_MISSING:
            case ErrorCodes.SUBJECT_MISSING:
            case ErrorCodes.SUBJECT_INVALID:
            case ErrorCodes.MALFORMED_CLAIM:
                return Reason.MISSING_CLAIM;
            case ErrorCodes.AUDIENCE_INVALID:
                return Reason.WRONG_AUDIENCE;
            case ErrorCodes.ISSUER_INVALID:
                return Reason.WRONG_ISSUER;
            case ErrorCodes.SIGNATURE_INVALID:
                return Reason.BAD_SIGNATURE;
            case ErrorCodes.SIGNATURE_MISSING:
                // an unsigned token is alg "none" by another name
                return Reason.ALGORITHM_NOT_ALLOWED;
            default:
                // JSON_INVALID, TYPE_MISSING, TYPE_INVALID, MISCELLANEOUS, ...: not a token of ours
                return Reason.MALFORMED;
        }
    }
}
