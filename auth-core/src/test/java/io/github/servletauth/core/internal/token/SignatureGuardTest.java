package io.github.servletauth.core.internal.token;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static io.github.servletauth.core.internal.token.TokenSignatureRulesTest.N;
import static io.github.servletauth.core.internal.token.TokenSignatureRulesTest.concat;
import static io.github.servletauth.core.internal.token.TokenSignatureRulesTest.fixed32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries of {@link SignatureGuard}'s ES256 ranges, value by value; the rules on whole tokens are
 * {@link TokenSignatureRulesTest}'s.
 */
class SignatureGuardTest {
    static final BigInteger HALF = N.subtract(BigInteger.ONE).shiftRight(1);

    static byte[] rs(BigInteger r, BigInteger s) {
        return concat(fixed32(r), fixed32(s));
    }

    @Test
    void es256InRangeWhenAtTheBoundsThenOnlyOneToNMinusOneAndLowSUpToHalf() {
        BigInteger one = BigInteger.ONE;
        BigInteger nMinus1 = N.subtract(one);
        for (boolean lowSOnly : new boolean[] {true, false}) {
            assertThat(SignatureGuard.es256InRange(rs(one, one), lowSOnly)).isTrue();
            assertThat(SignatureGuard.es256InRange(rs(nMinus1, HALF), lowSOnly)).isTrue();
            assertThat(SignatureGuard.es256InRange(rs(N, one), lowSOnly)).isFalse();
            assertThat(SignatureGuard.es256InRange(rs(BigInteger.ZERO, one), lowSOnly)).isFalse();
            assertThat(SignatureGuard.es256InRange(rs(one, BigInteger.ZERO), lowSOnly)).isFalse();
            assertThat(SignatureGuard.es256InRange(rs(one, N), lowSOnly)).isFalse();
            assertThat(SignatureGuard.es256InRange(new byte[63], lowSOnly)).isFalse();
            assertThat(SignatureGuard.es256InRange(new byte[65], lowSOnly)).isFalse();
        }
        assertThat(SignatureGuard.es256InRange(rs(one, HALF.add(one)), true)).isFalse();
        assertThat(SignatureGuard.es256InRange(rs(one, HALF.add(one)), false)).isTrue();
        assertThat(SignatureGuard.es256InRange(rs(one, nMinus1), true)).isFalse();
        assertThat(SignatureGuard.es256InRange(rs(one, nMinus1), false)).isTrue();
    }

    @Test
    void lowSWhenHighThenNMinusSElseUnchanged() {
        BigInteger r = BigInteger.valueOf(12345);
        assertThat(SignatureGuard.lowS(rs(r, HALF.add(BigInteger.ONE)))).isEqualTo(rs(r, HALF));
        assertThat(SignatureGuard.lowS(rs(r, N.subtract(BigInteger.ONE)))).isEqualTo(rs(r, BigInteger.ONE));
        assertThat(SignatureGuard.lowS(rs(r, HALF))).isEqualTo(rs(r, HALF));
        assertThat(SignatureGuard.lowS(rs(r, BigInteger.TWO))).isEqualTo(rs(r, BigInteger.TWO));
    }
}
