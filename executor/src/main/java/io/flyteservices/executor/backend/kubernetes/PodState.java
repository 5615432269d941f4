package io.flyteservices.executor.backend.kubernetes;

import io.flyteservices.executor.backend.AttemptOutcome;

import java.util.Objects;

/**
 * What a pod's status means for its attempt ({@link PodStates#of}), ranked in the order an attempt moves through,
 * so that a stale status never moves an attempt back.
 */
sealed interface PodState {

    /** Position in the attempt's progress; a state is reported only when its rank is higher than the last one. */
    int rank();

    /** Accepted but not placed on a node yet; {@code reason} says why when the scheduler said so. */
    record Unscheduled(String reason) implements PodState {
        public Unscheduled {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public int rank() {
            return 1;
        }
    }

    /** Placed on a node, which is pulling the image and creating the container. */
    record Scheduled() implements PodState {
        @Override
        public int rank() {
            return 2;
        }
    }

    /** The task's container runs. */
    record Running() implements PodState {
        @Override
        public int rank() {
            return 3;
        }
    }

    /** The pod ended with {@code outcome}; {@code ran} tells whether the task's container got to run. */
    record Ended(AttemptOutcome outcome, boolean ran) implements PodState {
        public Ended {
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public int rank() {
            return 4;
        }
    }
}
