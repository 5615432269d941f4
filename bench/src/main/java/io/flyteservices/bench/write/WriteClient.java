package io.flyteservices.bench.write;

import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.CreateRunResponse;
import flyteidl2.workflow.EnqueueActionRequest;

/** One protocol for the write RPCs: native gRPC, or Connect over HTTP/1.1 with binary or JSON bodies. */
public interface WriteClient extends AutoCloseable {

    /** The protocol's name in tables: {@code grpc}, {@code connect-proto}, {@code connect-json}. */
    String protocol();

    CreateRunResponse createRun(CreateRunRequest request);

    void enqueueAction(EnqueueActionRequest request);

    @Override
    void close();
}
