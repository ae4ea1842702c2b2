package io.github.servletauth.core.internal.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The warning about existing twins; the backfill itself runs on both databases in SchemaMigrationContract. */
class SkeletonBackfillTest {

    @Test
    void warningWhenTwinsThenOneLineOfUserIds() {
        String warning = SkeletonBackfill.warning(List.of(new SkeletonBackfill.Twin(4, 1),
                new SkeletonBackfill.Twin(5, 2)));

        assertThat(warning).contains("(2)").contains("4 (like 1), 5 (like 2)")
                .doesNotContain("\n").doesNotContain("more");
    }

    @Test
    void warningWhenManyTwinsThenListCappedAndRestCounted() {
        List<SkeletonBackfill.Twin> twins = new ArrayList<>();
        for (int i = 0; i < SkeletonBackfill.MAX_LOGGED + 25; i++) {
            twins.add(new SkeletonBackfill.Twin(1000 + i, i));
        }

        String warning = SkeletonBackfill.warning(twins);

        assertThat(warning).contains("1049 (like 49)").doesNotContain("1050 (like 50)").endsWith(" and 25 more");
    }
}
