package io.flyteservices.infra.route;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ingress routing as ingress-nginx does it: of the paths of the ordinary Ingresses, an Exact one before any
 * Prefix, then the longest Prefix (compared element by element); then a canary Ingress of the same path takes the
 * request when its header (canary-by-header) matches its pattern (canary-by-header-pattern, a regular expression
 * searched in the value). Annotations hold the rest: backend-protocol (GRPC for a gRPC server), upstream-vhost (the
 * Host sent on, which picks a Knative Service behind Knative's gateway), proxy-read-timeout.
 */
final class IngressNginxRoutes implements RouteTable {

    private static final String ANNOTATION = "nginx.ingress.kubernetes.io/";
    /** The shortest read timeout a stream may have at the Ingress: one hour. */
    private static final int STREAM_TIMEOUT_SECONDS = 3600;

    private record Path(String ingress, boolean exact, String value, boolean canary, String header, Pattern pattern,
                        String namespace, JsonNode backend, JsonNode annotations) {
    }

    private final Workloads workloads;
    private final List<Path> paths = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    IngressNginxRoutes(Workloads workloads) {
        this.workloads = workloads;
        for (JsonNode ingress : workloads.all("networking.k8s.io/v1", "Ingress")) {
            read(ingress);
        }
        for (Path p : paths) {
            check(p);
        }
    }

    boolean isEmpty() {
        return paths.isEmpty();
    }

    private void read(JsonNode ingress) {
        String name = ingress.path("metadata").path("name").asString("");
        String namespace = ingress.path("metadata").path("namespace").asString("");
        JsonNode annotations = ingress.path("metadata").path("annotations");
        boolean canary = annotations.path(ANNOTATION + "canary").asString("false").equals("true");
        String header = annotations.path(ANNOTATION + "canary-by-header").asString(null);
        String pattern = annotations.path(ANNOTATION + "canary-by-header-pattern").asString(null);
        if (canary && (header == null || pattern == null)) {
            problems.add(name + ": a canary here must choose by a header pattern");
            return;
        }
        for (JsonNode rule : ingress.path("spec").path("rules")) {
            for (JsonNode path : rule.path("http").path("paths")) {
                String type = path.path("pathType").asString("");
                if (!type.equals("Exact") && !type.equals("Prefix")) {
                    problems.add(name + ": path type " + type + " behaves differently across controllers");
                    continue;
                }
                paths.add(new Path(name, type.equals("Exact"), path.path("path").asString("/"), canary, header,
                        pattern == null ? null : Pattern.compile(pattern), namespace,
                        path.path("backend").path("service"), annotations));
            }
        }
    }

    /** What each path's Ingress must say for its target: gRPC spoken to gRPC servers, TLS for gRPC, stream timeouts. */
    private void check(Path p) {
        Optional<Target> target = target(p);
        if (target.isEmpty()) {
            problems.add(p.ingress() + " " + p.value() + ": the backend resolves to no workload");
            return;
        }
        boolean grpcProtocol = p.annotations().path(ANNOTATION + "backend-protocol").asString("HTTP").equals("GRPC");
        if (grpcProtocol != target.get().grpcServer()) {
            problems.add(p.ingress() + " " + p.value() + ": backend-protocol "
                    + (grpcProtocol ? "GRPC" : "HTTP") + " does not suit " + target.get());
        }
        if (grpcProtocol && workloads.all("networking.k8s.io/v1", "Ingress").stream()
                .filter(i -> i.path("metadata").path("name").asString("").equals(p.ingress()))
                .allMatch(i -> i.path("spec").path("tls").isEmpty())) {
            problems.add(p.ingress() + ": gRPC needs HTTP/2, which ingress-nginx serves with TLS only");
        }
        if (target.get().component().equals(RpcCatalog.GATEWAY)
                && p.annotations().path(ANNOTATION + "proxy-read-timeout").asInt(60) < STREAM_TIMEOUT_SECONDS) {
            problems.add(p.ingress() + " " + p.value() + ": streams need proxy-read-timeout of at least "
                    + STREAM_TIMEOUT_SECONDS + " s");
        }
    }

    @Override
    public Optional<Target> route(Call call) {
        Optional<Path> main = paths.stream()
                .filter(p -> !p.canary() && GatewayApiRoutes.pathMatches(p.exact(), p.value(), call.path()))
                .min(Comparator.comparing((Path p) -> !p.exact()).thenComparing(p -> -p.value().length()));
        if (main.isEmpty()) {
            return Optional.empty();
        }
        Optional<Path> canary = paths.stream()
                .filter(p -> p.canary() && p.exact() == main.get().exact() && p.value().equals(main.get().value()))
                .filter(p -> p.header().equalsIgnoreCase("content-type") && p.pattern().matcher(call.contentType()).find())
                .findFirst();
        return target(canary.orElse(main.get()));
    }

    private Optional<Target> target(Path p) {
        String service = p.backend().path("name").asString("");
        String port = p.backend().path("port").path("name").asString(p.backend().path("port").path("number").asString(""));
        if (workloads.isExternalName(p.namespace(), service)) {
            return workloads.knative(p.annotations().path(ANNOTATION + "upstream-vhost").asString(null));
        }
        return workloads.service(p.namespace(), service, port);
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
