package io.github.servletauth.core.internal.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * The UTS #39 skeleton over the bundled table {@code confusables.txt} (Unicode's confusable prototypes for the
 * code points a username can contain, generated from ICU4J by a test-scope generator; Unicode License v3),
 * loaded on first use into two int arrays and one string: about 4,300 entries, some 40 KB of heap.
 */
final class Confusables {
    static final String RESOURCE = "confusables.txt";

    private Confusables() {
    }

    /**
     * UTS #39 skeleton: NFD, every code point replaced by its prototype, NFD again.
     *
     * @param s any text; code points outside the table stand for themselves
     * @return the skeleton
     */
    static String skeleton(String s) {
        String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
        Table table = Holder.TABLE;
        StringBuilder mapped = new StringBuilder(nfd.length() + 8);
        for (int i = 0; i < nfd.length(); ) {
            int cp = nfd.codePointAt(i);
            i += Character.charCount(cp);
            int at = Arrays.binarySearch(table.codePoints, cp);
            if (at < 0) {
                mapped.appendCodePoint(cp);
            } else {
                mapped.append(table.prototypes, table.starts[at], table.starts[at + 1]);
            }
        }
        return Normalizer.normalize(mapped, Normalizer.Form.NFD);
    }

    /** @return how many code points the table maps */
    static int size() {
        return Holder.TABLE.codePoints.length;
    }

    /**
     * Sorted code points; the prototype of {@code codePoints[i]} is {@code prototypes} from {@code starts[i]} to
     * {@code starts[i + 1]}.
     */
    private record Table(int[] codePoints, int[] starts, String prototypes) {
    }

    /** The class is initialised, and the file read, once, on the first lookup; the JVM makes that thread-safe. */
    private static final class Holder {
        static final Table TABLE = load();
    }

    private static Table load() {
        InputStream in = Confusables.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the auth-core jar");
        }
        int[] codePoints = new int[4096];
        int[] starts = new int[4097];
        StringBuilder prototypes = new StringBuilder(8192);
        int count = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (count == codePoints.length) {
                    codePoints = Arrays.copyOf(codePoints, count * 2);
                    starts = Arrays.copyOf(starts, count * 2 + 1);
                }
                String[] fields = line.split(" ");
                int cp = Integer.parseInt(fields[0], 16);
                if (count > 0 && cp <= codePoints[count - 1]) {
                    throw new IllegalStateException(RESOURCE + " is not sorted at " + fields[0]);
                }
                codePoints[count] = cp;
                for (int f = 1; f < fields.length; f++) {
                    prototypes.appendCodePoint(Integer.parseInt(fields[f], 16));
                }
                count++;
                starts[count] = prototypes.length();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new Table(Arrays.copyOf(codePoints, count), Arrays.copyOf(starts, count + 1), prototypes.toString());
    }
}
