package io.github.servletauth.core.internal.password;

import io.github.servletauth.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UsernamesTest {

    @Test
    void canonicalWhenMixedCaseThenCasePreserved() {
        assertThat(Usernames.canonical("Alice.Smith")).isEqualTo("Alice.Smith");
    }

    @Test
    void keyWhenOnlyCaseDiffersThenSameKey() {
        assertThat(keyOf("Admin")).isEqualTo("admin");
        assertThat(keyOf("ADMIN")).isEqualTo("admin");
        assertThat(keyOf("admin")).isEqualTo("admin");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ａｄｍｉｎ",                    // full-width
        "ＡＤＭＩＮ",                    // full-width capitals
        "\uD835\uDC1A\uD835\uDC1D\uD835\uDC26\uD835\uDC22\uD835\uDC27", // mathematical bold a d m i n
        "\u24D0dmin",                   // circled small a
        "\u1D43dmin"                    // modifier letter small a
    })
    void keyWhenCompatibilityLookalikeThenCollidesWithAscii(String lookalike) {
        assertThat(keyOf(lookalike)).isEqualTo(keyOf("admin"));
    }

    @Test
    void canonicalWhenFullWidthThenNfkcDisplayForm() {
        assertThat(Usernames.canonical("Ａｄｍｉｎ")).isEqualTo("Admin");
    }

    @Test
    void keyWhenKelvinSignThenSameAsLetterK() {
        assertThat(keyOf("\u212Aelvin")).isEqualTo(keyOf("kelvin")).isEqualTo("kelvin");
    }

    @Test
    void keyWhenLigatureThenSameAsLetters() {
        assertThat(keyOf("\uFB01nance")).isEqualTo(keyOf("finance"));
    }

    @Test
    void keyWhenSharpSOrCapitalSharpSThenSameAsDoubleS() {
        assertThat(keyOf("straße")).isEqualTo("strasse");
        assertThat(keyOf("STRASSE")).isEqualTo("strasse");
        assertThat(keyOf("STRA\u1E9EE")).isEqualTo("strasse");
    }

    @Test
    void keyWhenGreekSigmaInAnyFormThenSameKey() {
        assertThat(keyOf("ΟΔΟΣ")).isEqualTo(keyOf("οδος")).isEqualTo(keyOf("οδοσ"));
    }

    @Test
    void keyWhenDecomposedAccentThenSameAsPrecomposed() {
        assertThat(keyOf("Jose\u0301")).isEqualTo(keyOf("josé"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Admin", "STRAẞE", "ΟΔΟΣ", "İstanbul", "ǅemal", "Ꙋбв"})
    void keyWhenAppliedTwiceThenUnchanged(String name) {
        String key = keyOf(name);
        assertThat(Usernames.key(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ad\u200Bmin", "ad\u200Dmin", "\uFEFFadmin", "ad\u00ADmin", "ad\u2060min",
        "admin\u200E", "admin\uFE0F", "ad\u034Fmin", "\u3164admin", "admin\u3164"})
    void canonicalWhenInvisibleCharacterThenRefused(String raw) {
        assertRefused(raw, "must not contain invisible characters");
        assertThat(Usernames.lookupKey(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ad min", "admin\t", " admin", "\u00A0admin", "ad\u2003min", "admin\n", "ad\u2028min"})
    void canonicalWhenWhitespaceThenRefused(String raw) {
        assertRefused(raw, "must not contain spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"adm\u0007in", "\u0000admin", "admin\u007F", "ad\u0085min"})
    void canonicalWhenControlCharacterThenRefused(String raw) {
        assertThat(reasonsFor(raw)).anySatisfy(r -> assertThat(r).startsWith("must not contain"));
    }

    @Test
    void canonicalWhenPrivateUseOrUnassignedThenRefused() {
        assertRefused("adm\uE000in", "must not contain private-use characters");
        assertRefused("adm\u0378in", "must not contain unassigned characters");
        assertRefused("adm\uD800in", "must not contain malformed characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin!", "ad/min", "ad:min", "admin😀", "<admin>", "ad'min"})
    void canonicalWhenSymbolOutsideAllowedSetThenRefused(String raw) {
        assertRefused(raw, "may only contain letters, digits and @ . + - _");
    }

    @Test
    void canonicalWhenAllowedSymbolsThenAccepted() {
        assertThat(Usernames.canonical("a@b.c+d-e_f9")).isEqualTo("a@b.c+d-e_f9");
    }

    @Test
    void canonicalWhenNullOrBlankThenRequired() {
        assertRefused(null, "is required");
        assertRefused("", "is required");
        assertRefused("   ", "is required");
    }

    @Test
    void canonicalWhenTooShortOrTooLongThenRefused() {
        assertRefused("ab", "must be at least 3 characters");
        assertThat(Usernames.canonical("abc")).isEqualTo("abc");
        assertThat(Usernames.canonical("a".repeat(150))).hasSize(150);
        assertRefused("a".repeat(151), "must be at most 150 characters");
        assertRefused("a".repeat(100_000), "must be at most 150 characters");
    }

    @Test
    void canonicalWhenLengthDiffersAfterNfkcThenCodePointsAfterNfkcCount() {
        // 3 code points as typed, 2 after composing e + combining acute
        assertRefused("ae\u0301", "must be at least 3 characters");
        // 1 code point as typed (the ﬁ ligature) plus one letter: 3 after NFKC
        assertThat(Usernames.canonical("\uFB01a")).isEqualTo("fia");
        // 300 code points as typed, 150 after composing
        assertThat(Usernames.canonical("e\u0301".repeat(150))).isEqualTo("é".repeat(150));
        // 150 supplementary letters (CJK extension B) are 300 chars but 150 code points
        String cjkExtB = "\uD840\uDC00";
        assertThat(Usernames.canonical(cjkExtB.repeat(150))).hasSize(300);
        assertRefused(cjkExtB.repeat(151), "must be at most 150 characters");
        // mathematical bold capital A: 300 chars as typed, 150 ASCII letters after NFKC
        assertThat(Usernames.canonical("\uD835\uDC00".repeat(150))).isEqualTo("A".repeat(150));
    }

    @Test
    void canonicalWhenDevanagariWithCombiningMarksThenAccepted() {
        assertThat(Usernames.canonical("नमस्ते")).isEqualTo("नमस्ते");
    }

    @Test
    void canonicalWhenStartsWithCombiningMarkThenRefused() {
        assertRefused("\u0301abc", "must not start with a combining mark");
    }

    @ParameterizedTest
    @ValueSource(strings = {"p\u0430ypal", "\u0440aypal", "p\u03B1ypal", "admin\u0438", "\u0430\u03B1\u0431"})
    void canonicalWhenLatinCyrillicOrGreekLettersMixedThenRefused(String raw) {
        assertRefused(raw, "must not mix Latin, Cyrillic or Greek letters");
        assertThat(Usernames.lookupKey(raw)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"иван.петров", "Αλέξης", "山田太郎", "김민수", "ali_2024", "иван2024"})
    void canonicalWhenSingleScriptThenAccepted(String raw) {
        assertThat(Usernames.canonical(raw)).isEqualTo(raw);
    }

    @Test
    void canonicalWhenRefusedThenMessageDoesNotEchoValue() {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> Usernames.canonical("secret\u200Bname"));
        assertThat(e.getMessage()).doesNotContain("secret");
    }

    @Test
    void canonicalWhenSeveralProblemsThenAllReported() {
        assertThat(reasonsFor("a\u200B"))
                .containsExactly("must be at least 3 characters", "must not contain invisible characters");
    }

    @Test
    void lookupKeyWhenValidThenKey() {
        assertThat(Usernames.lookupKey("ＡＤＭＩＮ")).contains("admin");
    }

    @Test
    void lookupKeyWhenJunkOrHugeThenEmptyWithoutThrowing() {
        assertThat(Usernames.lookupKey(null)).isEmpty();
        assertThat(Usernames.lookupKey("")).isEmpty();
        assertThat(Usernames.lookupKey("  ")).isEmpty();
        assertThat(Usernames.lookupKey("a".repeat(1001))).isEmpty();
        assertThat(Usernames.lookupKey("a".repeat(5_000_000))).isEmpty();
        assertThat(Usernames.lookupKey("\uDC00\uD800\u0000")).isEmpty();
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder junk = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                junk.append((char) random.nextInt(0x10000));
            }
            String raw = junk.toString();
            assertThatCode(() -> Usernames.lookupKey(raw)).doesNotThrowAnyException();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "paypol,   payp\u0585l",                    // Armenian small oh
        "bitcoin,  b\u13A5tcoin",                   // Cherokee letter v, shaped like i
        "paypal,   p\u0251yp\u0251l",               // Latin small alpha
        "pope,     \u0440\u043E\u0440\u0435",       // all Cyrillic
        "cocoa,    \u0421\u041E\u0421\u041E\u0410", // all Cyrillic, capitals
        "modern,   rnodern",                        // UTS #39 takes rn for m
        "modern,   modem",
        "paypal,   paypa1"                          // and the digit 1 for the letter l
    })
    void skeletonWhenConfusableTwinThenSameAsOriginal(String original, String twin) {
        String twinKey = Usernames.key(Usernames.canonical(twin));
        assertThat(twinKey).isNotEqualTo(keyOf(original));
        assertThat(Usernames.skeleton(twinKey)).isEqualTo(Usernames.skeleton(keyOf(original)));
    }

    @ParameterizedTest
    @CsvSource({"alice, alicia", "dave, clave", "paypal, paypals", "jose, josé",
        "\u0438\u0432\u0430\u043D, \u0438\u0432\u0430\u043D\u0430"})
    void skeletonWhenDistinctNamesThenDistinct(String one, String other) {
        assertThat(Usernames.skeleton(keyOf(one))).isNotEqualTo(Usernames.skeleton(keyOf(other)));
    }

    @Test
    void skeletonWhenPlainAsciiThenUnchangedButMBecomesRn() {
        assertThat(Usernames.skeleton("alice.jones_42+test@host-7")).isEqualTo("alice.jones_42+test@host-7");
        assertThat(Usernames.skeleton("admin")).isEqualTo("adrnin");
    }

    private static String keyOf(String raw) {
        return Usernames.key(Usernames.canonical(raw));
    }

    private static void assertRefused(String raw, String reason) {
        assertThat(reasonsFor(raw)).contains(reason);
    }

    private static java.util.List<String> reasonsFor(String raw) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> Usernames.canonical(raw));
        assertThat(e).as("refused: %s", raw).isNotNull();
        assertThat(e.fields()).containsOnlyKeys("username");
        return e.fields().get("username");
    }
}
