package io.sessionkeeper.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionkeeper.domain.model.NasId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link NasOrder}: the order of the ids' text, compared on their bits, and the order PostgreSQL sorts {@code uuid} in.
 * Ids with the high bit of either half set are where a signed comparison ({@link UUID#compareTo}) would differ.
 */
class NasOrderTest {
    private static List<NasId> ids(int n) {
        Random random = new Random(13);
        List<NasId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // every combination of the halves' high bits, and ids equal in their first half
            long most = random.nextLong();
            ids.add(new NasId(new UUID(most, random.nextLong())));
            ids.add(new NasId(new UUID(most, random.nextLong())));
        }
        ids.add(new NasId(new UUID(Long.MIN_VALUE, 0)));
        ids.add(new NasId(new UUID(Long.MAX_VALUE, -1)));
        ids.add(new NasId(new UUID(0, Long.MIN_VALUE)));
        ids.add(new NasId(new UUID(0, Long.MAX_VALUE)));
        return ids;
    }

    @Test
    void ordersAsTheTextDoes() {
        List<NasId> ids = ids(2_000);
        for (int i = 0; i + 1 < ids.size(); i++) {
            for (NasId other : List.of(ids.get(i + 1), ids.get((i * 7919) % ids.size()), ids.get(i))) {
                assertThat(Integer.signum(NasOrder.TEXT.compare(ids.get(i), other)))
                        .as("%s against %s", ids.get(i), other)
                        .isEqualTo(Integer.signum(ids.get(i).toString().compareTo(other.toString())));
            }
        }
    }

    @Test
    void ordersAsPostgreSqlSortsUuids() {
        List<NasId> ids = ids(100);
        String values = ids.stream().map(id -> "('" + id + "'::uuid)").collect(Collectors.joining(", "));

        List<String> sortedByPostgres =
                TestDatabase.get().column("SELECT id::text FROM (VALUES " + values + ") AS v(id) ORDER BY id");

        assertThat(sortedByPostgres)
                .containsExactlyElementsOf(
                        ids.stream().sorted(NasOrder.TEXT).map(NasId::toString).toList());
    }
}
