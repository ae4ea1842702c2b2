package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.ConfigurationException;
import io.github.servletauth.core.internal.password.PasswordHasher.Match;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** PBKDF2 costs about 0.1 s per hash here, so the hashes are made once and shared. */
class PasswordHasherTest {
    private static final String PASSWORD = "correct horse battery staple";
    /** 100 bytes whose first 72 are {@link #PREFIX_72}. */
    private static final String LONG_100 = "a-very-long-passphrase-".repeat(5).substring(0, 100);
    private static final String PREFIX_72 = LONG_100.substring(0, 72);
    private static final Match MATCH = new Match(true, false);
    private static final Match MATCH_UPGRADE = new Match(true, true);
    private static final Match NO_MATCH = new Match(false, false);

    private static PasswordHasher pbkdf2;
    private static String storedPassword;

    @BeforeAll
    static void hashOnce() {
        pbkdf2 = new PasswordHasher("pbkdf2");
        storedPassword = pbkdf2.hash(PASSWORD);
    }

    @Test
    void hashWhenDefaultThenStoredUnderPbkdf2V58Id() {
        assertThat(storedPassword).startsWith("{pbkdf2@SpringSecurity_v5_8}").doesNotContain(PASSWORD);
        assertThat(pbkdf2.encodeId()).isEqualTo("pbkdf2@SpringSecurity_v5_8");
    }

    @Test
    void verifyWhenSamePasswordThenMatchesWithoutUpgrade() {
        assertThat(pbkdf2.verify(PASSWORD, storedPassword)).isEqualTo(MATCH);
    }

    @Test
    void verifyWhenWrongPasswordThenNoMatch() {
        assertThat(pbkdf2.verify("correct horse battery stapler", storedPassword)).isEqualTo(NO_MATCH);
    }

    @Test
    void verifyWhenPasswordDiffersOnlyInCaseOrTrailingSpaceThenNoMatch() {
        assertThat(pbkdf2.verify("Correct horse battery staple", storedPassword)).isEqualTo(NO_MATCH);
        assertThat(pbkdf2.verify(PASSWORD + " ", storedPassword)).isEqualTo(NO_MATCH);
    }

    @Test
    void verifyWhenDefaultEncoderAndOnlyThe72BytePrefixThenNoMatch() {
        assertThat(LONG_100.getBytes(StandardCharsets.UTF_8)).hasSize(100);
        String stored = pbkdf2.hash(LONG_100);
        assertThat(pbkdf2.verify(PREFIX_72, stored)).isEqualTo(NO_MATCH);
        assertThat(pbkdf2.verify(LONG_100, stored)).isEqualTo(MATCH);
    }

    @Test
    void verifyWhenBcryptStoredAndPasswordOver72BytesThenNoMatchEvenThoughPrefixEqual() {
        String stored = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PREFIX_72);
        // spring's BCrypt alone would accept it: it reads only the first 72 bytes
        assertThat(new BCryptPasswordEncoder(4).matches(LONG_100, stored.substring(8))).isTrue();
        assertThat(pbkdf2.verify(LONG_100, stored)).isEqualTo(NO_MATCH);
    }

    @Test
    void verifyWhenBcryptStoredUnderPbkdf2DefaultThenMatchesAndNeedsUpgrade() {
        String stored = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PREFIX_72);
        assertThat(pbkdf2.verify(PREFIX_72, stored)).isEqualTo(MATCH_UPGRADE);
        assertThat(pbkdf2.verify("wrong password", stored)).isEqualTo(NO_MATCH);
    }

    @Test
    @SuppressWarnings("deprecation") // the point is to verify a hash made with Spring's older defaults
    void verifyWhenOlderPbkdf2IdThenMatchesAndNeedsUpgrade() {
        String stored = "{pbkdf2}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_5().encode(PASSWORD);
        assertThat(pbkdf2.verify(PASSWORD, stored)).isEqualTo(MATCH_UPGRADE);
    }

    @Test
    void bcryptHasherWhenHashingThenBcryptIdAndCost10AndRefusesOver72Bytes() {
        PasswordHasher bcrypt = new PasswordHasher("bcrypt");
        String stored = bcrypt.hash(PREFIX_72);
        assertThat(stored).startsWith("{bcrypt}$2a$10$");
        assertThat(bcrypt.verify(PREFIX_72, stored)).isEqualTo(MATCH);
        assertThat(bcrypt.verify(LONG_100, stored)).isEqualTo(NO_MATCH);
        assertThatIllegalArgumentException().isThrownBy(() -> bcrypt.hash(LONG_100))
                .withMessageNotContaining(LONG_100);
    }

    @Test
    void bcryptHasherWhenStoredCostLowerThenNeedsUpgrade() {
        PasswordHasher bcrypt = new PasswordHasher("bcrypt");
        String stored = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);
        assertThat(bcrypt.verify(PASSWORD, stored)).isEqualTo(MATCH_UPGRADE);
    }

    @Test
    void bcryptHasherWhenPbkdf2StoredPasswordOver72BytesThenMatchesButNoUpgradeItCouldNotHash() {
        PasswordHasher bcrypt = new PasswordHasher("bcrypt");
        String stored = "{pbkdf2@SpringSecurity_v5_8}"
                + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(LONG_100);
        assertThat(bcrypt.verify(LONG_100, stored)).isEqualTo(MATCH);
        assertThat(bcrypt.verify(PASSWORD, storedPassword)).isEqualTo(MATCH_UPGRADE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{pbkdf2@SpringSecurity_v5_8}zz-not-hex",
        "{pbkdf2@SpringSecurity_v5_8}abcd",
        "{pbkdf2@SpringSecurity_v5_8}",
        "{pbkdf2}",
        "{bcrypt}not-a-bcrypt-hash",
        "{bcrypt}$2a$10$short",
        "{pbkdf2@SpringSecurity_v5_8",
        "no-id-at-all",
        "{unknown}abc",
        "{sha256}5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        "{MD5}5f4dcc3b5aa765d61d8327deb882cf99",
        "{argon2@SpringSecurity_v5_8}$argon2id$v=19$m=16384,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
        "{\u0000\n}x"
    })
    void verifyWhenStoredHashMalformedOrUnknownThenNoMatchNotException(String stored) {
        assertThat(pbkdf2.verify(PASSWORD, stored)).isEqualTo(NO_MATCH);
    }

    @Test
    void verifyWhenStoredHashIsTruncatedRealHashThenNoMatch() {
        String truncated = storedPassword.substring(0, storedPassword.length() - 10);
        assertThat(pbkdf2.verify(PASSWORD, truncated)).isEqualTo(NO_MATCH);
    }

    @Test
    void verifyWhenNoopPlaintextStoredThenNeverMatches() {
        assertThat(pbkdf2.verify("password", "{noop}password")).isEqualTo(NO_MATCH);
        assertThat(pbkdf2.verify("password", "password")).isEqualTo(NO_MATCH);
    }

    @Test
    void verifyWhenPasswordOver1024CharsThenNoMatchEvenIfHashEqual() {
        String huge = "x".repeat(1025);
        String stored = "{pbkdf2@SpringSecurity_v5_8}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()
                .encode(huge);
        assertThat(pbkdf2.verify(huge, stored)).isEqualTo(NO_MATCH);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void verifyWhenPasswordOrHashNullOrEmptyThenNoMatch(String missing) {
        assertThat(pbkdf2.verify(missing, storedPassword)).isEqualTo(NO_MATCH);
        assertThat(pbkdf2.verify(PASSWORD, missing)).isEqualTo(NO_MATCH);
    }

    @Test
    void hashWhenNullEmptyOrOver1024CharsThenProgrammerError() {
        assertThatCode(() -> pbkdf2.hash(null)).isInstanceOf(NullPointerException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> pbkdf2.hash(""));
        assertThatIllegalArgumentException().isThrownBy(() -> pbkdf2.hash("x".repeat(1025)));
    }

    @Test
    void equalizeTimingWhenAnyInputThenNeverThrows() {
        assertThatCode(() -> {
            pbkdf2.equalizeTiming(PASSWORD);
            pbkdf2.equalizeTiming(PASSWORD);
            pbkdf2.equalizeTiming(null);
            pbkdf2.equalizeTiming("");
            pbkdf2.equalizeTiming("x".repeat(100_000));
            new PasswordHasher("bcrypt").equalizeTiming(LONG_100);
        }).doesNotThrowAnyException();
    }

    @Test
    void constructorWhenArgon2WithoutBouncyCastleThenConfigurationErrorNamingKey() {
        assumeFalse(bouncyCastlePresent(), "BouncyCastle is on the test classpath");
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> new PasswordHasher("argon2"));
        assertThat(e.key()).isEqualTo("auth.password.algorithm");
        assertThat(e.getMessage()).contains("org.bouncycastle:bcprov-jdk18on");
    }

    @Test
    void constructorWhenUnknownAlgorithmThenConfigurationErrorNamingKey() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> new PasswordHasher("md5"));
        assertThat(e.key()).isEqualTo("auth.password.algorithm");
    }

    private static boolean bouncyCastlePresent() {
        try {
            Class.forName("org.bouncycastle.crypto.params.Argon2Parameters");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
