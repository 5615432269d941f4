package io.flyteservices.infra.route;

import io.flyteservices.infra.schema.RenderedManifests;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * The workloads of an overlay and their ports: resolves what a route names (a Service and port, or a Knative
 * Service by the Host a request is rewritten to) to the {@link Target} behind it. Both deployables that serve RPCs
 * listen for native gRPC on 9090 and for HTTP on 8090 (their images' defaults, which the manifests keep).
 */
final class Workloads {

    static final int GRPC_PORT = 9090;
    static final String CLUSTER_DOMAIN = ".svc.cluster.local";

    private final List<JsonNode> objects;

    Workloads(List<JsonNode> objects) {
        this.objects = objects;
    }

    /** The target behind port {@code port} (a number, or a port name) of the Service {@code namespace/name}. */
    Optional<Target> service(String namespace, String name, String port) {
        return find("v1", "Service", namespace, name).flatMap(service -> {
            for (JsonNode p : service.path("spec").path("ports")) {
                if (p.path("name").asString("").equals(port) || p.path("port").asString("").equals(port)) {
                    String component = service.path("spec").path("selector").path("app.kubernetes.io/component")
                            .asString("");
                    return containerPort(namespace, component, p.path("targetPort").asString(""))
                            .map(number -> new Target(component, number == GRPC_PORT));
                }
            }
            return Optional.empty();
        });
    }

    /**
     * The target of a Knative Service reached by the Host {@code <name>.<namespace>.svc.cluster.local} through
     * Knative's gateway: its one container port, which must be named h2c for gRPC (Knative then speaks HTTP/2 to it).
     */
    Optional<Target> knative(String host) {
        if (host == null || !host.endsWith(CLUSTER_DOMAIN)) {
            return Optional.empty();
        }
        String[] parts = host.substring(0, host.length() - CLUSTER_DOMAIN.length()).split("\\.");
        if (parts.length != 2) {
            return Optional.empty();
        }
        return find("serving.knative.dev/v1", "Service", parts[1], parts[0]).flatMap(service -> {
            JsonNode template = service.path("spec").path("template");
            JsonNode port = template.path("spec").path("containers").path(0).path("ports").path(0);
            int number = port.path("containerPort").asInt(-1);
            boolean grpc = number == GRPC_PORT && port.path("name").asString("").equals("h2c");
            return Optional.of(new Target(template.path("metadata").path("labels")
                    .path("app.kubernetes.io/component").asString(""), grpc));
        });
    }

    /** Whether the Service {@code namespace/name} only names another (type ExternalName: Knative's gateway). */
    boolean isExternalName(String namespace, String name) {
        return find("v1", "Service", namespace, name)
                .map(s -> s.path("spec").path("type").asString("").equals("ExternalName")).orElse(false);
    }

    /** Whether the Service {@code namespace/name} exists in this overlay (else it is the cluster's, like Knative's). */
    boolean hasService(String namespace, String name) {
        return find("v1", "Service", namespace, name).isPresent();
    }

    List<JsonNode> all(String apiVersion, String kind) {
        return RenderedManifests.ofKind(objects, apiVersion, kind);
    }

    private Optional<JsonNode> find(String apiVersion, String kind, String namespace, String name) {
        return RenderedManifests.find(objects, apiVersion, kind, namespace, name);
    }

    /** The number of the container port {@code targetPort} (a name or a number) of the component's Deployment. */
    private Optional<Integer> containerPort(String namespace, String component, String targetPort) {
        return all("apps/v1", "Deployment").stream()
                .filter(d -> d.path("metadata").path("namespace").asString("").equals(namespace))
                .filter(d -> d.path("spec").path("template").path("metadata").path("labels")
                        .path("app.kubernetes.io/component").asString("").equals(component))
                .flatMap(d -> d.path("spec").path("template").path("spec").path("containers").path(0).path("ports")
                        .valueStream())
                .filter(p -> p.path("name").asString("").equals(targetPort)
                        || p.path("containerPort").asString("").equals(targetPort))
                .map(p -> p.path("containerPort").asInt())
                .findFirst();
    }
}
