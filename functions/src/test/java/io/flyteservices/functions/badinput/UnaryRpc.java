package io.flyteservices.functions.badinput;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

import java.util.Set;
import java.util.function.Function;

/**
 * A unary RPC under test: its gRPC method (which also names its Connect path), the codes BEHAVIOR.md documents
 * for it, and how to make a valid request for it.
 */
record UnaryRpc(MethodDescriptor<Message, Message> method, Set<Status.Code> documented,
                Function<FixtureWorld, Message> validRequest) {

    /** The bare method name, e.g. {@code CreateRun}. */
    String name() {
        return method.getBareMethodName();
    }

    /** The fully qualified service, e.g. {@code flyteidl2.workflow.RunService}. */
    String service() {
        return method.getServiceName();
    }

    /** A second protocol sending what the first accepted may find the entity it created already there. */
    boolean creates() {
        return documented.contains(Status.Code.ALREADY_EXISTS);
    }

    @Override
    public String toString() {
        return name();
    }
}
