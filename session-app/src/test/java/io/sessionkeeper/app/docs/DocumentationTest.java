package io.sessionkeeper.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * README.md and docs/*.md name only what exists: settings, HTTP routes, commands of the jar and their options,
 * metric names and drop reasons, Java types. The ADRs (docs/adr) are records of their time and are not checked.
 * The second test shows that the check bites, on a page of wrong names.
 */
class DocumentationTest {
    private static final Path ROOT = Path.of("..");
    private static DocumentationCheck check;

    @BeforeAll
    static void readTheCode() {
        check = DocumentationCheck.ofTheCode(ROOT);
    }

    @Test
    void everyNameInTheDocsExistsInTheCode() throws Exception {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertThat(pages).hasSizeGreaterThan(5);
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            problems.addAll(check.problems(ROOT.relativize(page).toString(), Files.readString(page)));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aWrongNameOfEachKindIsFound() {
        String page = """
                Set `SESSION_HTTP_PROT=8081`, keep `SESSION_HTTP_PORT` and `SESSION_TEST_DB_URL`.
                `GET /api/sesions` and `DELETE /api/me` do not exist; `GET /api/sessions/{id}`, `/api/nas/$ID` and
                `POST /api/sessions/sync` do.
                Run `java -jar session-app.jar migrat`, `java -jar session-app.jar rotate-key --batch-sise 10`,
                `java -jar session-app.jar --config x.conf migrate` and `java -jar session-app.jar rotate-key --batch-size 5`.
                Watch `sessionkeeper_radius_packets_recieved_total`, `sessionkeeper_radius_packets_received_total`,
                `sessionkeeper_radius_commit_seconds_count` and `{reason="unknown-client"}` next to
                `{reason="unknown_client"}`.
                The migrations run in `database.MigrateCommand`, or in `cli.MigrateCommand`; `AccountingListener`,
                `RawPaket` and `java.time.Clock` are types, `SessionWrites.saveAll` a method.

                ```
                In a fenced block `NoSuchTypeHere` is not read as a type, but SESSION_NOPE is a setting.
                ```
                """;

        assertThat(check.problems("fixture.md", page))
                .containsExactly(
                        "fixture.md:1: no setting SESSION_HTTP_PROT",
                        "fixture.md:2: no route GET /api/sesions",
                        "fixture.md:2: no route DELETE /api/me",
                        "fixture.md:4: no command migrat",
                        "fixture.md:4: no option --batch-sise of rotate-key",
                        "fixture.md:6: no metric sessionkeeper_radius_packets_recieved_total",
                        "fixture.md:7: no drop reason unknown-client",
                        "fixture.md:9: no type database.MigrateCommand",
                        "fixture.md:10: no type RawPaket",
                        "fixture.md:13: no setting SESSION_NOPE");
    }
}
