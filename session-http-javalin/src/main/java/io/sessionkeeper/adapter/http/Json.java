package io.sessionkeeper.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import io.javalin.json.JsonMapper;
import io.sessionkeeper.domain.model.InvalidValueException;
import io.sessionkeeper.domain.model.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * JSON for the API: one strict {@link ObjectMapper} (unknown fields, wrong types, numbers for strings, floats for
 * integers, trailing tokens, duplicate keys and strings that break {@link Text}'s rule are all client errors) and
 * the bridge that lets Javalin use it.
 */
final class Json implements JsonMapper {
    static final String MEDIA_TYPE = "application/json";

    private final ObjectMapper mapper;

    Json() {
        this.mapper = strictMapper();
    }

    static ObjectMapper strictMapper() {
        ObjectMapper mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(new SimpleModule("clean-strings").addDeserializer(String.class, new CleanString()))
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * Reads the request body: it must be declared {@code application/json} (a {@code charset} parameter may say
     * UTF-8, nothing else), or the answer is 415, so that a form or text body is never taken for JSON. Any problem in
     * the JSON is a {@link JsonProcessingException}, mapped centrally to a 400.
     */
    <T> T read(Context ctx, Class<T> type) throws IOException {
        requireJson(ctx.header("Content-Type"));
        T value = mapper.readValue(ctx.bodyAsBytes(), type);
        if (value == null) {
            throw new InvalidValueException("body", "must be a JSON object, not null");
        }
        return value;
    }

    static void requireJson(String contentType) {
        if (!isJson(contentType)) {
            throw new UnsupportedMediaTypeResponse("the body must be JSON sent as Content-Type: application/json");
        }
    }

    /** {@code application/json}, in any case, with no parameter other than {@code charset=utf-8}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
            if (parameter.isEmpty()) {
                continue;
            }
            if (!parameter.equals("charset=utf-8") && !parameter.equals("charset=\"utf-8\"")) {
                return false;
            }
        }
        return true;
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getName(), e);
        }
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        return write(obj);
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        try {
            return mapper.readValue(json, mapper.constructType(targetType));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every string of a request, wherever it is (a field, a nested field, an element of a list), must follow
     * {@link Text}'s rule; a break is a {@link TextRuleBroken} with the JSON path of the string.
     */
    private static final class CleanString extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        CleanString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = value == null ? null : Text.problem(value);
            if (problem != null) {
                throw new TextRuleBroken(p, problem);
            }
            return value;
        }
    }

    /** A JSON string that breaks {@link Text}'s rule; its message says how, Jackson adds the path. */
    static final class TextRuleBroken extends InvalidFormatException {
        private static final long serialVersionUID = 1L;

        TextRuleBroken(JsonParser p, String problem) {
            super(p, problem, null, String.class);
        }

        /** How the string breaks the rule ("must not contain control characters"), without the path or location. */
        String problem() {
            return getOriginalMessage();
        }
    }

    /** The JSON path a reading failure is about ({@code package.downloadSpeed}, {@code permissions[1]}), or "body". */
    static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            return path.length() == 0 ? "body" : path.toString();
        }
        if (e instanceof StreamReadException read && read.getProcessor() != null) {
            return pathOf(read.getProcessor().getParsingContext());
        }
        return "body";
    }

    private static String pathOf(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        String path = String.join("", parts);
        if (path.startsWith(".")) {
            path = path.substring(1);
        }
        return path.isEmpty() ? "body" : path;
    }
}
