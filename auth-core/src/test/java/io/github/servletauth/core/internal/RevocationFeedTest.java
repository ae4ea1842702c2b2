package io.github.servletauth.core.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The feed document: written as documented, read strictly, one bad part refusing the whole answer. */
class RevocationFeedTest {

    @Test
    void writeThenReadGivesTheSamePageWithUntilRoundedUpToTheSecond() {
        RevocationFeed.Page page = new RevocationFeed.Page(List.of(new RevocationFeed.Entry("Jq3K-x_9", 1_767_225_600_001L),
                new RevocationFeed.Entry("b", 1_767_225_600_000L)), "c7Yd0S2mQvE.42", true);

        String json = RevocationFeed.write(page);

        assertThat(json).isEqualTo("{\"revoked\":[{\"sid\":\"Jq3K-x_9\",\"until\":1767225601},"
                + "{\"sid\":\"b\",\"until\":1767225600}],\"cursor\":\"c7Yd0S2mQvE.42\",\"more\":true}");
        assertThat(RevocationFeed.read(json)).isEqualTo(new RevocationFeed.Page(List.of(
                new RevocationFeed.Entry("Jq3K-x_9", 1_767_225_601_000L),
                new RevocationFeed.Entry("b", 1_767_225_600_000L)), "c7Yd0S2mQvE.42", true));
    }

    @Test
    void readWhenMembersItDoesNotKnowThenIgnoresThemSoTheDocumentCanGrow() {
        RevocationFeed.Page page = RevocationFeed.read(" {\"version\":2,\"revoked\":[{\"sid\":\"a\",\"until\":5,"
                + "\"reason\":{\"x\":[null]}}],\"cursor\":\"e.1\",\"more\":false,\"next\":\"later\"} ");

        assertThat(page.revoked()).containsExactly(new RevocationFeed.Entry("a", 5000));
        assertThat(page.cursor()).isEqualTo("e.1");
        assertThat(page.more()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[]",
        "{\"revoked\":[],\"cursor\":\"e.1\",\"more\":false} trailing",
        "{\"revoked\":[],\"cursor\":\"e.1\",\"more\":false,}",
        "{\"revoked\":[],\"cursor\":\"e.1\",\"cursor\":\"e.2\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\",\"until\":01}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\\ud800\",\"until\":1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":{},\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[\"a\"],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"until\":1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":42,\"until\":1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"\",\"until\":1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a b\",\"until\":1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a.b\",\"until\":1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\"}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\",\"until\":\"1\"}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\",\"until\":-1}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\",\"until\":1.5}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[{\"sid\":\"a\",\"until\":1e300}],\"cursor\":\"e.1\",\"more\":false}",
        "{\"revoked\":[],\"more\":false}",
        "{\"revoked\":[],\"cursor\":7,\"more\":false}",
        "{\"revoked\":[],\"cursor\":\"\",\"more\":false}",
        "{\"revoked\":[],\"cursor\":\"e.1&admin=1\",\"more\":false}",
        "{\"revoked\":[],\"cursor\":\"e.1\"}",
        "{\"revoked\":[],\"cursor\":\"e.1\",\"more\":\"false\"}",
        "{\"revoked\":[],\"cursor\":\"e.1\",\"more\":null}"
    })
    void readWhenNotStrictJsonOrAnyPartOfTheWrongShapeThenRefusedWhole(String answer) {
        assertThatThrownBy(() -> RevocationFeed.read(answer)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readWhenSidOver128CharactersOrTooManyEntriesThenRefused() {
        String longSid = "a".repeat(129);
        assertThatThrownBy(() -> RevocationFeed.read("{\"revoked\":[{\"sid\":\"" + longSid + "\",\"until\":1}],"
                + "\"cursor\":\"e.1\",\"more\":false}")).isInstanceOf(IllegalArgumentException.class);
        StringBuilder many = new StringBuilder("{\"revoked\":[");
        for (int i = 0; i <= RevocationFeed.MAX_ENTRIES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"sid\":\"s").append(i).append("\",\"until\":1}");
        }
        String tooMany = many.append("],\"cursor\":\"e.1\",\"more\":false}").toString();
        assertThatThrownBy(() -> RevocationFeed.read(tooMany)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entries");
    }

    @Test
    void readWhenRefusedThenMessageNeverRepeatsTheContent() {
        assertThatThrownBy(() -> RevocationFeed.read("{\"revoked\":[{\"sid\":\"secret-looking value\",\"until\":1}],"
                + "\"cursor\":\"e.1\",\"more\":false}")).hasMessageNotContaining("secret-looking");
    }
}
