package io.flyteservices.validation;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import java.util.List;
import java.util.Map;

/**
 * Finds string fields PostgreSQL cannot store: text columns reject the NUL character, so a request carrying one
 * anywhere is refused up front (INVALID_ARGUMENT naming the field) instead of failing in the database.
 */
final class TextFields {

    private TextFields() {
    }

    /** The path of the first string field containing NUL, or null if there is none. */
    static String firstWithNul(Message message) {
        return walk(message, "");
    }

    private static String walk(Message message, String prefix) {
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            String path = prefix.isEmpty() ? field.getName() : prefix + "." + field.getName();
            if (field.isRepeated()) {
                List<?> values = (List<?>) e.getValue();
                for (int i = 0; i < values.size(); i++) {
                    String found = check(field, values.get(i), path + "[" + i + "]");
                    if (found != null) {
                        return found;
                    }
                }
            } else {
                String found = check(field, e.getValue(), path);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String check(FieldDescriptor field, Object value, String path) {
        return switch (field.getJavaType()) {
            case STRING -> ((String) value).indexOf('\0') >= 0 ? path : null;
            case MESSAGE -> walk((Message) value, path);
            default -> null;
        };
    }
}
