/**
 * Blob storage of task data behind URIs. The control plane moves no task data except a run's inputs file
 * written on CreateRun and the inputs/outputs read back by GetActionData.
 */
package io.flyteservices.storage;
