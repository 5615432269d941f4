package io.flyteservices.executor.lease;

/** The work behind a held lease, told by the {@link LeaseKeeper} when it must stop. */
public interface LeaseHolder {

    /** The lease is gone (taken over after it expired, or the entry removed): stop without writing anything. */
    void leaseLost();

    /** The action was aborted: stop the work, then clean up under the lease. */
    void abortRequested();
}
