package io.flyteservices.protocol.bridge;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;

import java.util.Objects;

/**
 * One RPC method reachable through the bridge.
 *
 * @param path              the HTTP path, {@code /<full.Service>/<Method>}
 * @param type              unary, server-streaming, client-streaming or bidirectional
 * @param requestPrototype  default instance of the request message, to parse requests
 * @param responsePrototype default instance of the response message
 * @param noSideEffects     whether the method is marked {@code NO_SIDE_EFFECTS} (or safe), so GET may call it
 * @param descriptor        the client-side descriptor used on the in-process channel
 */
public record RpcMethod(
        String path,
        MethodType type,
        Message requestPrototype,
        Message responsePrototype,
        boolean noSideEffects,
        MethodDescriptor<Message, Message> descriptor) {

    public RpcMethod {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestPrototype, "requestPrototype");
        Objects.requireNonNull(responsePrototype, "responsePrototype");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /** The full method name, {@code full.Service/Method}. */
    public String fullName() {
        return descriptor.getFullMethodName();
    }

    /** Whether the client sends a stream of messages (client-streaming or bidirectional). */
    public boolean clientStreams() {
        return !type.clientSendsOneMessage();
    }

    /** Whether the server answers with a stream of messages (server-streaming or bidirectional). */
    public boolean serverStreams() {
        return !type.serverSendsOneMessage();
    }
}
