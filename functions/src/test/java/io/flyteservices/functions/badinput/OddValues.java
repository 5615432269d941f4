package io.flyteservices.functions.badinput;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;

import java.util.ArrayList;
import java.util.List;

/** The values a client could put in a field of each protobuf type that a server must survive. */
final class OddValues {

    static final int HUGE = 100_000;

    private static final List<Object> STRINGS = List.of(
            "",
            "x".repeat(HUGE),
            "ünïcödé ☃ 名前",
            "\uD83D\uDE80\uD83D\uDE00",
            "lone \uD800 surrogate",
            "nul\u0000inside",
            "UpperCase",
            "with space",
            "a0",
            "-leading-dash",
            "trailing-dash-",
            "n".repeat(31),
            "d".repeat(64),
            "../../etc/passwd",
            "file:///etc/passwd",
            "s3://bucket/key",
            "'; DROP TABLE runs; --",
            "%00%ff",
            "valid-name",
            " ");
    private static final List<Object> BYTES = List.of(ByteString.EMPTY, ByteString.copyFrom(new byte[HUGE]),
            ByteString.copyFrom(new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1}));
    private static final List<Object> INTS = List.of(-1, 0, 1, 201, Integer.MAX_VALUE, Integer.MIN_VALUE);
    private static final List<Object> LONGS = List.of(-1L, 0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE);
    private static final List<Object> FLOATS = List.of(Float.NaN, Float.NEGATIVE_INFINITY, -1f, 0f, Float.MAX_VALUE);
    private static final List<Object> DOUBLES = List.of(Double.NaN, Double.POSITIVE_INFINITY, -1d, 0d,
            Double.MAX_VALUE);
    private static final List<Object> BOOLS = List.of(true, false);

    private OddValues() {
    }

    /** Candidate values for one element of {@code field}; never empty. */
    static List<Object> forField(FieldDescriptor field, Message.Builder owner) {
        return switch (field.getJavaType()) {
            case STRING -> STRINGS;
            case BYTE_STRING -> BYTES;
            case INT -> INTS;
            case LONG -> LONGS;
            case FLOAT -> FLOATS;
            case DOUBLE -> DOUBLES;
            case BOOLEAN -> BOOLS;
            case ENUM -> enumValues(field.getEnumType());
            case MESSAGE -> messages(field, owner);
        };
    }

    /** Small values only: a repeated field gets many copies of one, and must stay far below the size limits. */
    static Object small(FieldDescriptor field, Message.Builder owner, int variant) {
        List<Object> values = forField(field, owner).stream().filter(v -> !isHuge(v)).toList();
        return values.get(variant % values.size());
    }

    /** Fields no proto declares: a server must ignore them. */
    static UnknownFieldSet unknownFields(int variant) {
        UnknownFieldSet.Field.Builder value = UnknownFieldSet.Field.newBuilder();
        switch (variant % 3) {
            case 0 -> value.addVarint(-1L);
            case 1 -> value.addLengthDelimited(ByteString.copyFromUtf8("unknown \u0000 bytes"));
            default -> value.addFixed64(0x7fffffffffffffffL);
        }
        int number = variant % 2 == 0 ? 9_999 : 536_870_911;
        return UnknownFieldSet.newBuilder().addField(number, value.build()).build();
    }

    private static boolean isHuge(Object value) {
        return (value instanceof String s && s.length() >= HUGE) || (value instanceof ByteString b && b.size() >= HUGE);
    }

    /** Every declared value, and numbers no version of the enum declares. */
    private static List<Object> enumValues(EnumDescriptor type) {
        List<Object> values = new ArrayList<>(type.getValues());
        values.add(type.findValueByNumberCreatingIfUnknown(99));
        values.add(type.findValueByNumberCreatingIfUnknown(-1));
        values.add(type.findValueByNumberCreatingIfUnknown(Integer.MAX_VALUE));
        return values;
    }

    /** An empty message, one carrying only unknown fields, and for a map an entry with an odd key. */
    private static List<Object> messages(FieldDescriptor field, Message.Builder owner) {
        Message empty = owner.newBuilderForField(field).build();
        List<Object> values = new ArrayList<>();
        values.add(empty);
        values.add(empty.toBuilder().setUnknownFields(unknownFields(1)).build());
        if (field.isMapField()) {
            for (int i = 0; i < 3; i++) {
                Message.Builder entry = owner.newBuilderForField(field);
                FieldDescriptor key = entry.getDescriptorForType().findFieldByNumber(1);
                entry.setField(key, small(key, entry, i * 7 + 1));
                values.add(entry.build());
            }
        }
        return values;
    }
}
