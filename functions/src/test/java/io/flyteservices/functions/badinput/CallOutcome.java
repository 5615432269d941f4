package io.flyteservices.functions.badinput;

import io.grpc.Status;

/** The status a call ended with and its message, whichever protocol carried it. */
record CallOutcome(Status.Code code, String message) {

    static CallOutcome ok() {
        return new CallOutcome(Status.Code.OK, "");
    }

    boolean accepted() {
        return code == Status.Code.OK;
    }

    @Override
    public String toString() {
        return accepted() ? "OK" : code + " (" + abbreviate(message) + ")";
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
