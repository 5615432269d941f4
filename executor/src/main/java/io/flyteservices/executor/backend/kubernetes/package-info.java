/**
 * The Kubernetes backend (BEHAVIOR.md, Executor, "Kubernetes backend"): one pod per attempt, built from the task
 * template's container, with a name and labels derived from the attempt ({@link PodNames}), followed through one
 * shared pod watch and one shared event watch per backend rather than a loop per pod. Pod phases become the
 * attempt's {@code BackendEvent}s ({@link PodStates}); Kubernetes Events about the pod become cluster events; abort
 * deletes the pod. Pods outlive the executor: on shutdown the watches stop and the pods are left running, so a
 * restarted executor adopts them by their deterministic names.
 *
 * <p><b>(ours)</b> An attempt's one log link is the {@code TaskLog} named {@code pod} with the URI
 * {@code k8s://<namespace>/pods/<pod>/log}: the task container's log as the API server serves it at
 * {@code /api/v1/namespaces/<namespace>/pods/<pod>/log}, for whoever shows logs to resolve. The attempt's
 * {@code workDir} is not used: a pod has its own file system.
 *
 * <p>Nothing here exists unless {@code executor.backend=kubernetes}: no client, thread or connection is created by
 * the default (local) configuration. The package never touches the database, phases or retries.
 */
package io.flyteservices.executor.backend.kubernetes;
