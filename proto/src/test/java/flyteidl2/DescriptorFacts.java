package flyteidl2;

import static java.util.stream.Collectors.joining;

import build.buf.validate.ValidateProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Compiled descriptors seen the way the facts tables show them: walks from files to messages and enums, and renders
 * types, labels, rules, reserved ranges and options as the table cells spell them.
 */
final class DescriptorFacts {

    static final Predicate<FileDescriptor> OURS = file -> file.getName().startsWith("flyteidl2/");
    private static final TextFormat.Printer ONE_LINE = TextFormat.printer().emittingSingleLine(true);
    private static final String DEPRECATED = "DEPRECATED (field option)";

    private DescriptorFacts() {
    }

    static String typeOf(FieldDescriptor field) {
        if (field.isMapField()) {
            var entry = field.getMessageType();
            return "map<%s, %s>".formatted(typeOf(entry.findFieldByNumber(1)), typeOf(entry.findFieldByNumber(2)));
        }
        return switch (field.getJavaType()) {
            case MESSAGE -> field.getMessageType().getFullName();
            case ENUM -> field.getEnumType().getFullName() + " (enum)";
            default -> field.getType().name().toLowerCase(Locale.ROOT);
        };
    }

    static String labelOf(FieldDescriptor field) {
        if (field.isMapField()) {
            return "map";
        }
        if (field.isRepeated()) {
            return "repeated";
        }
        if (field.toProto().getProto3Optional()) {
            return "optional";
        }
        var oneof = field.getRealContainingOneof();
        return oneof == null ? "" : "oneof " + oneof.getName();
    }

    /** The rule column: the buf.validate field rules, then the deprecated option. */
    static String ruleOf(FieldDescriptor field) {
        var parts = new ArrayList<String>();
        var options = field.getOptions();
        if (options.hasExtension(ValidateProto.field)) {
            parts.add(renderRules(options.getExtension(ValidateProto.field)));
        }
        if (options.getDeprecated()) {
            parts.add(DEPRECATED);
        }
        return String.join("; ", parts);
    }

    /** {@code required}, {@code string min_len 1, max_len 63, pattern "..."}, {@code uint32 gt 0}. */
    private static String renderRules(Message rules) {
        return rules.getAllFields().entrySet().stream()
                .map(rule -> renderRule(rule.getKey(), rule.getValue()))
                .collect(joining(", "));
    }

    private static String renderRule(FieldDescriptor rule, Object value) {
        if (rule.getJavaType() == JavaType.MESSAGE && !rule.isRepeated()) {
            return rule.getName() + " " + renderRules((Message) value);
        }
        if (Boolean.TRUE.equals(value)) {
            return rule.getName();
        }
        return rule.getName() + " " + (value instanceof String text ? '"' + text + '"' : String.valueOf(value));
    }

    static String reservedOf(Descriptor message) {
        var proto = message.toProto();
        var parts = new ArrayList<String>();
        for (var range : proto.getReservedRangeList()) {
            int last = range.getEnd() - 1;
            parts.add(range.getStart() == last ? String.valueOf(last) : range.getStart() + ".." + last);
        }
        proto.getReservedNameList().forEach(reservedName -> parts.add('"' + reservedName + '"'));
        return String.join(", ", parts);
    }

    static String noteOf(EnumValueDescriptor value) {
        var others = oneLine(value.getOptions().toBuilder().clearDeprecated());
        var note = value.getOptions().getDeprecated() ? "deprecated" : "";
        return others.isEmpty() ? note : (note + " " + others).strip();
    }

    static String streamingKind(MethodDescriptor method) {
        if (method.isClientStreaming()) {
            return method.isServerStreaming() ? "bidi-streaming" : "client-streaming";
        }
        return method.isServerStreaming() ? "server-streaming" : "unary";
    }

    static String outerClassName(String path) {
        var baseName = path.substring(path.lastIndexOf('/') + 1, path.length() - ".proto".length());
        return Arrays.stream(baseName.split("_"))
                .map(word -> Character.toUpperCase(word.charAt(0)) + word.substring(1))
                .collect(joining("", "", "Proto"));
    }

    static String oneLine(MessageOrBuilder message) {
        return ONE_LINE.printToString(message).strip();
    }

    static Map<String, FileDescriptor> filesReachableFrom(
            List<FileDescriptor> roots, Predicate<FileDescriptor> include) {
        var files = new LinkedHashMap<String, FileDescriptor>();
        var queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            var file = queue.poll();
            if (include.test(file) && files.putIfAbsent(file.getName(), file) == null) {
                queue.addAll(file.getDependencies());
            }
        }
        return files;
    }

    /** Every message of a file, nested ones right after their parent, map entries included. */
    static List<Descriptor> allMessages(FileDescriptor file) {
        var messages = new ArrayList<Descriptor>();
        file.getMessageTypes().forEach(message -> collect(message, messages));
        return messages;
    }

    private static void collect(Descriptor message, List<Descriptor> into) {
        into.add(message);
        message.getNestedTypes().forEach(nested -> collect(nested, into));
    }

    /** The messages the facts list for a file: by name relative to the package, map entries left out. */
    static Map<String, Descriptor> messagesOf(FileDescriptor file) {
        var messages = new LinkedHashMap<String, Descriptor>();
        allMessages(file).stream()
                .filter(message -> !message.getOptions().getMapEntry())
                .forEach(message -> messages.put(relativeName(file, message.getFullName()), message));
        return messages;
    }

    /** Top-level enums first, then nested ones in message order, by name relative to the package. */
    static Map<String, EnumDescriptor> enumsOf(FileDescriptor file) {
        var enums = new LinkedHashMap<String, EnumDescriptor>();
        Stream.concat(file.getEnumTypes().stream(),
                        allMessages(file).stream().flatMap(message -> message.getEnumTypes().stream()))
                .forEach(enumType -> enums.put(relativeName(file, enumType.getFullName()), enumType));
        return enums;
    }

    private static String relativeName(FileDescriptor file, String fullName) {
        return fullName.substring(file.getPackage().length() + 1);
    }

    static FileDescriptor typeFile(FieldDescriptor field) {
        return field.getJavaType() == JavaType.MESSAGE ? field.getMessageType().getFile()
                : field.getEnumType().getFile();
    }

    record Reachable(Set<Descriptor> messages, Set<EnumDescriptor> enums) {
    }

    /** Messages and enums reachable through field types, map entries passed through but not counted. */
    static Reachable reachableFrom(Collection<Descriptor> roots) {
        var messages = new LinkedHashSet<Descriptor>();
        var enums = new LinkedHashSet<EnumDescriptor>();
        var seen = new LinkedHashSet<Descriptor>();
        var queue = new ArrayDeque<>(roots);
        while (!queue.isEmpty()) {
            var message = queue.poll();
            if (!seen.add(message)) {
                continue;
            }
            if (!message.getOptions().getMapEntry() && OURS.test(message.getFile())) {
                messages.add(message);
            }
            for (var field : message.getFields()) {
                switch (field.getJavaType()) {
                    case MESSAGE -> queue.add(field.getMessageType());
                    case ENUM -> {
                        if (OURS.test(field.getEnumType().getFile())) {
                            enums.add(field.getEnumType());
                        }
                    }
                    default -> { }
                }
            }
        }
        return new Reachable(messages, enums);
    }

    static FileDescriptorProto withoutJsonNames(FileDescriptorProto file) {
        var builder = file.toBuilder();
        builder.getMessageTypeBuilderList().forEach(DescriptorFacts::clearJsonNames);
        return builder.build();
    }

    private static void clearJsonNames(DescriptorProto.Builder message) {
        message.getFieldBuilderList().forEach(FieldDescriptorProto.Builder::clearJsonName);
        message.getNestedTypeBuilderList().forEach(DescriptorFacts::clearJsonNames);
    }
}
