package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.InvalidInputException;
import io.github.servletauth.core.PasswordRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PasswordPolicyTest {
    private static final String USER = "alice.smith";
    private final PasswordPolicy policy = new PasswordPolicy("pbkdf2", List.of());

    @Test
    void checkWhenSevenCharactersThenTooShort() {
        assertThat(reasons(policy, "Xk3#pQz")).containsExactly("must be at least 8 characters");
    }

    @Test
    void checkWhenEightCharactersThenAccepted() {
        assertAccepted(policy, "Xk3#pQz9");
    }

    @Test
    void checkWhenLengthThenCountedInCodePoints() {
        assertAccepted(policy, "😀🙈🦊🌵🍉🚲🎲🧩");      // 8 code points, 16 chars
        assertThat(reasons(policy, "😀🙈🦊🌵🍉🚲🎲")).containsExactly("must be at least 8 characters");
    }

    @Test
    void checkWhen1024CharactersThenAccepted() {
        assertAccepted(policy, "x".repeat(1024));
    }

    @Test
    void checkWhen1025CharactersThenTooLongAndNothingElseRuns() {
        AtomicInteger calls = new AtomicInteger();
        PasswordPolicy counting = new PasswordPolicy("pbkdf2", List.of((u, p) -> {
            calls.incrementAndGet();
            return Optional.of("refused by the rule");
        }));
        assertThat(reasons(counting, "x".repeat(1025))).containsExactly("must be at most 1024 characters");
        assertThat(calls).hasValue(0);
    }

    @Test
    void checkWhenTooShortThenExtraRulesSkipped() {
        AtomicInteger calls = new AtomicInteger();
        PasswordPolicy counting = new PasswordPolicy("pbkdf2", List.of((u, p) -> {
            calls.incrementAndGet();
            return Optional.empty();
        }));
        assertThat(reasons(counting, "short")).containsExactly("must be at least 8 characters");
        assertThat(calls).hasValue(0);
    }

    @Test
    void checkWhenPassphraseWithSpacesThenAcceptedAndPassedOnUntrimmed() {
        List<String> seen = new ArrayList<>();
        PasswordPolicy recording = new PasswordPolicy("pbkdf2", List.of((u, p) -> {
            seen.add(p);
            return Optional.empty();
        }));
        String passphrase = "  Correct Horse battery staple  ";
        assertAccepted(recording, passphrase);
        assertThat(seen).containsExactly(passphrase);
    }

    @Test
    void checkWhenNullThenRequired() {
        assertThat(reasons(policy, null)).containsExactly("is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "PassWord", "baseball", "iloveyou", "ｐａｓｓｗｏｒｄ",
        "mercede1" /* near the end of the 30,000 */})
    void checkWhenCommonPasswordInAnyCaseThenTooCommon(String common) {
        assertThat(reasons(policy, common)).containsExactly("is too common");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice.smith", "ALICE.SMITH", "Alice.Smith", "ａｌｉｃｅ.ｓｍｉｔｈ"})
    void checkWhenUsernameInAnyCaseOrWidthThenRefused(String password) {
        assertThat(reasons(policy, USER, password)).containsExactly("must not be the username");
    }

    @Test
    void checkWhenUsernameGivenUnfoldedThenStillRefused() {
        assertThat(reasons(policy, "Alice.Smith", "alice.smith")).containsExactly("must not be the username");
    }

    @Test
    void checkWhenUsernameUnknownThenNotComparedWithIt() {
        assertAccepted(policy, "", "Xk3#pQz9");
        assertAccepted(policy, null, "Xk3#pQz9");
    }

    @Test
    void bundledListWhenReadThenHasAtLeastTenThousandEntriesAndNamesItsSource() throws IOException {
        List<String> entries = new ArrayList<>();
        String header;
        try (InputStream in = CommonPasswords.class.getResourceAsStream(CommonPasswords.RESOURCE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            header = reader.readLine();
            reader.lines().forEach(entries::add);
        }
        assertThat(header).startsWith("#").contains("zxcvbn 4.4.2").contains("MIT");
        assertThat(entries).hasSizeGreaterThanOrEqualTo(10_000).doesNotContain("").startsWith("123456", "password");
        assertThat(CommonPasswords.class.getResource("common-passwords.LICENSE.txt")).isNotNull();
        // only the entries long enough to pass the length rule are kept in memory
        assertThat(CommonPasswords.size())
                .isEqualTo((int) entries.stream().filter(e -> e.length() >= 8).distinct().count());
    }

    @Test
    void checkWhenExtraRuleRefusesThenReasonReported() {
        PasswordRule noCompanyName = (u, p) -> p.toLowerCase(java.util.Locale.ROOT).contains("acme")
                ? Optional.of("must not contain the company name") : Optional.empty();
        PasswordPolicy withRule = new PasswordPolicy("pbkdf2", List.of(noCompanyName));
        assertThat(reasons(withRule, "AcmeRocks2024!")).containsExactly("must not contain the company name");
        assertAccepted(withRule, "Xk3#pQz9");
    }

    @Test
    void checkWhenExtraRuleRefusesWithoutReasonThenStillRefused() {
        PasswordPolicy withRule = new PasswordPolicy("pbkdf2", List.of((u, p) -> Optional.of(" ")));
        assertThat(reasons(withRule, "Xk3#pQz9")).containsExactly("is not allowed");
    }

    @Test
    void checkWhenExtraRuleReceivesUsernameKeyThenItIsTheKey() {
        List<String> seen = new ArrayList<>();
        PasswordPolicy recording = new PasswordPolicy("pbkdf2", List.of((u, p) -> {
            seen.add(u);
            return Optional.empty();
        }));
        assertAccepted(recording, USER, "Xk3#pQz9");
        assertThat(seen).containsExactly(USER);
    }

    @Test
    void checkWhenExtraRuleThrowsThenTreatedAsPassAndLaterRulesRun() {
        PasswordRule broken = (u, p) -> {
            throw new IllegalStateException("breach service down");
        };
        PasswordRule nullReturning = (u, p) -> null;
        PasswordRule refusing = (u, p) -> Optional.of("refused by the last rule");
        assertAccepted(new PasswordPolicy("pbkdf2", List.of(broken, nullReturning)), "Xk3#pQz9");
        assertThat(reasons(new PasswordPolicy("pbkdf2", List.of(broken, refusing)), "Xk3#pQz9"))
                .containsExactly("refused by the last rule");
    }

    @Test
    void checkWhenSeveralProblemsThenAllReasonsCollectedInOrder() {
        PasswordPolicy withRules = new PasswordPolicy("pbkdf2", List.of(
                (u, p) -> Optional.of("first extra reason"),
                (u, p) -> Optional.of("second extra reason")));
        assertThat(reasons(withRules, "baseball", "BaseBall")).containsExactly(
                "must not be the username", "is too common", "first extra reason", "second extra reason");
    }

    @Test
    void checkWhenBcryptAndOver72BytesThenRefusedSayingWhy() {
        PasswordPolicy bcrypt = new PasswordPolicy("bcrypt", List.of());
        assertAccepted(bcrypt, "x".repeat(72));
        assertThat(reasons(bcrypt, "x".repeat(73))).singleElement().asString()
                .contains("72 bytes").contains("bcrypt");
        // 37 code points but 74 bytes in UTF-8
        assertThat(reasons(bcrypt, "é".repeat(37))).singleElement().asString().contains("72 bytes");
        assertAccepted(policy, "é".repeat(37));
        assertAccepted(policy, "x".repeat(73));
    }

    @Test
    void checkWhenRefusedThenMessageDoesNotContainPassword() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> policy.check(USER, "Sunshine"));
        assertThat(e.getMessage()).doesNotContainIgnoringCase("sunshine");
    }

    private static void assertAccepted(PasswordPolicy p, String password) {
        assertAccepted(p, USER, password);
    }

    private static void assertAccepted(PasswordPolicy p, String usernameKey, String password) {
        assertThatCode(() -> p.check(usernameKey, password)).doesNotThrowAnyException();
    }

    private static List<String> reasons(PasswordPolicy p, String password) {
        return reasons(p, USER, password);
    }

    private static List<String> reasons(PasswordPolicy p, String usernameKey, String password) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> p.check(usernameKey, password));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.fields()).containsOnlyKeys("password");
        return e.fields().get("password");
    }
}
