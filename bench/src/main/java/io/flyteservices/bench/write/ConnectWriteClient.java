package io.flyteservices.bench.write;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import flyteidl2.workflow.CreateRunRequest;
import flyteidl2.workflow.CreateRunResponse;
import flyteidl2.workflow.EnqueueActionRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Connect unary calls over HTTP/1.1 (the JDK client, a connection per concurrent call): {@code application/proto}
 * bodies, the fair comparison with gRPC, or {@code application/json}, what a browser or curl sends.
 */
public final class ConnectWriteClient implements WriteClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final boolean json;

    public ConnectWriteClient(int httpPort, boolean json) {
        this.base = URI.create("http://127.0.0.1:" + httpPort);
        this.json = json;
    }

    @Override
    public String protocol() {
        return json ? "connect-json" : "connect-proto";
    }

    @Override
    public CreateRunResponse createRun(CreateRunRequest request) {
        return (CreateRunResponse) call("flyteidl2.workflow.RunService/CreateRun", request,
                CreateRunResponse.newBuilder());
    }

    @Override
    public void enqueueAction(EnqueueActionRequest request) {
        call("flyteidl2.workflow.QueueService/EnqueueAction", request,
                flyteidl2.workflow.EnqueueActionResponse.newBuilder());
    }

    private Message call(String path, Message request, Message.Builder response) {
        try {
            HttpRequest.BodyPublisher body = json
                    ? HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(request))
                    : HttpRequest.BodyPublishers.ofByteArray(request.toByteArray());
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(base.resolve("/" + path))
                    .header("Content-Type", json ? "application/json" : "application/proto")
                    .header("Connect-Protocol-Version", "1")
                    .POST(body)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered HTTP " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            if (json) {
                JsonFormat.parser().ignoringUnknownFields().merge(new String(r.body(), StandardCharsets.UTF_8), response);
            } else {
                response.mergeFrom(r.body());
            }
            return response.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unparseable response from " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
