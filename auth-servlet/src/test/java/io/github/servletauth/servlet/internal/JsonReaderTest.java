package io.github.servletauth.servlet.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    @Test
    void parseWhenEveryKindOfValueThenTyped() {
        Object v = JsonReader.parse(" {\"s\":\"a\\\"b\\\\c\\/\\n\\u00e9\",\"n\":-1.5e3,\"t\":true,\"f\":false,"
                + "\"z\":null,\"a\":[1,[]],\"o\":{}} ");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a\"b\\c/\né");
        expected.put("n", new BigDecimal("-1.5e3"));
        expected.put("t", true);
        expected.put("f", false);
        expected.put("z", null);
        expected.put("a", List.of(new BigDecimal("1"), List.of()));
        expected.put("o", Map.of());
        assertThat(v).isEqualTo(expected);
    }

    @Test
    void parseWhenSurrogatePairEscapedThenOneCodePoint() {
        assertThat(JsonReader.parse("\"\\ud83d\\ude00\"")).isEqualTo("😀");
        assertThat(JsonReader.parse("\"😀\"")).isEqualTo("😀");
    }

    @Test
    void parseWhenMalformedThenRefused() {
        for (String bad : List.of("", "{", "{\"a\"}", "{\"a\":1,}", "[1,]", "01", "1.", "-", "+1", "1e", "tru",
                "\"\\x\"", "\"\\u12\"", "\"a", "\"\u0001\"", "{\"a\":1} x", "{a:1}", "'a'", "NaN",
                "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\ud800\"", "{\"a\":1,\"a\":2}")) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad).isInstanceOf(JsonReader.MalformedJsonException.class);
        }
    }

    @Test
    void parseWhenNestedBeyondLimitThenRefused() {
        char[] open = new char[JsonReader.MAX_DEPTH + 1];
        char[] close = new char[JsonReader.MAX_DEPTH + 1];
        Arrays.fill(open, '[');
        Arrays.fill(close, ']');
        String tooDeep = new String(open) + new String(close);
        String deepest = tooDeep.substring(1, tooDeep.length() - 1);

        assertThat(JsonReader.parse(deepest)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonReader.parse(tooDeep)).hasMessageContaining("nested too deeply");
    }

    @Test
    void parseWhenRefusedThenMessageDoesNotEchoInput() {
        assertThatThrownBy(() -> JsonReader.parse("{\"password\":\"hunter2\" x}"))
                .message().doesNotContain("hunter2").contains("offset");
    }
}
