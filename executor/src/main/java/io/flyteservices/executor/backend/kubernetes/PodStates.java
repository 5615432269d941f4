package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.AttemptOutcome;
import io.flyteservices.executor.backend.AttemptOutcome.ErrorKind;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a pod's status to a {@link PodState}. {@code Pending} is {@link PodState.Unscheduled} until the
 * {@code PodScheduled} condition is true, then {@link PodState.Scheduled}; {@code Running} is
 * {@link PodState.Running}; {@code Succeeded} succeeds. A {@code Failed} pod timed out when its reason is
 * {@code DeadlineExceeded} ({@code activeDeadlineSeconds}); any other pod-level reason ({@code Evicted},
 * {@code NodeLost}, {@code Shutdown}, {@code UnexpectedAdmissionError}, …) is the platform's failure; otherwise the
 * task's container exited non-zero, a user error. {@code Unknown} (the node stopped reporting) maps to nothing:
 * the pod's last known state stands until the node controller decides.
 */
final class PodStates {

    /** The pod-level reason kubelet gives a pod stopped by {@code activeDeadlineSeconds}. */
    static final String DEADLINE_EXCEEDED = "DeadlineExceeded";

    private PodStates() {
    }

    /** What {@code pod}'s status means, or empty when it says nothing new (no status yet, phase Unknown). */
    static Optional<PodState> of(V1Pod pod) {
        var status = pod.getStatus();
        var phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        return switch (phase) {
            case "Pending" -> Optional.of(pending(status));
            case "Running" -> Optional.of(new PodState.Running());
            case "Succeeded" -> Optional.of(new PodState.Ended(new AttemptOutcome.Succeeded(), true));
            case "Failed" -> Optional.of(failed(status));
            default -> Optional.empty();
        };
    }

    private static PodState pending(V1PodStatus status) {
        var scheduled = condition(status, "PodScheduled");
        if (scheduled.isPresent() && "True".equals(scheduled.get().getStatus())) {
            return new PodState.Scheduled();
        }
        return new PodState.Unscheduled(scheduled
                .map(c -> describe(c.getReason(), c.getMessage()))
                .filter(reason -> !reason.isEmpty())
                .orElse("pod not scheduled yet"));
    }

    private static PodState failed(V1PodStatus status) {
        var reason = Objects.requireNonNullElse(status.getReason(), "");
        if (DEADLINE_EXCEEDED.equals(reason)) {
            return new PodState.Ended(new AttemptOutcome.TimedOut(), false);
        }
        if (!reason.isBlank()) {
            return new PodState.Ended(
                    new AttemptOutcome.Failed(ErrorKind.SYSTEM, describe(reason, status.getMessage())), false);
        }
        var exited = terminatedContainer(status);
        if (exited.isPresent()) {
            return new PodState.Ended(new AttemptOutcome.Failed(ErrorKind.USER, exitMessage(exited.get())), true);
        }
        var message = describe("pod failed", status.getMessage());
        return new PodState.Ended(new AttemptOutcome.Failed(ErrorKind.SYSTEM, message), false);
    }

    /** {@code exit code N}, then the termination reason unless it is the generic {@code Error}, then the message. */
    private static String exitMessage(V1ContainerStateTerminated terminated) {
        var message = new StringBuilder("exit code ").append(terminated.getExitCode());
        var reason = terminated.getReason();
        if (reason != null && !reason.isBlank() && !"Error".equals(reason)) {
            message.append(": ").append(reason.strip());
        }
        if (terminated.getMessage() != null && !terminated.getMessage().isBlank()) {
            message.append(": ").append(terminated.getMessage().strip());
        }
        return message.toString();
    }

    /** The task container's termination with a non-zero exit code (any container's, if it is not found). */
    private static Optional<V1ContainerStateTerminated> terminatedContainer(V1PodStatus status) {
        List<V1ContainerStatus> containers = Objects.requireNonNullElse(status.getContainerStatuses(), List.of());
        return containers.stream()
                .sorted((a, b) -> Boolean.compare(!PodFactory.CONTAINER.equals(a.getName()),
                        !PodFactory.CONTAINER.equals(b.getName())))
                .map(c -> c.getState() == null ? null : c.getState().getTerminated())
                .filter(t -> t != null && t.getExitCode() != null && t.getExitCode() != 0)
                .findFirst();
    }

    private static Optional<V1PodCondition> condition(V1PodStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** {@code reason: message}, or whichever of the two is there. */
    static String describe(String reason, String message) {
        var r = reason == null ? "" : reason.strip();
        var m = message == null ? "" : message.strip();
        if (r.isEmpty()) {
            return m;
        }
        return m.isEmpty() ? r : r + ": " + m;
    }
}
