package io.flyteservices.infra.route;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Gateway API routing as the specification states it for HTTPRoute: a match takes a request when its path
 * (Exact, or PathPrefix compared element by element: {@code /a/b} takes {@code /a/b/c}, not {@code /a/bc}) and every
 * one of its headers (Exact, names case-insensitive) match; of all matching rules the most specific wins: an exact
 * path, then the longest prefix, then the most header matches, then the earlier rule. A backend in another namespace
 * needs a ReferenceGrant there.
 */
final class GatewayApiRoutes implements RouteTable {

    /** One match of one rule, with what the rule does. */
    private record Candidate(int rule, boolean exact, String path, List<String[]> headers, JsonNode backend,
                             String hostRewrite, String routeNamespace) {
    }

    private final Workloads workloads;
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    GatewayApiRoutes(Workloads workloads) {
        this.workloads = workloads;
        int ruleIndex = 0;
        for (JsonNode route : workloads.all("gateway.networking.k8s.io/v1", "HTTPRoute")) {
            String namespace = route.path("metadata").path("namespace").asString("");
            for (JsonNode rule : route.path("spec").path("rules")) {
                read(namespace, rule, ruleIndex++);
            }
        }
    }

    boolean isEmpty() {
        return candidates.isEmpty();
    }

    private void read(String namespace, JsonNode rule, int index) {
        JsonNode backends = rule.path("backendRefs");
        if (backends.size() != 1) {
            problems.add("rule " + index + ": expected one backend, found " + backends.size());
            return;
        }
        String hostRewrite = null;
        for (JsonNode filter : rule.path("filters")) {
            if (filter.path("type").asString("").equals("URLRewrite")) {
                hostRewrite = filter.path("urlRewrite").path("hostname").asString(null);
            }
        }
        JsonNode backend = backends.path(0);
        String backendNamespace = backend.path("namespace").asString(namespace);
        if (!backendNamespace.equals(namespace) && !granted(namespace, backendNamespace, backend.path("name").asString(""))) {
            problems.add("rule " + index + ": backend " + backendNamespace + "/" + backend.path("name").asString("")
                    + " is in another namespace and no ReferenceGrant there lets HTTPRoutes of " + namespace + " use it");
        }
        for (JsonNode match : rule.path("matches")) {
            JsonNode path = match.path("path");
            String type = path.path("type").asString("PathPrefix");
            if (!type.equals("Exact") && !type.equals("PathPrefix")) {
                problems.add("rule " + index + ": path match type " + type + " is not portable (Core: Exact, PathPrefix)");
                continue;
            }
            List<String[]> headers = new ArrayList<>();
            for (JsonNode header : match.path("headers")) {
                if (!header.path("type").asString("Exact").equals("Exact")) {
                    problems.add("rule " + index + ": header match type " + header.path("type").asString("")
                            + " is not portable (Core: Exact)");
                }
                headers.add(new String[]{header.path("name").asString(""), header.path("value").asString("")});
            }
            candidates.add(new Candidate(index, type.equals("Exact"), path.path("value").asString("/"), headers,
                    backend, hostRewrite, namespace));
        }
        boolean streams = rule.path("backendRefs").path(0).path("name").asString("").equals(RpcCatalog.GATEWAY);
        if (streams && !rule.path("timeouts").path("request").asString("").equals("0s")) {
            problems.add("rule " + index + ": the streams' rule must not time out (timeouts.request: 0s)");
        }
    }

    private boolean granted(String fromNamespace, String toNamespace, String service) {
        return workloads.all("gateway.networking.k8s.io/v1beta1", "ReferenceGrant").stream()
                .filter(g -> g.path("metadata").path("namespace").asString("").equals(toNamespace))
                .anyMatch(g -> g.path("spec").path("from").valueStream().anyMatch(f ->
                        f.path("kind").asString("").equals("HTTPRoute")
                                && f.path("namespace").asString("").equals(fromNamespace))
                        && g.path("spec").path("to").valueStream().anyMatch(t ->
                        t.path("kind").asString("").equals("Service")
                                && t.path("name").asString(service).equals(service)));
    }

    @Override
    public Optional<Target> route(Call call) {
        return candidates.stream()
                .filter(c -> pathMatches(c, call.path()) && headersMatch(c, call))
                .min(Comparator.comparing((Candidate c) -> !c.exact())
                        .thenComparing(c -> -c.path().length())
                        .thenComparing(c -> -c.headers().size())
                        .thenComparing(Candidate::rule))
                .flatMap(this::target);
    }

    private Optional<Target> target(Candidate c) {
        String namespace = c.backend().path("namespace").asString(c.routeNamespace());
        String name = c.backend().path("name").asString("");
        if (workloads.hasService(namespace, name)) {
            return workloads.service(namespace, name, c.backend().path("port").asString(""));
        }
        // A Service of the cluster's (Knative's gateway): the Host the request is rewritten to picks the workload.
        return workloads.knative(c.hostRewrite());
    }

    static boolean pathMatches(Candidate c, String path) {
        return pathMatches(c.exact(), c.path(), path);
    }

    static boolean pathMatches(boolean exact, String value, String path) {
        if (exact) {
            return path.equals(value);
        }
        String prefix = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static boolean headersMatch(Candidate c, Call call) {
        for (String[] header : c.headers()) {
            if (!header[0].equalsIgnoreCase("content-type") || !header[1].equals(call.contentType())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
