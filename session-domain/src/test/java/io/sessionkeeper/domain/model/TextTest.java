package io.sessionkeeper.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\u0000b",
                "\u0001",
                "tab\there",
                "line\nbreak",
                "cr\r",
                "\u001f",
                "del\u007f",
                "c1\u0085",
                "\u009f"
            })
    void controlCharactersAreRefusedNamingTheField(String value) {
        assertThat(Text.isClean(value)).isFalse();
        assertThatThrownBy(() -> Text.required("name", value, 100))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("name: must not contain control characters")
                .extracting(e -> ((InvalidValueException) e).field())
                .isEqualTo("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00", "\ud800x", "x\ud83d"})
    void unpairedSurrogatesAreRefused(String value) {
        assertThatThrownBy(() -> Text.optional("identifier", value, 100))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("identifier: is not valid Unicode");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Main Router", "Zürich Nord", "ルーター", "🚀 edge", "a b-c_d.e/f:g@h", "\u00a0nbsp"})
    void printableTextOfAnyScriptIsClean(String value) {
        assertThat(Text.isClean(value)).isTrue();
        assertThat(Text.required("name", value, 100)).isEqualTo(value);
    }

    @Test
    void lengthIsCountedInUtf16CodeUnitsUpToTheMaximum() {
        assertThat(Text.required("name", "x".repeat(128), 128)).hasSize(128);
        assertThatThrownBy(() -> Text.required("name", "x".repeat(129), 128))
                .hasMessage("name: must be at most 128 characters");
        assertThatThrownBy(() -> Text.required("name", "🚀".repeat(65), 128)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void requiredRefusesNullAndBlankWhileOptionalLetsNullPass() {
        assertThatThrownBy(() -> Text.required("name", null, 10)).hasMessage("name: is required");
        assertThatThrownBy(() -> Text.required("name", "  ", 10)).hasMessage("name: must not be blank");
        assertThat(Text.optional("phone", null, 10)).isNull();
        assertThatThrownBy(() -> Text.optional("phone", "\u0000", 10)).isInstanceOf(InvalidValueException.class);
    }
}
