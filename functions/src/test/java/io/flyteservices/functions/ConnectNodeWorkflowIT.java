package io.flyteservices.functions;

import flyteidl2.workflow.QueueServiceProto;
import flyteidl2.workflow.RunServiceProto;
import io.flyteservices.testkit.DescriptorSets;
import io.flyteservices.testkit.NodeClientTests;
import io.flyteservices.testkit.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The real connect-es clients (connect-node and connect-web, Connect JSON/binary and gRPC-Web) drive QueueService
 * and RunService end to end: {@code core/src/test/node/flyteidl2/workflow.test.js}.
 */
class ConnectNodeWorkflowIT {

    @Test
    void shouldPassWorkflowClientTestsWhenRunAgainstFunctions(@TempDir Path temp) throws Exception {
        Path descriptors = temp.resolve("flyteidl2.binpb");
        DescriptorSets.write(descriptors, RunServiceProto.getDescriptor(), QueueServiceProto.getDescriptor());

        try (TestServer server = TestServer.start()) {
            NodeClientTests.run(NodeClientTests.harness("../core/src/test/node"), server.httpBase().toString(),
                    descriptors, "flyteidl2/");
        }
    }
}
