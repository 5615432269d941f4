package io.flyteservices.infra.route;

import com.google.protobuf.Descriptors.MethodDescriptor;
import io.flyteservices.infra.schema.RenderedManifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route table of every overlay: each RPC of the compiled protos, over gRPC, gRPC-Web and Connect (unary, GET,
 * streaming) with each of their content-types, lands on the workload and server that serve it.
 */
class RouteTableTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.flyteservices.infra.schema.RenderedManifests#overlays")
    void everyCallReachesTheServerOfItsMethod(Path overlay) {
        Workloads workloads = new Workloads(RenderedManifests.render(overlay));
        List<RouteTable> tables = tables(workloads);
        assertFalse(tables.isEmpty(), overlay.getFileName() + " has no HTTPRoute and no Ingress");
        for (RouteTable table : tables) {
            assertTrue(table.problems().isEmpty(), () -> overlay.getFileName() + ": "
                    + String.join("\n  ", table.problems()));
            List<String> wrong = new ArrayList<>();
            int checked = 0;
            for (MethodDescriptor method : RpcCatalog.methods()) {
                for (Call call : RpcCatalog.calls(method)) {
                    Target expected = new Target(RpcCatalog.home(method), call.protocol().isGrpc());
                    Optional<Target> actual = table.route(call);
                    if (!actual.equals(Optional.of(expected))) {
                        wrong.add(call + ": " + actual.map(Target::toString).orElse("no route") + ", expected " + expected);
                    }
                    checked++;
                }
            }
            assertTrue(checked > 100, "every method over every protocol: " + checked + " calls");
            assertTrue(wrong.isEmpty(), () -> overlay.getFileName() + " " + table.getClass().getSimpleName() + ": "
                    + wrong.size() + " calls misrouted:\n  " + String.join("\n  ", wrong));
        }
    }

    @Test
    void aPrefixTakesWholePathElementsOnly() {
        assertTrue(GatewayApiRoutes.pathMatches(false, "/flyteidl2.workflow.StateService", "/flyteidl2.workflow.StateService/Put"));
        assertTrue(GatewayApiRoutes.pathMatches(false, "/", "/flyteidl2.workflow.RunService/CreateRun"));
        assertFalse(GatewayApiRoutes.pathMatches(false, "/flyteidl2.workflow.RunService/Watch", "/flyteidl2.workflow.RunService/WatchRuns"));
        assertFalse(GatewayApiRoutes.pathMatches(true, "/flyteidl2.workflow.RunService/WatchRuns", "/flyteidl2.workflow.RunService/WatchRunsX"));
    }

    @Test
    void anHttpRouteWithoutItsStateServiceMatchesSendsStateCallsToFunctions() {
        List<JsonNode> objects = RenderedManifests.render(overlay("prod"));
        for (JsonNode route : objects) {
            if (route.path("kind").asString("").equals("HTTPRoute")) {
                for (JsonNode rule : route.path("spec").path("rules")) {
                    ArrayNode matches = (ArrayNode) rule.path("matches");
                    for (int i = matches.size() - 1; i >= 0; i--) {
                        if (matches.path(i).path("path").path("value").asString("").contains("StateService")) {
                            matches.remove(i);
                        }
                    }
                }
            }
        }
        RouteTable table = new GatewayApiRoutes(new Workloads(objects));
        Call put = new Call("/flyteidl2.workflow.StateService/Put", "application/grpc", Call.Protocol.GRPC);

        assertEquals(Optional.of(new Target(RpcCatalog.FUNCTIONS, true)), table.route(put),
                "the check sees a call go to the wrong workload");
    }

    @Test
    void aGrpcIngressWithoutTlsOrAStreamWithoutItsTimeoutIsAProblem() {
        List<JsonNode> objects = RenderedManifests.render(overlay("dev"));
        for (JsonNode ingress : objects) {
            if (ingress.path("kind").asString("").equals("Ingress")) {
                ((ObjectNode) ingress.path("spec")).remove("tls");
                ((ObjectNode) ingress.path("metadata").path("annotations"))
                        .remove("nginx.ingress.kubernetes.io/proxy-read-timeout");
            }
        }
        List<String> problems = new IngressNginxRoutes(new Workloads(objects)).problems();

        assertTrue(problems.stream().anyMatch(p -> p.contains("TLS")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("proxy-read-timeout")), problems::toString);
    }

    private static List<RouteTable> tables(Workloads workloads) {
        List<RouteTable> tables = new ArrayList<>();
        GatewayApiRoutes gatewayApi = new GatewayApiRoutes(workloads);
        if (!gatewayApi.isEmpty()) {
            tables.add(gatewayApi);
        }
        IngressNginxRoutes ingress = new IngressNginxRoutes(workloads);
        if (!ingress.isEmpty()) {
            tables.add(ingress);
        }
        return tables;
    }

    private static Path overlay(String name) {
        return RenderedManifests.infraDir().resolve("overlays").resolve(name);
    }
}
