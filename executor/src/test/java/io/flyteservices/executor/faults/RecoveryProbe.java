package io.flyteservices.executor.faults;

import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.GetRunDetailsRequest;
import flyteidl2.workflow.WatchRunDetailsRequest;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * How soon the system serves again after a fault: the time from the fault until a unary call through functions
 * (GetRunDetails, which reads the database) and a watch through the gateway (the snapshot of a finished run) both
 * succeed.
 */
final class RecoveryProbe {

    private RecoveryProbe() {
    }

    /** Polls every 20 ms; returns the time since {@code faultAtNanos} when both answered. */
    static Duration firstSuccessfulRpc(Cluster cluster, RunIdentifier finishedRun, long faultAtNanos,
                                       Duration within) {
        await("a unary call and a watch served after the fault").atMost(within)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> answers(cluster, finishedRun));
        return Duration.ofNanos(System.nanoTime() - faultAtNanos);
    }

    private static boolean answers(Cluster cluster, RunIdentifier run) {
        cluster.reconnectNow();
        try {
            cluster.runs().withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getRunDetails(GetRunDetailsRequest.newBuilder().setRunId(run).build());
            return cluster.probeWatches().watchRunDetails(WatchRunDetailsRequest.newBuilder().setRunId(run).build())
                    .hasNext();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }
}
