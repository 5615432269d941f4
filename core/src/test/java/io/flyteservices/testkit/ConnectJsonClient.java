package io.flyteservices.testkit;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A minimal Connect-protocol client for unary calls with JSON bodies, as a browser or {@code curl} would make
 * them: POST {@code /<service>/<method>}, {@code Content-Type: application/json}. Failures come back as
 * {@link ConnectError} with the Connect code and HTTP status.
 */
public final class ConnectJsonClient {

    /** A Connect error response. */
    public static final class ConnectError extends RuntimeException {
        public final int httpStatus;
        public final String code;

        ConnectError(int httpStatus, String code, String message) {
            super(code + ": " + message);
            this.httpStatus = httpStatus;
            this.code = code;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;

    public ConnectJsonClient(URI base) {
        this.base = base;
    }

    public <R extends Message> R call(String service, String method, Message request, Message.Builder responseBuilder) {
        try {
            String body = JsonFormat.printer().print(request);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/" + service + "/" + method))
                    .header("Content-Type", "application/json")
                    .header("Connect-Protocol-Version", "1")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                com.google.protobuf.Struct.Builder error = com.google.protobuf.Struct.newBuilder();
                JsonFormat.parser().ignoringUnknownFields().merge(response.body(), error);
                throw new ConnectError(response.statusCode(),
                        error.getFieldsOrDefault("code", com.google.protobuf.Value.getDefaultInstance()).getStringValue(),
                        error.getFieldsOrDefault("message", com.google.protobuf.Value.getDefaultInstance()).getStringValue());
            }
            JsonFormat.parser().merge(response.body(), responseBuilder);
            @SuppressWarnings("unchecked")
            R built = (R) responseBuilder.build();
            return built;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unparseable JSON from server", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
