package io.github.servletauth.core.internal.password;

import com.ibm.icu.text.SpoofChecker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled table cannot rot: it is what the generator makes from the ICU4J version the build uses, and the
 * skeletons computed with it are ICU4J's own {@code SpoofChecker.getSkeleton}, code point by code point.
 */
class ConfusablesTableTest {
    private static final SpoofChecker ICU = new SpoofChecker.Builder().build();

    @Test
    void tableWhenComparedWithGeneratorOutputThenIdentical() throws IOException {
        String committed;
        try (InputStream in = Confusables.class.getResourceAsStream(Confusables.RESOURCE)) {
            assertThat(in).as(Confusables.RESOURCE).isNotNull();
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(committed).as("confusables.txt is stale: rerun ConfusablesTableGenerator (see its javadoc)")
                .isEqualTo(ConfusablesTableGenerator.generate());
        assertThat(Confusables.size()).isBetween(4_000, 5_000);
    }

    @Test
    void skeletonWhenEveryCodePointOfTheUsernameAlphabetThenEqualsIcu() {
        List<String> differences = new ArrayList<>();
        int checked = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            // a code point newer than this JDK's Unicode is not decomposed by its NFD; Usernames refuses it anyway
            if (!Character.isDefined(cp)
                    || !ConfusablesTableGenerator.inUsernameAlphabet(cp) && !Character.isLetterOrDigit(cp)) {
                continue;
            }
            checked++;
            compare(Character.toString(cp), differences);
        }

        assertThat(checked).isGreaterThan(100_000);
        assertThat(differences).isEmpty();
    }

    @Test
    void skeletonWhenKeyOfEveryAcceptedCodePointThenEqualsIcu() {
        List<String> differences = new ArrayList<>();
        int accepted = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!Character.isDefined(cp)) {
                continue;
            }
            // between digits: no script mixing, and a combining mark has a base
            Optional<String> key = Usernames.lookupKey("1" + Character.toString(cp) + "2");
            if (key.isPresent()) {
                accepted++;
                compare(key.get(), differences);
            }
        }

        assertThat(accepted).isGreaterThan(100_000);
        assertThat(differences).isEmpty();
    }

    @Test
    void skeletonWhenWholeNamesThenEqualsIcu() {
        List<String> differences = new ArrayList<>();
        for (String name : List.of("paypal", "payp\u0585l", "b\u13A5tcoin", "p\u0251yp\u0251l", "\u0440\u043E\u0440\u0435",
                "\u0441\u043E\u0441\u043E\u0430", "rnodern", "modem", "admin", "Jos\u00E9", "jose\u0301", "stra\u00DFe",
                "\u0915\u094D\u0937\u093F\u0924\u093F\u091C", "\uD55C\uAD6D\uC5B4", "\u6771\u4EAC", "\u0627\u0644\u0639\u0631\u0628\u064A\u0629",
                "\u05E9\u05DC\u05D5\u05DD", "\u03BF\u03B4\u03BF\u03C3", "\u1E9B\u0323\u0307", "a\u0328\u0301b", "o\u0308\u0304",
                "user.name+tag@host_1-2", "\u0130stanbul", "\uFB01nance")) {
            Usernames.lookupKey(name).ifPresent(key -> compare(key, differences));
            compare(name, differences);
        }

        assertThat(differences).isEmpty();
    }

    private static void compare(String s, List<String> differences) {
        String ours = Confusables.skeleton(s);
        String icu = ICU.getSkeleton(s);
        if (!ours.equals(icu)) {
            differences.add(ConfusablesTableGenerator.describe(s) + ": ours " + ConfusablesTableGenerator.describe(ours)
                    + ", ICU " + ConfusablesTableGenerator.describe(icu));
        }
    }
}
