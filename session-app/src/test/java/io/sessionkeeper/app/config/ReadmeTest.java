package io.sessionkeeper.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's configuration table stays true: every setting is there, with its default. */
class ReadmeTest {
    @Test
    void everySettingIsDocumentedWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (Setting setting : Setting.values()) {
            String expected = "| `" + setting.key() + "` | "
                    + (setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`") + " |";
            assertThat(readme).as(setting.key()).contains(expected);
        }
    }
}
