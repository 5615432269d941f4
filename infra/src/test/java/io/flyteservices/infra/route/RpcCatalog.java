package io.flyteservices.infra.route;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import flyteidl2.workflow.QueueServiceProto;
import flyteidl2.workflow.RunServiceProto;
import flyteidl2.workflow.StateServiceProto;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every RPC the control plane serves, read from the compiled protos, so that a method added later is routed (and
 * checked) without anyone listing it here; and where it must land (DESIGN.md §1): every streaming method and all
 * of StateService on the watch gateway, every other on functions.
 */
final class RpcCatalog {

    static final String FUNCTIONS = "functions";
    static final String GATEWAY = "watch-gateway";

    private RpcCatalog() {
    }

    static List<MethodDescriptor> methods() {
        return Stream.of(QueueServiceProto.getDescriptor(), RunServiceProto.getDescriptor(),
                        StateServiceProto.getDescriptor())
                .flatMap(file -> file.getServices().stream())
                .flatMap(service -> service.getMethods().stream())
                .toList();
    }

    /** The component that must serve {@code method}. */
    static String home(MethodDescriptor method) {
        ServiceDescriptor service = method.getService();
        boolean streaming = method.isServerStreaming() || method.isClientStreaming();
        return streaming || service.getName().equals("StateService") ? GATEWAY : FUNCTIONS;
    }

    /** Every way a client may call {@code method}: each protocol that can carry it, with each of its content-types. */
    static List<Call> calls(MethodDescriptor method) {
        String path = "/" + method.getService().getFullName() + "/" + method.getName();
        List<Call> calls = new ArrayList<>();
        for (Call.Protocol protocol : Call.Protocol.values()) {
            if (!carries(protocol, method)) {
                continue;
            }
            for (String contentType : protocol.contentTypes) {
                calls.add(new Call(path, contentType, protocol));
            }
        }
        return calls;
    }

    /** Connect has a unary form and a server-streaming one; bidirectional methods go over gRPC (and gRPC-Web). */
    private static boolean carries(Call.Protocol protocol, MethodDescriptor method) {
        boolean unary = !method.isServerStreaming() && !method.isClientStreaming();
        return switch (protocol) {
            case GRPC, GRPC_WEB -> true;
            case CONNECT_UNARY, CONNECT_GET -> unary;
            case CONNECT_STREAM -> method.isServerStreaming() && !method.isClientStreaming();
        };
    }
}
