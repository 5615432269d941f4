package io.flyteservices.gateway;

import flyteidl2.workflow.QueueServiceProto;
import flyteidl2.workflow.RunServiceProto;
import flyteidl2.workflow.StateServiceProto;
import io.flyteservices.testkit.DescriptorSets;
import io.flyteservices.testkit.NodeClientTests;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/**
 * The real connect-es clients (connect-node and connect-web; Connect JSON/binary streaming and gRPC-Web) watch runs,
 * action trees and children on the gateway while other calls change them: {@code core/src/test/node/flyteidl2}.
 */
class ConnectNodeWatchIT {

    @Test
    void shouldPassStreamingClientTestsWhenRunAgainstGatewayAndFunctions(@TempDir Path temp) throws Exception {
        Path descriptors = temp.resolve("flyteidl2.binpb");
        DescriptorSets.write(descriptors, RunServiceProto.getDescriptor(), QueueServiceProto.getDescriptor(),
                StateServiceProto.getDescriptor());

        try (TestServer server = TestServer.start()) {
            NodeClientTests.run(NodeClientTests.harness("../core/src/test/node"), server.httpBase().toString(),
                    descriptors, Map.of("PROTOCOL_STREAMS", "1"), "flyteidl2/");
        }
    }
}
