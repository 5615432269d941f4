// The real flyteidl2 QueueService and RunService over every protocol the harness speaks, as an SDK or a browser
// calls them: create runs, read them back, list, enqueue, abort, and the errors a client must be able to act on.
// Run by the functions module's ConnectNodeWorkflowIT with a descriptor set of the flyteidl2 files.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Code, ConnectError } from "@connectrpc/connect";
import { PROTOCOLS, client, enumNumber, loadRegistry } from "../lib/harness.js";

const registry = loadRegistry();
const PHASE = "flyteidl2.workflow.Phase";
const unique = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function taskSpec(shortName) {
  return {
    shortName,
    taskTemplate: {
      type: "container",
      target: { case: "container", value: { image: "busybox", command: ["echo", "hello"] } },
    },
  };
}

async function rejectsWith(promise, code, mentions) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof ConnectError, `not a ConnectError: ${err}`);
    assert.equal(err.code, code, `code of: ${err.rawMessage}`);
    assert.ok(err.rawMessage.includes(mentions), `message '${err.rawMessage}' does not mention '${mentions}'`);
    return true;
  });
}

for (const protocol of PROTOCOLS) {
  describe(`flyteidl2 workflow services over ${protocol}`, () => {
    const runs = client(registry, "flyteidl2.workflow.RunService", protocol);
    const queue = client(registry, "flyteidl2.workflow.QueueService", protocol);
    const project = `node-${unique}`;
    const domain = protocol.replaceAll("-", "");
    const runId = { org: "", project, domain, name: `run-${domain}`.slice(0, 30) };

    test("CreateRun with a task spec answers the queued root action", async () => {
      const { run } = await runs.createRun({
        id: { case: "runId", value: runId },
        task: { case: "taskSpec", value: taskSpec("hello") },
      });
      assert.equal(run.action.id.name, "a0");
      assert.equal(run.action.id.run.name, runId.name);
      assert.equal(run.action.status.phase, enumNumber(registry, PHASE, "PHASE_QUEUED"));
      assert.equal(run.action.metadata.spec.case, "task");
      assert.equal(run.action.metadata.spec.value.shortName, "hello");
    });

    test("CreateRun with a project id generates a valid run name", async () => {
      const { run } = await runs.createRun({
        id: { case: "projectId", value: { organization: "", name: project, domain } },
        task: { case: "taskSpec", value: taskSpec("generated") },
      });
      assert.match(run.action.id.run.name, /^r[bcdfghjklmnpqrstvwxz2456789]{19}$/);
    });

    test("GetRunDetails returns the stored task spec", async () => {
      const { details } = await runs.getRunDetails({ runId });
      assert.equal(details.action.spec.case, "task");
      assert.equal(details.action.spec.value.shortName, "hello");
    });

    test("ListRuns lists the project's runs newest first", async () => {
      const response = await runs.listRuns({
        scopeBy: { case: "projectId", value: { organization: "", name: project, domain } },
        request: { limit: 10 },
      });
      const names = response.runs.map((r) => r.action.id.run.name);
      assert.equal(names.length, 2);
      assert.equal(names[1], runId.name);
    });

    test("EnqueueAction adds a child that ListActions shows", async () => {
      await queue.enqueueAction({
        actionId: { run: runId, name: "child-1" },
        parentActionName: "a0",
        inputUri: `s3://bucket/${runId.name}/child-1/inputs.pb`,
        runOutputBase: `s3://bucket/${runId.name}/`,
        spec: { case: "task", value: { spec: taskSpec("child") } },
      });
      const { actions } = await runs.listActions({ runId });
      assert.deepEqual(actions.map((a) => a.id.name).sort(), ["a0", "child-1"]);
    });

    test("AbortRun aborts every action and records the reason", async () => {
      await runs.abortRun({ runId, reason: "from node" });
      const { details } = await runs.getActionDetails({ actionId: { run: runId, name: "child-1" } });
      assert.equal(details.status.phase, enumNumber(registry, PHASE, "PHASE_ABORTED"));
      assert.equal(details.result.case, "abortInfo");
      assert.equal(details.result.value.reason, "from node");
    });

    test("errors carry the right codes", async () => {
      await rejectsWith(runs.createRun({
        id: { case: "runId", value: runId },
        task: { case: "taskSpec", value: taskSpec("again") },
      }), Code.AlreadyExists, runId.name);
      await rejectsWith(runs.getRunDetails({ runId: { ...runId, name: "missing" } }), Code.NotFound, "missing");
      await rejectsWith(runs.listRuns({
        scopeBy: { case: "org", value: "" },
        request: { limit: 500 },
      }), Code.InvalidArgument, "limit");
      await rejectsWith(queue.enqueueAction({
        actionId: { run: runId, name: "late" },
        inputUri: "s3://bucket/x/inputs.pb",
        runOutputBase: "s3://bucket/x/",
        spec: { case: "task", value: { spec: taskSpec("late") } },
      }), Code.FailedPrecondition, "ABORTED");
    });
  });
}
