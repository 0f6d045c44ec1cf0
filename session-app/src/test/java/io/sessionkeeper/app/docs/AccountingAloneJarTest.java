package io.sessionkeeper.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/accounting-alone-jar.sh} builds the service without its usage samples by taking two lines out of {@code
 * AccountingService} (issue 12's "accounting write alone", docs/benchmarks.md). The script stops when a line is not
 * found exactly once; this test says so in CI already, when the lines change, instead of at the next benchmark.
 */
class AccountingAloneJarTest {
    private static final Path ROOT = Path.of("..");
    private static final Path SCRIPT = ROOT.resolve("bench/accounting-alone-jar.sh");
    private static final Path SERVICE =
            ROOT.resolve("session-domain/src/main/java/io/sessionkeeper/domain/service/AccountingService.java");

    @Test
    void eachLineTheScriptTakesOutIsInTheAccountingServiceOnce() throws IOException {
        List<String> lines = linesTakenOut(Files.readString(SCRIPT));
        String service = Files.readString(SERVICE);

        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(occurrences(service, line)).as(line).isEqualTo(1);
        }
    }

    @Test
    void aLineThatIsNotThereIsFoundZeroTimes() {
        // the check above can fail: a line the service no longer has counts 0
        assertThat(occurrences("writes.saveAll(saved);\n", "writes.appendSamples(samples);"))
                .isZero();
    }

    /** The single-quoted strings of the script's {@code for line in … ; do} list. */
    private static List<String> linesTakenOut(String script) {
        int start = script.indexOf("for line in ");
        int end = script.indexOf("; do", start);
        assertThat(start).as("the script's loop over the lines").isNotNegative();
        Matcher quoted = Pattern.compile("'([^']+)'").matcher(script.substring(start, end));
        List<String> lines = new ArrayList<>();
        while (quoted.find()) {
            lines.add(quoted.group(1));
        }
        return lines;
    }

    private static int occurrences(String text, String line) {
        int count = 0;
        for (int at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
            count++;
        }
        return count;
    }
}
