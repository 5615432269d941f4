package io.flyteservices.executor.backend.kubernetes;

import com.google.gson.Gson;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kubernetes.client.openapi.JSON;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads API objects without the generated models' validation. <b>(ours)</b> client-java 22 rejects any field its
 * models do not know and any object missing a field the schema calls required, so a newer API server (a field added
 * to pod status) or a partial object would stop the backend from seeing its pods at all; reading plainly keeps
 * what it knows and ignores the rest.
 */
final class LenientJson {

    /** Reads the official client's models by their field names, ignoring fields they lack. */
    static final Gson GSON = JSON.createGson()
            .registerTypeAdapter(OffsetDateTime.class, new TimestampAdapter())
            .create();

    private LenientJson() {
    }

    /** RFC 3339 timestamps; one without an offset is taken as UTC, and one that cannot be read as absent. */
    private static final class TimestampAdapter extends TypeAdapter<OffsetDateTime> {

        @Override
        public void write(JsonWriter out, OffsetDateTime value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(value));
            }
        }

        @Override
        public OffsetDateTime read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            var text = in.nextString();
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }
    }
}
