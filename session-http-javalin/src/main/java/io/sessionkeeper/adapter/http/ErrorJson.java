package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/** The one error shape: {@code {"error":{"code":"…","message":"…"}}}, with the field or correlation id when known. */
final class ErrorJson {
    private ErrorJson() {}

    /** A code for statuses without a more specific one: the reason phrase in snake case (bad_request). */
    static String codeFor(int status) {
        return HttpStatus.getMessage(status)
                .toLowerCase(Locale.ROOT)
                .replace(' ', '_')
                .replace("-", "");
    }

    record Body(Detail error) {
        static Body of(String code, String message) {
            return new Body(new Detail(code, message, null, null));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Detail(String code, String message, String field, String correlationId) {}
}
