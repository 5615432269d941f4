package io.flyteservices.protocol.connect;

import io.flyteservices.protocol.bridge.EchoService;
import io.flyteservices.protocol.bridge.TestServer;
import io.flyteservices.testkit.DescriptorSets;
import io.flyteservices.testkit.NodeClientTests;
import io.grpc.health.v1.HealthProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Runs the real connect-es clients ({@code core/src/test/node}, {@code node --test}) against the server over
 * Connect JSON and binary, Connect GET, gRPC-Web, with connect-node and connect-web. The services' schemas go to
 * the clients as a binary FileDescriptorSet; the clients are built from it at run time.
 */
class ConnectNodeClientIT {

    @Test
    void shouldPassConnectEsClientTestsWhenRunAgainstServer(@TempDir Path temp) throws Exception {
        Path descriptors = temp.resolve("services.binpb");
        DescriptorSets.write(descriptors, HealthProto.getDescriptor(), EchoService.FILE);

        try (TestServer server = TestServer.start()) {
            NodeClientTests.run(NodeClientTests.harness("src/test/node"), server.baseUrl(), descriptors, "test/");
        }
    }
}
