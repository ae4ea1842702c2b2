package io.github.servletauth.servlet;

import io.github.servletauth.core.AuthConfig;
import io.github.servletauth.servlet.testing.ApiFixture;
import io.github.servletauth.servlet.testing.Http;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP contract served by the one {@link AuthApiServlet} under {@code /auth/*}, on a real SQLite file. */
class SqliteOneServletHttpApiTest extends HttpApiContract {

    @Override
    AuthConfig.Builder config(Path dir) {
        return ApiFixture.sqlite(dir);
    }

    @Override
    boolean oneServlet() {
        return true;
    }

    @Test
    void pathThatNamesNoEndpointThenNotFoundJson() throws Exception {
        for (String path : new String[] {"", "/", "/registerx", "/register/", "/admin", "/REGISTER"}) {
            HttpResponse<String> r = Http.postJson(api.app.uri("/app/auth" + path), Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            Http.assertJsonUtf8(r);
            assertThat(Http.json(r)).as(path).containsEntry("error", "Not found");
        }
    }
}
