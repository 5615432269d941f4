package io.flyteservices.model;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Value;
import io.flyteservices.error.Errors;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A keyset position in a sorted listing: the sort values and id of the last row returned. Opaque to clients
 * (base64url of a protobuf ListValue); bound to the sort order it was made for, so a token cannot be replayed
 * against a different order.
 */
public record PageToken(String sortSignature, List<String> sortValues, long lastId) {

    private static final String VERSION = "1";

    public PageToken {
        sortValues = List.copyOf(sortValues);
    }

    public String encode() {
        ListValue.Builder list = ListValue.newBuilder()
                .addValues(string(VERSION))
                .addValues(string(sortSignature));
        sortValues.forEach(v -> list.addValues(string(v)));
        list.addValues(string(Long.toString(lastId)));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(list.build().toByteArray());
    }

    /** Decodes a token made for {@code expectedSignature}; InvalidArgument for anything else. */
    public static PageToken decode(String token, String expectedSignature) {
        try {
            ListValue list = ListValue.parseFrom(Base64.getUrlDecoder().decode(token));
            List<String> parts = new ArrayList<>();
            for (Value v : list.getValuesList()) {
                if (v.getKindCase() != Value.KindCase.STRING_VALUE) {
                    throw invalid();
                }
                parts.add(v.getStringValue());
            }
            if (parts.size() < 3 || !parts.getFirst().equals(VERSION)) {
                throw invalid();
            }
            if (!parts.get(1).equals(expectedSignature)) {
                throw Errors.invalidField("request.token", "the page token was made for another sort order");
            }
            long id = Long.parseLong(parts.getLast());
            return new PageToken(parts.get(1), parts.subList(2, parts.size() - 1), id);
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
            throw invalid();
        }
    }

    private static RuntimeException invalid() {
        return Errors.invalidField("request.token", "not a page token issued by this service");
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }
}
