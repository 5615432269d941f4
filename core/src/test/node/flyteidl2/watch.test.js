// The real flyteidl2 streams over every protocol the harness speaks: a watch receives its snapshot, then the live
// update another client causes, then ends. Needs the watch gateway (run by ConnectNodeWatchIT); skipped when the
// server under test has no streams (the functions-only run).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PROTOCOLS, client, enumNumber, loadRegistry, nextWithin } from "../lib/harness.js";

const registry = loadRegistry();
const PHASE = "flyteidl2.workflow.Phase";
const withStreams = process.env.PROTOCOL_STREAMS === "1";
const unique = `${process.pid.toString(36)}${Date.now().toString(36)}`;

const taskSpec = {
  shortName: "watched",
  taskTemplate: { type: "container", target: { case: "container", value: { image: "busybox", command: ["true"] } } },
};

for (const protocol of PROTOCOLS) {
  describe(`flyteidl2 streams over ${protocol}`, { skip: !withStreams }, () => {
    const runs = client(registry, "flyteidl2.workflow.RunService", protocol);
    const queue = client(registry, "flyteidl2.workflow.QueueService", protocol);
    const state = client(registry, "flyteidl2.workflow.StateService", protocol);
    const domain = protocol.replaceAll("-", "");
    const project = `watch-${unique}`;

    async function newRun(name) {
      const runId = { org: "", project, domain, name: `${name}-${domain}`.slice(0, 30) };
      await runs.createRun({ id: { case: "runId", value: runId }, task: { case: "taskSpec", value: taskSpec } });
      return runId;
    }

    test("WatchRunDetails sends the snapshot, the abort, then ends", async () => {
      const runId = await newRun("details");
      const stream = runs.watchRunDetails({ runId })[Symbol.asyncIterator]();
      const first = await nextWithin(stream);
      assert.equal(first.details.action.status.phase, enumNumber(registry, PHASE, "PHASE_QUEUED"));
      await runs.abortRun({ runId, reason: "node" });
      let last = first;
      for (let r = await stream.next(); !r.done; r = await stream.next()) {
        last = r.value;
      }
      assert.equal(last.details.action.status.phase, enumNumber(registry, PHASE, "PHASE_ABORTED"));
    });

    test("WatchActions sends the tree and then a new child", async () => {
      const runId = await newRun("tree");
      const abort = new AbortController();
      const stream = runs.watchActions({ runId }, { signal: abort.signal })[Symbol.asyncIterator]();
      const snapshot = await nextWithin(stream);
      assert.deepEqual(snapshot.enrichedActions.map((a) => a.action.id.name), ["a0"]);
      await queue.enqueueAction({
        actionId: { run: runId, name: "c1" }, parentActionName: "a0",
        inputUri: "s3://b/c1/inputs.pb", runOutputBase: "s3://b/",
        spec: { case: "task", value: { spec: taskSpec } },
      });
      let seen = false;
      while (!seen) {
        const update = await nextWithin(stream);
        seen = update.enrichedActions.some((a) => a.action.id.name === "c1");
      }
      abort.abort();
    });

    test("StateService Watch sends children, the sentinel, then updates", async () => {
      const runId = await newRun("state");
      const abort = new AbortController();
      const stream = state.watch({ filter: { case: "parentActionId", value: { run: runId, name: "a0" } } },
        { signal: abort.signal })[Symbol.asyncIterator]();
      const sentinel = await nextWithin(stream);
      assert.equal(sentinel.message.case, "controlMessage");
      assert.equal(sentinel.message.value.sentinel, true);
      await queue.enqueueAction({
        actionId: { run: runId, name: "k1" }, parentActionName: "a0",
        inputUri: "s3://b/k1/inputs.pb", runOutputBase: "s3://b/",
        spec: { case: "task", value: { spec: taskSpec } },
      });
      const update = await nextWithin(stream);
      assert.equal(update.message.case, "actionUpdate");
      assert.equal(update.message.value.actionId.name, "k1");
      abort.abort();
    });
  });
}
