package io.flyteservices.protocol.grpc;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;

import java.io.InputStream;

/**
 * Request bytes that are not a valid message. grpc-java parses a request before any listener sees it and answers
 * a parse failure with UNKNOWN ("Application error processing RPC"); bad bytes are the client's mistake. So the
 * request marshaller hands a {@link Marker} on instead of throwing, and {@link ErrorMappingInterceptor} answers
 * it INVALID_ARGUMENT before the service could see it.
 */
final class UnparseableRequests {

    /** Stands in for a request that could not be parsed; never reaches a service. */
    record Marker(String reason) {
    }

    private UnparseableRequests() {
    }

    /** The same method whose unparseable requests arrive as a {@link Marker}. */
    static <Q, R> ServerMethodDefinition<Q, R> tolerate(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        if (!(method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> marshaller)) {
            return definition;
        }
        return ServerMethodDefinition.create(
                method.toBuilder().setRequestMarshaller(new Tolerant<>(marshaller)).build(),
                definition.getServerCallHandler());
    }

    /** Keeps the prototype visible (the protocol bridge reads it) and turns parse failures into markers. */
    private record Tolerant<Q>(MethodDescriptor.PrototypeMarshaller<Q> delegate)
            implements MethodDescriptor.PrototypeMarshaller<Q> {

        @Override
        public InputStream stream(Q value) {
            return delegate.stream(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Q parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (RuntimeException e) {
                // Erased at run time: the marker travels as Q as far as the error mapping, which stops it.
                return (Q) new Marker("request is not a valid " + delegate.getMessageClass().getSimpleName()
                        + " message: " + e.getMessage());
            }
        }

        @Override
        public Q getMessagePrototype() {
            return delegate.getMessagePrototype();
        }

        @Override
        public Class<Q> getMessageClass() {
            return delegate.getMessageClass();
        }
    }
}
