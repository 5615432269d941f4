package io.flyteservices.protocol.grpc;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Builds one gRPC service from the parts that deployables contribute. RunService's unary methods live in
 * functions and its streams in the watch gateway; in all-in-one mode both parts are in one JVM and must be served
 * as one service. Each method is taken from the part whose class implements it (overrides the generated default,
 * which answers UNIMPLEMENTED); error mapping is applied to the result.
 */
public final class ServiceAssembly {

    private ServiceAssembly() {
    }

    /**
     * @param descriptor the service
     * @param parts      contributions, each an implementation of the service's generated {@code AsyncService}
     * @param bind       the generated {@code XxxGrpc.bindService(AsyncService)}
     */
    public static <T> ServerServiceDefinition assemble(ServiceDescriptor descriptor, List<? extends T> parts,
                                                       Function<T, ServerServiceDefinition> bind) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no implementation of " + descriptor.getName());
        }
        List<ServerServiceDefinition> bound = parts.stream().map(bind).toList();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (var method : descriptor.getMethods()) {
            String javaName = javaName(method.getBareMethodName());
            int owner = 0;
            for (int i = 0; i < parts.size(); i++) {
                if (implementsMethod(parts.get(i).getClass(), javaName)) {
                    owner = i;
                    break;
                }
            }
            ServerMethodDefinition<?, ?> definition = bound.get(owner).getMethod(method.getFullMethodName());
            methods.add(UnparseableRequests.tolerate(definition));
        }
        // The tolerant methods have their own descriptors, so the service descriptor is rebuilt around them.
        ServiceDescriptor.Builder tolerant = ServiceDescriptor.newBuilder(descriptor.getName())
                .setSchemaDescriptor(descriptor.getSchemaDescriptor());
        methods.forEach(m -> tolerant.addMethod(m.getMethodDescriptor()));
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(tolerant.build());
        methods.forEach(service::addMethod);
        return ErrorMappingInterceptor.bind(service.build());
    }

    /** Whether {@code type} (or a superclass below the generated interface) declares the method. */
    static boolean implementsMethod(Class<?> type, String javaName) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (Arrays.stream(c.getDeclaredMethods()).map(Method::getName).anyMatch(javaName::equals)) {
                return true;
            }
        }
        return false;
    }

    /** grpc-java's Java method name: the RPC name with a lower-case first letter. */
    static String javaName(String rpcName) {
        return rpcName.substring(0, 1).toLowerCase(Locale.ROOT) + rpcName.substring(1);
    }
}
