package io.flyteservices.protocol.bridge;

import com.google.protobuf.Message;
import io.grpc.Metadata;
import io.grpc.Status;

/** What a call delivers after its headers: response messages, then exactly one close. */
public sealed interface RpcEvent {

    /** One response message. */
    record Response(Message message) implements RpcEvent {
    }

    /** The end of the call: its status and trailing metadata. */
    record Close(Status status, Metadata trailers) implements RpcEvent {
    }
}
