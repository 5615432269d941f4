package io.flyteservices.functions.badinput;

import flyteidl2.common.ActionIdentifier;
import flyteidl2.common.RunIdentifier;
import flyteidl2.workflow.EnqueueActionRequest;
import flyteidl2.workflow.QueueServiceGrpc;
import flyteidl2.workflow.RunServiceGrpc;
import io.flyteservices.testkit.Fixtures;
import io.flyteservices.testkit.TestServer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What valid requests refer to: a run with a child action that reads leave alone, and fresh runs and names for
 * requests that change something, so that every protocol gets a request of its own that would succeed.
 */
final class FixtureWorld {

    private final RunServiceGrpc.RunServiceBlockingStub runs;
    private final QueueServiceGrpc.QueueServiceBlockingStub queue;
    private final String storagePrefix;
    private final String project = Fixtures.uniqueProject();
    private final RunIdentifier readRun;
    private final AtomicInteger actions = new AtomicInteger();

    FixtureWorld(TestServer server) {
        this.runs = RunServiceGrpc.newBlockingStub(server.channel());
        this.queue = QueueServiceGrpc.newBlockingStub(server.channel());
        this.storagePrefix = server.storage().toUri().toString();
        this.readRun = newRun();
        queue.enqueueAction(enqueue(readRun, "c1"));
    }

    /** The project of every fixture run. */
    String project() {
        return project;
    }

    /** A run with its root action {@code a0} and a queued child {@code c1}; no valid request changes it. */
    RunIdentifier readRun() {
        return readRun;
    }

    ActionIdentifier readAction(String name) {
        return Fixtures.actionId(readRun, name);
    }

    /** A run id no run has. */
    RunIdentifier freshRunId() {
        return Fixtures.runId(project, Fixtures.uniqueRunName());
    }

    /** A newly created run, for requests that abort or enqueue into it. */
    RunIdentifier newRun() {
        RunIdentifier id = freshRunId();
        runs.createRun(Fixtures.createRun(id));
        return id;
    }

    /** An action name no action of any fixture run has. */
    String freshActionName() {
        return "e" + actions.incrementAndGet();
    }

    /** A valid EnqueueAction with input and output URIs under the server's storage prefix. */
    EnqueueActionRequest enqueue(RunIdentifier run, String action) {
        String base = storagePrefix + run.getName() + "/";
        return Fixtures.enqueue(run, action, "a0").toBuilder()
                .setInputUri(base + action + "/inputs.pb")
                .setRunOutputBase(base)
                .build();
    }
}
