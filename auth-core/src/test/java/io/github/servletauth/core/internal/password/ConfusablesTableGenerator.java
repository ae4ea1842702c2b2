package io.github.servletauth.core.internal.password;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.util.VersionInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes {@code confusables.txt}, the table behind {@link Usernames#skeleton(String)}, from ICU4J's UTS #39
 * data (a test dependency only: the 14 MB ICU jar never reaches a runtime class path). The table keeps, for
 * every code point a username key can contain in NFD, the NFD of its prototype where that differs from the code
 * point itself. {@code ConfusablesTableTest} fails when the committed file differs from what this writes, so
 * after upgrading ICU4J rerun it from the repository root:
 *
 * <pre>
 * mvn -q -o -pl auth-core test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test.classpath
 * java -cp auth-core/target/test-classes:$(cat auth-core/target/test.classpath) \
 *     io.github.servletauth.core.internal.password.ConfusablesTableGenerator \
 *     auth-core/src/main/resources/io/github/servletauth/core/internal/password/confusables.txt
 * </pre>
 */
final class ConfusablesTableGenerator {
    private ConfusablesTableGenerator() {
    }

    /** @param args the file to write */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ConfusablesTableGenerator <confusables.txt to write>");
        }
        Path target = Path.of(args[0]);
        Files.writeString(target, generate(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + target.toAbsolutePath());
    }

    /** @return the whole file, deterministic for one ICU4J version */
    static String generate() {
        SpoofChecker checker = new SpoofChecker.Builder().build();
        Normalizer2 nfd = Normalizer2.getNFDInstance();
        StringBuilder out = new StringBuilder()
                .append("# UTS #39 confusable prototypes for the code points a username key can contain.\n")
                .append("# Generated from ICU4J ").append(version(VersionInfo.ICU_VERSION)).append(" (Unicode ")
                .append(version(UCharacter.getUnicodeVersion()))
                .append(") by ConfusablesTableGenerator (auth-core tests); do not edit.\n")
                .append("# Unicode data, Unicode License v3: see confusables.LICENSE.txt beside this file.\n")
                .append("# A line: a code point, then the NFD of its prototype (nothing: it is dropped), in hex.\n");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE || !inUsernameAlphabet(cp)) {
                continue;
            }
            String s = Character.toString(cp);
            if (!nfd.isNormalized(s)) {
                // never seen: the skeleton maps the NFD of the key
                continue;
            }
            String skeleton = checker.getSkeleton(s);
            if (!skeleton.equals(s)) {
                out.append(hex(cp));
                skeleton.codePoints().forEach(p -> out.append(' ').append(hex(p)));
                out.append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Letters, decimal digits, combining marks and the symbols {@link Usernames} allows: NFD turns the key of a
     * valid username into nothing else. Judged by ICU, whose Unicode version is at least the JDK's.
     */
    static boolean inUsernameAlphabet(int cp) {
        int type = UCharacter.getType(cp);
        return UCharacter.isLetter(cp) || type == UCharacter.DECIMAL_DIGIT_NUMBER
                || type == UCharacter.NON_SPACING_MARK || type == UCharacter.COMBINING_SPACING_MARK
                || "@.+-_".indexOf(cp) >= 0;
    }

    private static String hex(int cp) {
        return Integer.toHexString(cp).toUpperCase(Locale.ROOT);
    }

    private static String version(VersionInfo v) {
        return v.getMajor() + "." + v.getMinor() + (v.getMilli() == 0 ? "" : "." + v.getMilli());
    }

    static String describe(String s) {
        return s.codePoints().mapToObj(ConfusablesTableGenerator::hex).collect(Collectors.joining(" "));
    }
}
