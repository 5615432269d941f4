package io.flyteservices.cli;

import flyteidl2.workflow.Phase;
import io.grpc.Status;

/**
 * What the CLI's exit code means. {@code run watch} exits with the run's outcome (0-3); a gRPC error exits with
 * 10 + its status code number (e.g. 15 NOT_FOUND, 13 INVALID_ARGUMENT, 16 ALREADY_EXISTS, 24 UNAVAILABLE); the
 * CLI's own failures use the sysexits.h numbers. 2 is ABORTED, not picocli's usual "bad usage": a script that
 * watches a run must be able to tell the two apart.
 */
public final class ExitCodes {

    /** The command did what was asked; {@code run watch}: the run SUCCEEDED. */
    public static final int OK = 0;
    /** {@code run watch}: the run FAILED. */
    public static final int FAILED = 1;
    /** {@code run watch}: the run was ABORTED. */
    public static final int ABORTED = 2;
    /** {@code run watch}: the run TIMED_OUT. */
    public static final int TIMED_OUT = 3;
    /** A gRPC error exits with this plus its status code number. */
    public static final int GRPC_BASE = 10;
    /** Bad usage: unknown command or option, missing argument, bad value (EX_USAGE). */
    public static final int USAGE = 64;
    /** The input is unusable: a spec that is not JSON, not a CreateRunRequest or TaskSpec, no project (EX_DATAERR). */
    public static final int DATA = 65;
    /** Something to read is missing: the spec file, an attempt, a log file (EX_NOINPUT). */
    public static final int NO_INPUT = 66;
    /** A bug in the CLI (EX_SOFTWARE). */
    public static final int SOFTWARE = 70;

    /** The usage help's footer. */
    static final String FOOTER = """
            %nExit codes:
              0      done (run watch: the run SUCCEEDED)
              1 2 3  run watch: the run FAILED, was ABORTED, TIMED_OUT
              10+N   the server's gRPC status N: 13 INVALID_ARGUMENT, 15 NOT_FOUND,
                     16 ALREADY_EXISTS, 24 UNAVAILABLE (server not reachable), ...
              64     bad usage
              65     bad spec: not JSON, not a CreateRunRequest or TaskSpec, or no project
              66     missing input: the spec file, an attempt, a log file
              70     a bug in the CLI""";

    private ExitCodes() {
    }

    /** 10 + the status code: 11 CANCELLED ... 15 NOT_FOUND ... 24 UNAVAILABLE ... 26 UNAUTHENTICATED. */
    static int forStatus(Status.Code code) {
        return GRPC_BASE + code.value();
    }

    /** A finished run's exit code for {@code run watch}: 0 SUCCEEDED, 1 FAILED, 2 ABORTED, 3 TIMED_OUT. */
    static int forOutcome(Phase phase) {
        return switch (phase) {
            case PHASE_SUCCEEDED -> OK;
            case PHASE_FAILED -> FAILED;
            case PHASE_ABORTED -> ABORTED;
            case PHASE_TIMED_OUT -> TIMED_OUT;
            default -> throw new IllegalArgumentException("not a terminal phase: " + phase);
        };
    }
}
