package io.flyteservices.testkit;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary FileDescriptorSets for dynamic clients (the npm harness), built from the descriptors compiled into
 * Java code, e.g. {@code HealthProto.getDescriptor()} or a flyteidl2 {@code *Proto.getDescriptor()}.
 */
public final class DescriptorSets {

    private DescriptorSets() {
    }

    /** Writes the set of {@code files} and their imports to {@code path}. */
    public static void write(Path path, FileDescriptor... files) throws IOException {
        Files.write(path, of(files).toByteArray());
    }

    /**
     * The given files and everything they import, imports first, as protoc writes them for a plugin: with every
     * field's {@code json_name} filled in (the descriptors embedded in generated Java code leave it out, and
     * connect-es would then write JSON with empty field names).
     */
    public static FileDescriptorSet of(FileDescriptor... files) {
        Map<String, FileDescriptor> ordered = new LinkedHashMap<>();
        for (FileDescriptor file : files) {
            addWithImports(file, ordered);
        }
        FileDescriptorSet.Builder set = FileDescriptorSet.newBuilder();
        for (FileDescriptor file : ordered.values()) {
            FileDescriptorProto.Builder proto = file.toProto().toBuilder();
            for (int i = 0; i < file.getMessageTypes().size(); i++) {
                fillJsonNames(file.getMessageTypes().get(i), proto.getMessageTypeBuilder(i));
            }
            set.addFile(proto);
        }
        return set.build();
    }

    private static void addWithImports(FileDescriptor file, Map<String, FileDescriptor> ordered) {
        if (ordered.containsKey(file.getName())) {
            return;
        }
        file.getDependencies().forEach(dependency -> addWithImports(dependency, ordered));
        ordered.put(file.getName(), file);
    }

    private static void fillJsonNames(Descriptor message, DescriptorProto.Builder proto) {
        for (int i = 0; i < message.getFields().size(); i++) {
            proto.getFieldBuilder(i).setJsonName(message.getFields().get(i).getJsonName());
        }
        for (int i = 0; i < message.getNestedTypes().size(); i++) {
            fillJsonNames(message.getNestedTypes().get(i), proto.getNestedTypeBuilder(i));
        }
    }
}
