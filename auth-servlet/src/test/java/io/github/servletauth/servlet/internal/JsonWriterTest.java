package io.github.servletauth.servlet.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonWriterTest {

    @Test
    void writeWhenEveryKindOfValueThenCompactJsonInOrder() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "text");
        value.put("i", 42);
        value.put("l", -7L);
        value.put("d", new BigDecimal("1.50"));
        value.put("b", new BigInteger("123456789012345678901234567890"));
        value.put("t", true);
        value.put("z", null);
        value.put("a", List.of(1, List.of(), Map.of()));
        value.put("set", Set.of("only"));

        assertThat(JsonWriter.write(value)).isEqualTo("{\"s\":\"text\",\"i\":42,\"l\":-7,\"d\":1.50,"
                + "\"b\":123456789012345678901234567890,\"t\":true,\"z\":null,\"a\":[1,[],{}],\"set\":[\"only\"]}");
        assertThat(JsonWriter.write(null)).isEqualTo("null");
        assertThat(JsonWriter.write(new StringBuilder("sb"))).isEqualTo("\"sb\"");
    }

    @Test
    void writeWhenQuoteBackslashAndControlCharactersThenEscaped() {
        assertThat(JsonWriter.write("q\"b\\n\nr\rt\t")).isEqualTo("\"q\\\"b\\\\n\\nr\\rt\\t\"");
        for (char c = 0; c < 0x20; c++) {
            if (c != '\n' && c != '\r' && c != '\t') {
                assertThat(JsonWriter.write(String.valueOf(c))).as("U+%04X", (int) c)
                        .isEqualTo(String.format("\"\\u%04x\"", (int) c));
            }
        }
        assertThat(JsonWriter.write("\u007f/é")).isEqualTo("\"\u007f/é\"");
    }

    @Test
    void writeWhenHtmlSignificantOrLineSeparatorThenEscapedSoNoMarkupCanAppear() {
        String json = JsonWriter.write("</script><b>&amp;\u2028\u2029");

        assertThat(json).isEqualTo("\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026amp;\\u2028\\u2029\"")
                .doesNotContain("<", ">", "&");
        assertThat(JsonWriter.write(Map.of("<k>", 1))).isEqualTo("{\"\\u003ck\\u003e\":1}");
    }

    @Test
    void writeWhenSurrogatesThenPairsKeptAndLoneOnesEscaped() {
        assertThat(JsonWriter.write("😀")).isEqualTo("\"😀\"");
        assertThat(JsonWriter.write("\ud800")).isEqualTo("\"\\ud800\"");
        assertThat(JsonWriter.write("\udc00x")).isEqualTo("\"\\udc00x\"");
        assertThat(JsonWriter.write("\ude00\ud83d")).isEqualTo("\"\\ude00\\ud83d\"");
        assertThat(JsonWriter.write("a\ud83d")).isEqualTo("\"a\\ud83d\"");
    }

    @Test
    void writeWhenValueHasNoJsonFormThenIllegalArgumentNamingTheType() {
        for (Object unsupported : List.of(1.5d, 2.5f, (short) 3, new Object(), new int[] {1})) {
            assertThatThrownBy(() -> JsonWriter.write(List.of(unsupported))).as(unsupported.getClass().getName())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(unsupported.getClass().getName());
        }
        Map<Object, Object> numberKey = new LinkedHashMap<>();
        numberKey.put(1, "x");
        assertThatThrownBy(() -> JsonWriter.write(numberKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> JsonWriter.write(Arrays.asList("a", Map.of("k", Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writeThenReaderParsesItBackToTheSameValue() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("s", "q\"\\\n\u0001<script>\u2028😀");
        value.put("n", 42L);
        value.put("l", List.of(true, "x"));
        value.put("z", null);

        Map<String, Object> expected = new LinkedHashMap<>(value);
        expected.put("n", new BigDecimal(42));
        assertThat(JsonReader.parse(JsonWriter.write(value))).isEqualTo(expected);
    }
}
