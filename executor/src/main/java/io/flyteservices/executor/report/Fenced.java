package io.flyteservices.executor.report;

/** What a fenced write found: the lease held (and the work done), the entry aborted, or the lease lost. */
public enum Fenced {
    /** This executor still holds the entry and the write was made. */
    HELD,
    /** This executor holds the entry but the action was aborted: nothing was written, the work must stop. */
    ABORTED,
    /** Another executor took the entry over, or it is gone (the action finished): nothing was written. */
    LOST
}
