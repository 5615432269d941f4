package flyteidl2;

import static flyteidl2.DescriptorFacts.allMessages;
import static flyteidl2.DescriptorFacts.enumsOf;
import static flyteidl2.DescriptorFacts.filesReachableFrom;
import static flyteidl2.DescriptorFacts.labelOf;
import static flyteidl2.DescriptorFacts.messagesOf;
import static flyteidl2.DescriptorFacts.noteOf;
import static flyteidl2.DescriptorFacts.oneLine;
import static flyteidl2.DescriptorFacts.outerClassName;
import static flyteidl2.DescriptorFacts.reachableFrom;
import static flyteidl2.DescriptorFacts.reservedOf;
import static flyteidl2.DescriptorFacts.ruleOf;
import static flyteidl2.DescriptorFacts.streamingKind;
import static flyteidl2.DescriptorFacts.typeFile;
import static flyteidl2.DescriptorFacts.typeOf;
import static flyteidl2.DescriptorFacts.withoutJsonNames;
import static java.util.stream.Collectors.toCollection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import build.buf.validate.ValidateProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.ExtensionRegistry;
import flyteidl2.FactsTables.ExternalImportFacts;
import flyteidl2.FactsTables.FieldFacts;
import flyteidl2.FactsTables.FileFacts;
import flyteidl2.FactsTables.OneofFacts;
import flyteidl2.FactsTables.RpcFacts;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.QueueServiceProto;
import flyteidl2.workflow.RunServiceGrpc;
import flyteidl2.workflow.RunServiceProto;
import flyteidl2.workflow.StateServiceGrpc;
import flyteidl2.workflow.StateServiceProto;
import io.grpc.ServiceDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compares the descriptors compiled from our .proto files with the facts tables they were written from, and fails on
 * any difference, naming the element, the property, the expected and the actual value.
 *
 * <p>The facts file is found through the {@code facts.file} system property (set by surefire); without it the test
 * is skipped.
 */
class FactsDescriptorTest {

    private static final List<FileDescriptor> SERVICE_FILES = List.of(
            QueueServiceProto.getDescriptor(), RunServiceProto.getDescriptor(), StateServiceProto.getDescriptor());
    private static final List<ServiceDescriptor> GRPC_SERVICES = List.of(
            QueueServiceGrpc.getServiceDescriptor(), RunServiceGrpc.getServiceDescriptor(),
            StateServiceGrpc.getServiceDescriptor());
    private static final Predicate<FileDescriptor> OURS = DescriptorFacts.OURS;

    private static final String FACTS_LOCATION = System.getProperty("facts.file");

    private static FactsTables facts;
    private static Map<String, FileDescriptor> closure;

    private final List<String> differences = new ArrayList<>();

    @BeforeAll
    static void readFacts() throws IOException {
        closure = filesReachableFrom(SERVICE_FILES, OURS);
        var location = FACTS_LOCATION;
        if (location != null && Files.isRegularFile(Path.of(location))) {
            facts = FactsTables.parse(Path.of(location));
        }
    }

    /** Per test rather than per class, so that each test is reported as skipped, with the reason. */
    @BeforeEach
    void requireFacts() {
        assumeTrue(facts != null, () -> "facts file not found (facts.file=" + FACTS_LOCATION + "): skipped");
    }

    @Test
    void shouldDeclareTheFilesOfTheFacts() {
        expectSameElements("closure", "files", paths(facts.files()), closure.keySet());
        for (var file : facts.files()) {
            var descriptor = closure.get(file.path());
            if (descriptor != null) {
                compareFile(file, descriptor);
            }
        }
        assertNoDifferences();
    }

    @Test
    void shouldDeclareTheMessagesOfTheFacts() {
        for (var file : facts.files()) {
            var descriptor = closure.get(file.path());
            if (descriptor == null) {
                differences.add(file.path() + ": missing from the closure");
                continue;
            }
            var actual = messagesOf(descriptor);
            expectSameList(file.path(), "messages", file.messages().keySet(), actual.keySet());
            file.messages().forEach((name, fields) -> {
                if (actual.containsKey(name)) {
                    compareMessage(file, name, fields, actual.get(name));
                }
            });
        }
        assertNoDifferences();
    }

    @Test
    void shouldDeclareTheEnumsOfTheFacts() {
        for (var file : facts.files()) {
            var descriptor = closure.get(file.path());
            if (descriptor == null) {
                differences.add(file.path() + ": missing from the closure");
                continue;
            }
            var actual = enumsOf(descriptor);
            expectSameList(file.path(), "enums", file.enums().keySet(), actual.keySet());
            file.enums().forEach((name, values) -> {
                var enumType = actual.get(name);
                if (enumType == null) {
                    return;
                }
                var where = enumType.getFullName();
                expectSameList(where, "values", values.stream().map(FactsTables.EnumValueFacts::name).toList(),
                        enumType.getValues().stream().map(EnumValueDescriptor::getName).toList());
                expect(where, "enum options", "", oneLine(enumType.getOptions()));
                for (var value : values) {
                    var actualValue = enumType.findValueByName(value.name());
                    if (actualValue != null) {
                        var valueWhere = where + "." + value.name();
                        expect(valueWhere, "number", value.number(), actualValue.getNumber());
                        expect(valueWhere, "note", value.note(), noteOf(actualValue));
                    }
                }
            });
        }
        assertNoDifferences();
    }

    @Test
    void shouldDeclareTheServicesOfTheFacts() {
        var methods = new LinkedHashMap<String, MethodDescriptor>();
        closure.values().stream().flatMap(file -> file.getServices().stream()).forEach(service -> {
            expect(service.getFullName(), "service options", "", oneLine(service.getOptions()));
            service.getMethods().forEach(method -> methods.put(service.getFullName() + "/" + method.getName(), method));
        });
        var rpcs = new LinkedHashMap<String, RpcFacts>();
        facts.rpcs().forEach(rpc -> rpcs.put(rpc.service() + "/" + rpc.rpc(), rpc));
        expectSameList("services", "rpcs", rpcs.keySet(), methods.keySet());

        rpcs.forEach((key, rpc) -> {
            var method = methods.get(key);
            if (method == null) {
                return;
            }
            expect(key, "request", rpc.request(), method.getInputType().getFullName());
            expect(key, "response", rpc.response(), method.getOutputType().getFullName());
            expect(key, "streaming kind", rpc.kind(), streamingKind(method));
            expect(key, "path", rpc.path(), "/" + method.getService().getFullName() + "/" + method.getName());
            expect(key, "method options", rpc.options(), oneLine(method.getOptions()));
        });

        var stubs = GRPC_SERVICES.stream().flatMap(service -> service.getMethods().stream()).toList();
        expectSameElements("grpc-java stubs", "methods", rpcs.keySet(),
                stubs.stream().map(io.grpc.MethodDescriptor::getFullMethodName).toList());
        for (var stub : stubs) {
            var rpc = rpcs.get(stub.getFullMethodName());
            if (rpc != null) {
                expect(stub.getFullMethodName(), "grpc-java method type", rpc.kind(),
                        stub.getType().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        assertNoDifferences();
    }

    @Test
    void shouldHaveTheSizeOfTheFacts() {
        var messages = closure.values().stream()
                .flatMap(file -> allMessages(file).stream())
                .toList();
        var mapEntries = messages.stream().filter(message -> message.getOptions().getMapEntry()).count();
        var enums = closure.values().stream()
                .flatMap(file -> enumsOf(file).values().stream())
                .toList();
        var services = closure.values().stream().flatMap(file -> file.getServices().stream()).toList();
        var rpcTypes = services.stream().flatMap(service -> service.getMethods().stream())
                .flatMap(method -> Stream.of(method.getInputType(), method.getOutputType()))
                .toList();
        var reachable = reachableFrom(rpcTypes);

        var actual = new LinkedHashMap<String, String>();
        actual.put("flyteidl2 .proto files", String.valueOf(closure.size()));
        actual.put("messages (incl. nested, excl. synthetic map-entry messages)",
                String.valueOf(messages.size() - mapEntries));
        actual.put("enums (incl. nested)", String.valueOf(enums.size()));
        actual.put("synthetic map-entry messages (from map<> fields, not listed separately)",
                String.valueOf(mapEntries));
        actual.put("fields (incl. oneof members and map fields)", String.valueOf(messages.stream()
                .filter(message -> !message.getOptions().getMapEntry())
                .mapToInt(message -> message.getFields().size())
                .sum()));
        actual.put("enum values", String.valueOf(enums.stream().mapToInt(e -> e.getValues().size()).sum()));
        actual.put("services / RPCs", services.size() + " / " + services.stream()
                .mapToInt(service -> service.getMethods().size())
                .sum());
        actual.put("messages / enums actually reachable by field types from the 19 RPC request/response types",
                reachable.messages().size() + " / " + reachable.enums().size());

        expectSameElements("size table", "items", facts.sizes().keySet(), actual.keySet());
        actual.forEach((item, count) -> {
            if (facts.sizes().containsKey(item)) {
                expect("size of closure", item, facts.sizes().get(item), count);
            }
        });
        assertNoDifferences();
    }

    @Test
    void shouldUseTheExternalImportsOfTheFacts() {
        var importers = new TreeMap<String, Set<String>>();
        for (var file : closure.values()) {
            file.getDependencies().stream().filter(OURS.negate()).forEach(dependency ->
                    importers.computeIfAbsent(dependency.getName(), name -> new TreeSet<>()).add(file.getName()));
        }
        var uses = new TreeMap<String, Map<String, Integer>>();
        closure.values().stream().flatMap(file -> allMessages(file).stream())
                .flatMap(message -> message.getFields().stream())
                .filter(field -> field.getJavaType() == JavaType.MESSAGE || field.getJavaType() == JavaType.ENUM)
                .filter(field -> !OURS.test(typeFile(field)))
                .forEach(field -> uses.computeIfAbsent(typeFile(field).getName(), name -> new TreeMap<>())
                        .merge(typeOf(field), 1, Integer::sum));

        var expected = facts.externalImports().stream().map(ExternalImportFacts::path).toList();
        expectSameElements("closure", "external imports", expected, importers.keySet());
        for (var external : facts.externalImports()) {
            expectSameElements(external.path(), "importing files", external.pulledInBy(),
                    importers.getOrDefault(external.path(), Set.of()));
            expect(external.path(), "field types used (type=fields)", new TreeMap<>(external.fieldTypeUses()),
                    uses.getOrDefault(external.path(), Map.of()));
        }
        assertNoDifferences();
    }

    @Test
    void shouldPackageTheDescriptorSetAndTheSources() throws IOException {
        var registry = ExtensionRegistry.newInstance();
        ValidateProto.registerAllExtensions(registry);
        FileDescriptorSet set;
        try (var in = getClass().getResourceAsStream("/flyteidl2.binpb")) {
            assertThat(in).as("/flyteidl2.binpb on the classpath").isNotNull();
            set = FileDescriptorSet.parseFrom(in, registry);
        }
        var packaged = new LinkedHashMap<String, FileDescriptorProto>();
        set.getFileList().forEach(file -> packaged.put(file.getName(), file));

        var everything = filesReachableFrom(SERVICE_FILES, file -> true);
        expectSameElements("flyteidl2.binpb", "files", everything.keySet(), packaged.keySet());
        closure.forEach((name, file) -> {
            if (packaged.containsKey(name)) {
                expect(name, "descriptor in flyteidl2.binpb equal to the compiled one (json_name aside)", true,
                        withoutJsonNames(file.toProto()).equals(withoutJsonNames(packaged.get(name))));
            }
            expect(name, "source on the classpath", true, getClass().getResource("/" + name) != null);
        });
        assertNoDifferences();
    }

    private void compareFile(FileFacts file, FileDescriptor descriptor) {
        var where = file.path();
        var options = descriptor.getOptions();
        expect(where, "package", file.packageName(), descriptor.getPackage());
        expect(where, "syntax", file.syntax(), descriptor.toProto().getSyntax());
        expectSameElements(where, "imports", file.imports(), descriptor.getDependencies().stream()
                .map(FileDescriptor::getName)
                .toList());
        expect(where, "public imports", 0, descriptor.getPublicDependencies().size());
        expect(where, "weak imports", 0, descriptor.toProto().getWeakDependencyCount());
        expect(where, "extensions", 0, descriptor.getExtensions().size());
        expect(where, "go_package", file.goPackage(), options.getGoPackage());
        // Our additions: generated-code names only, never wire or JSON format.
        expect(where, "java_multiple_files", true, options.getJavaMultipleFiles());
        expect(where, "java_outer_classname", outerClassName(file.path()), options.getJavaOuterClassname());
        expect(where, "other file options", "", oneLine(options.toBuilder()
                .clearGoPackage()
                .clearJavaMultipleFiles()
                .clearJavaOuterClassname()));
        expect(where, "message count", file.messageCount(), messagesOf(descriptor).size());
        expect(where, "enum count", file.enumCount(), enumsOf(descriptor).size());
    }

    private void compareMessage(FileFacts file, String name, List<FieldFacts> fields, Descriptor message) {
        var where = message.getFullName();
        expectSameList(where, "fields", fields.stream().map(FieldFacts::name).toList(),
                message.getFields().stream().map(FieldDescriptor::getName).toList());
        for (var field : fields) {
            var actual = message.findFieldByName(field.name());
            if (actual != null) {
                compareField(where + "." + field.name(), field, actual);
            }
        }
        compareOneofs(file, name, fields, message);
        expect(where, "reserved", file.reserved().getOrDefault(name, ""), reservedOf(message));
        expect(where, "message options", "", oneLine(message.getOptions()));
    }

    private void compareField(String where, FieldFacts expected, FieldDescriptor actual) {
        expect(where, "number", expected.number(), actual.getNumber());
        expect(where, "type", expected.type(), typeOf(actual));
        expect(where, "label", expected.label(), labelOf(actual));
        expect(where, "rule", expected.rule(), ruleOf(actual));
        expect(where, "json_name override", false, actual.toProto().hasJsonName());
        expect(where, "other field options", "", oneLine(actual.getOptions().toBuilder()
                .clearDeprecated()
                .clearExtension(ValidateProto.field)));
    }

    private void compareOneofs(FileFacts file, String name, List<FieldFacts> fields, Descriptor message) {
        var where = message.getFullName();
        var listed = file.oneofs().stream().filter(oneof -> oneof.message().equals(name)).toList();
        var labelled = fields.stream().map(FieldFacts::label).filter(label -> label.startsWith("oneof "))
                .map(label -> label.substring("oneof ".length())).distinct().toList();
        var actual = message.getRealOneofs().stream().map(OneofDescriptor::getName).toList();
        expectSameList(where, "oneofs (field labels)", labelled, actual);
        expectSameElements(where, "oneofs (oneof list)", listed.stream().map(OneofFacts::name).toList(), actual);
        for (var oneof : listed) {
            var descriptor = message.getOneofs().stream()
                    .filter(candidate -> candidate.getName().equals(oneof.name()))
                    .findFirst();
            descriptor.ifPresent(it -> expect(where + "." + oneof.name(), "required", oneof.required(),
                    it.getOptions().getExtension(ValidateProto.oneof).getRequired()));
        }
        for (var oneof : message.getOneofs()) {
            if (!message.getRealOneofs().contains(oneof)) { // synthetic: wraps one proto3 optional field
                var member = oneof.getField(0);
                expect(where + "." + member.getName(), "synthetic oneof", "_" + member.getName(), oneof.getName());
            }
        }
    }

    private static Set<String> paths(List<FileFacts> files) {
        return files.stream().map(FileFacts::path).collect(toCollection(TreeSet::new));
    }

    // ---- collecting differences

    private void expect(String where, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add("%s: expected %s %s but was %s".formatted(where, what, show(expected), show(actual)));
        }
    }

    /** Same elements, order ignored; names what is missing and what is unexpected. */
    private void expectSameElements(String where, String what, Collection<String> expected,
            Collection<String> actual) {
        var missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        var unexpected = new TreeSet<>(actual);
        unexpected.removeAll(expected);
        if (!missing.isEmpty()) {
            differences.add("%s: %s missing: %s".formatted(where, what, missing));
        }
        if (!unexpected.isEmpty()) {
            differences.add("%s: %s not in the facts: %s".formatted(where, what, unexpected));
        }
        expect(where, what + " count", expected.size(), actual.size());
    }

    /** Same elements in the same order. */
    private void expectSameList(String where, String what, Collection<String> expected, Collection<String> actual) {
        int before = differences.size();
        expectSameElements(where, what, expected, actual);
        if (differences.size() == before && !List.copyOf(expected).equals(List.copyOf(actual))) {
            differences.add("%s: expected %s in order %s but was %s".formatted(where, what, expected, actual));
        }
    }

    private static String show(Object value) {
        return switch (value) {
            case String text when text.isEmpty() -> "(none)";
            case String text -> text;
            case Map<?, ?> map -> map.toString();
            default -> String.valueOf(value);
        };
    }

    private void assertNoDifferences() {
        if (!differences.isEmpty()) {
            fail("%d difference(s) from the facts:%n  %s".formatted(
                    differences.size(), String.join(System.lineSeparator() + "  ", differences)));
        }
    }
}
