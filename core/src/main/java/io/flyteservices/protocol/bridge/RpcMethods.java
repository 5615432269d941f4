package io.flyteservices.protocol.bridge;

import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The methods of a set of services by HTTP path, and the JSON type registry of their schemas. */
final class RpcMethods {

    private static final Logger LOG = LoggerFactory.getLogger(RpcMethods.class);

    private final Map<String, RpcMethod> byPath;
    private final JsonFormat.TypeRegistry typeRegistry;

    private RpcMethods(Map<String, RpcMethod> byPath, JsonFormat.TypeRegistry typeRegistry) {
        this.byPath = Map.copyOf(byPath);
        this.typeRegistry = typeRegistry;
    }

    static RpcMethods of(Collection<ServerServiceDefinition> services) {
        Map<String, RpcMethod> byPath = new HashMap<>();
        JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder();
        for (ServerServiceDefinition service : services) {
            if (service.getServiceDescriptor().getSchemaDescriptor() instanceof ProtoFileDescriptorSupplier file) {
                addFile(types, file.getFileDescriptor());
            }
            for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
                toRpcMethod(method.getMethodDescriptor(), service).ifPresent(m -> {
                    byPath.put(m.path(), m);
                    types.add(m.requestPrototype().getDescriptorForType());
                    types.add(m.responsePrototype().getDescriptorForType());
                });
            }
        }
        return new RpcMethods(byPath, types.build());
    }

    Optional<RpcMethod> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    int size() {
        return byPath.size();
    }

    JsonFormat.TypeRegistry typeRegistry() {
        return typeRegistry;
    }

    private static void addFile(JsonFormat.TypeRegistry.Builder types, Descriptors.FileDescriptor file) {
        // TypeRegistry.add(Descriptor) walks the descriptor's file and its dependencies.
        file.getMessageTypes().forEach(types::add);
        file.getDependencies().forEach(dependency -> addFile(types, dependency));
    }

    private static Optional<RpcMethod> toRpcMethod(MethodDescriptor<?, ?> method, ServerServiceDefinition service) {
        if (!(method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> request)
                || !(request.getMessagePrototype() instanceof Message requestPrototype)
                || !(method.getResponseMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> response)
                || !(response.getMessagePrototype() instanceof Message responsePrototype)) {
            LOG.debug("method not bridged, not protobuf method={}", method.getFullMethodName());
            return Optional.empty();
        }
        MethodDescriptor<Message, Message> clientDescriptor = MethodDescriptor.<Message, Message>newBuilder()
                .setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(ProtoUtils.marshaller(requestPrototype))
                .setResponseMarshaller(ProtoUtils.marshaller(responsePrototype))
                .setSafe(method.isSafe())
                .setIdempotent(method.isIdempotent())
                .setSchemaDescriptor(method.getSchemaDescriptor())
                .build();
        return Optional.of(new RpcMethod("/" + method.getFullMethodName(), method.getType(), requestPrototype,
                responsePrototype, method.isSafe() || declaredNoSideEffects(method, service), clientDescriptor));
    }

    private static boolean declaredNoSideEffects(MethodDescriptor<?, ?> method, ServerServiceDefinition service) {
        Descriptors.MethodDescriptor schema = null;
        if (method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier) {
            schema = supplier.getMethodDescriptor();
        } else if (service.getServiceDescriptor().getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier s) {
            schema = s.getServiceDescriptor().findMethodByName(method.getBareMethodName());
        }
        return schema != null && schema.getOptions().getIdempotencyLevel() == IdempotencyLevel.NO_SIDE_EFFECTS;
    }
}
