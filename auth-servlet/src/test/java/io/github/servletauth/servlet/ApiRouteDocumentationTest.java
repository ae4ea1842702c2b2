package io.github.servletauth.servlet;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every row of the routing table, with each of its methods, has its row in the README's HTTP contract table. */
class ApiRouteDocumentationTest {

    @Test
    void everyRouteAndMethodWhenListedThenTheContractTableHasItsRow() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## The HTTP contract"));
        for (ApiRoute route : ApiRoute.values()) {
            for (String method : route.methods().split(",")) {
                assertThat(table).as(route.name()).contains("| `" + method.trim() + " " + route.path.substring(1));
            }
        }
    }
}
