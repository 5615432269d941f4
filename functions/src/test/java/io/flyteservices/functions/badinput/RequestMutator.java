package io.flyteservices.functions.badinput;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link Mutation}s to a request by walking its descriptors: every field of every message present in the
 * request is a site, whatever its type, so new fields are mutated without being listed. A site's variants are
 * clearing it (a missing oneof, a cleared nested message), setting one of the {@link OddValues} of its type
 * (setting a member of another oneof case switches the oneof), for repeated fields many elements, and for every
 * message present fields no proto declares.
 */
final class RequestMutator {

    static final int MANY = 1_000;
    private static final int MAX_DEPTH = 12;
    private static final int ELEMENTS_WALKED = 2;

    /** A step from a message to a nested one: a singular field (index -1) or an element of a repeated one. */
    private record Step(FieldDescriptor field, int index) {
    }

    /** A field reached through {@code path}; a null field stands for the message itself (its unknown fields). */
    private record Site(List<Step> path, FieldDescriptor field) {
    }

    private RequestMutator() {
    }

    /** The request with each mutation applied in turn; sites are found again after each one. */
    @SuppressWarnings("unchecked")
    static <M extends Message> M apply(M request, List<Mutation> mutations) {
        Message.Builder builder = request.toBuilder();
        for (Mutation m : mutations) {
            List<Site> sites = new ArrayList<>();
            collect(builder, List.of(), sites, 0);
            Site site = sites.get(Math.floorMod(m.site(), sites.size()));
            mutate(messageAt(builder, site.path()), site.field(), m.variant());
        }
        return (M) builder.build();
    }

    private static void collect(MessageOrBuilder message, List<Step> path, List<Site> sites, int depth) {
        sites.add(new Site(path, null));
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            sites.add(new Site(path, field));
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField() || depth >= MAX_DEPTH) {
                continue;
            }
            if (field.isRepeated()) {
                int walked = Math.min(message.getRepeatedFieldCount(field), ELEMENTS_WALKED);
                for (int i = 0; i < walked; i++) {
                    collect((MessageOrBuilder) message.getRepeatedField(field, i), with(path, new Step(field, i)),
                            sites, depth + 1);
                }
            } else if (message.hasField(field)) {
                collect((MessageOrBuilder) message.getField(field), with(path, new Step(field, -1)), sites, depth + 1);
            }
        }
    }

    private static Message.Builder messageAt(Message.Builder root, List<Step> path) {
        Message.Builder builder = root;
        for (Step step : path) {
            builder = step.index() < 0 ? builder.getFieldBuilder(step.field())
                    : builder.getRepeatedFieldBuilder(step.field(), step.index());
        }
        return builder;
    }

    private static void mutate(Message.Builder message, FieldDescriptor field, int variant) {
        if (field == null) {
            message.mergeUnknownFields(OddValues.unknownFields(variant));
            return;
        }
        List<Object> values = OddValues.forField(field, message);
        int choice = Math.floorMod(variant, values.size() + (field.isRepeated() ? 2 : 1));
        if (choice == 0) {
            message.clearField(field);
        } else if (choice <= values.size()) {
            Object value = values.get(choice - 1);
            if (field.isRepeated()) {
                message.clearField(field).addRepeatedField(field, value);
            } else {
                message.setField(field, value);
            }
        } else {
            for (int i = 0; i < MANY; i++) {
                message.addRepeatedField(field, OddValues.small(field, message, variant + i));
            }
        }
    }

    private static List<Step> with(List<Step> path, Step step) {
        List<Step> longer = new ArrayList<>(path);
        longer.add(step);
        return List.copyOf(longer);
    }
}
