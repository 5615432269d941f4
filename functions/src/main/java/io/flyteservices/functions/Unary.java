package io.flyteservices.functions;

import io.grpc.stub.StreamObserver;

import java.util.function.Supplier;

/** Completes a unary call with one response; failures propagate to the error-mapping interceptor. */
final class Unary {

    private Unary() {
    }

    static <R> void respond(StreamObserver<R> observer, Supplier<R> response) {
        observer.onNext(response.get());
        observer.onCompleted();
    }
}
