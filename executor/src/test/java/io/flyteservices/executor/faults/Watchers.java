package io.flyteservices.executor.faults;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.EnrichedAction;
import flyteidl2.workflow.WatchActionsRequest;
import flyteidl2.workflow.WatchActionsResponse;
import flyteidl2.workflow.WatchRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsResponse;
import io.grpc.Status;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * A client's watches of every run a load creates: WatchRunDetails and WatchActions of each, opened right after the
 * run was created and reopened after errors ({@link ResumingWatch}).
 */
final class Watchers implements AutoCloseable {

    private final Cluster cluster;
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor();
    private final Map<String, List<ResumingWatch<?>>> byRun = new ConcurrentHashMap<>();

    Watchers(Cluster cluster) {
        this.cluster = cluster;
    }

    void watch(RunIdentifier run) {
        ResumingWatch<WatchRunDetailsResponse> details = new ResumingWatch<>("WatchRunDetails " + run.getName(),
                cluster, reconnects,
                (stub, observer) -> stub.watchRunDetails(WatchRunDetailsRequest.newBuilder().setRunId(run).build(),
                        observer),
                r -> Map.of(r.getDetails().getAction().getId().getName(),
                        r.getDetails().getAction().getStatus().getPhase()));
        ResumingWatch<WatchActionsResponse> actions = new ResumingWatch<>("WatchActions " + run.getName(),
                cluster, reconnects,
                (stub, observer) -> stub.watchActions(WatchActionsRequest.newBuilder().setRunId(run).build(),
                        observer),
                r -> r.getEnrichedActionsList().stream().map(EnrichedAction::getAction).collect(Collectors.toMap(
                        a -> a.getId().getName(), a -> a.getStatus().getPhase(), (a, b) -> b)));
        byRun.put(run.getName(), List.of(details.start(), actions.start()));
    }

    int streams() {
        return byRun.values().stream().mapToInt(List::size).sum();
    }

    boolean allEnded() {
        return byRun.values().stream().flatMap(List::stream).allMatch(ResumingWatch::ended);
    }

    /** Streams that did not end having seen the final phase of {@code actions} (a run's root, here). */
    List<String> incomplete(List<String> actions) {
        return byRun.values().stream().flatMap(List::stream).filter(w -> !w.sawFinalOf(actions))
                .map(ResumingWatch::toString).sorted().toList();
    }

    /**
     * When every watch of {@code runs} had seen their final phases, in nanoTime; null when one never did. Only the
     * runs given count (those created before a fault, say).
     */
    Long caughtUpAt(Iterable<String> runs) {
        long latest = Long.MIN_VALUE;
        for (String run : runs) {
            for (ResumingWatch<?> w : byRun.getOrDefault(run, List.of())) {
                Long at = w.caughtUpAt();
                if (at == null) {
                    return null;
                }
                latest = Math.max(latest, at);
            }
        }
        return latest;
    }

    /** Errors the streams got, by code, summed. */
    Map<Status.Code, Integer> errors() {
        Map<Status.Code, Integer> sum = new HashMap<>();
        byRun.values().stream().flatMap(List::stream)
                .forEach(w -> w.errors().forEach((code, n) -> sum.merge(code, n, Integer::sum)));
        return sum;
    }

    /** Streams that got an error other than a lost connection, with what they saw. */
    List<String> unexpectedErrors() {
        return byRun.values().stream().flatMap(List::stream).filter(ResumingWatch::unexpectedError)
                .map(ResumingWatch::toString).limit(5).toList();
    }

    @Override
    public void close() {
        reconnects.shutdownNow();
    }
}
