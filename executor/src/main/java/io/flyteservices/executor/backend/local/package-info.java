/**
 * The local backend: runs an attempt as a process on this machine from the task container's command and args
 * (the image is ignored), with the reserved environment and template placeholders of BEHAVIOR.md (Executor,
 * "Local backend"), stdout and stderr in files of the attempt's directory, and the whole process tree killed on
 * abort or timeout. It starts nothing until an attempt is started: no threads or processes at application start.
 */
package io.flyteservices.executor.backend.local;
