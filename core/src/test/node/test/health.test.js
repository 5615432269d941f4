// grpc.health.v1.Health over every protocol: unary Check, its NOT_FOUND error, and the Watch stream's live updates.
// Live updates need a way to change a status from outside; with test.EchoService in the descriptor set its
// SetHealth method does it, otherwise the live part is skipped.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Code, ConnectError } from "@connectrpc/connect";
import { PROTOCOLS, client, enumNumber, hasService, loadRegistry, nextWithin } from "../lib/harness.js";

const registry = loadRegistry();
const STATUS = "grpc.health.v1.HealthCheckResponse.ServingStatus";
const canSetHealth = hasService(registry, "test.EchoService");

for (const protocol of PROTOCOLS) {
  describe(`Health over ${protocol}`, () => {
    const health = client(registry, "grpc.health.v1.Health", protocol);

    test("unary Check answers SERVING for the whole server", async () => {
      const response = await health.check({ service: "" });
      assert.equal(response.status, enumNumber(registry, STATUS, "SERVING"));
    });

    test("unary Check of an unknown service fails with NotFound and a message", async () => {
      await assert.rejects(health.check({ service: `no.such.Service.${protocol}` }), (err) => {
        assert.ok(err instanceof ConnectError, `not a ConnectError: ${err}`);
        assert.equal(err.code, Code.NotFound);
        assert.ok(err.rawMessage.length > 0, "the error has no message");
        return true;
      });
    });

    test("server stream Watch that reaches its deadline fails with DeadlineExceeded", async () => {
      const seen = [];
      await assert.rejects(async () => {
        for await (const update of health.watch({ service: `node.deadline.${protocol}` }, { timeoutMs: 300 })) {
          seen.push(update.status);
        }
      }, (err) => err instanceof ConnectError && err.code === Code.DeadlineExceeded);
      assert.deepEqual(seen, [enumNumber(registry, STATUS, "SERVICE_UNKNOWN")]);
    });

    test("server stream Watch sends the current status then live updates", { skip: !canSetHealth }, async () => {
      const name = `node.live.${protocol}`;
      const setter = client(registry, "test.EchoService", protocol);
      const abort = new AbortController();
      const stream = health.watch({ service: name }, { signal: abort.signal })[Symbol.asyncIterator]();
      try {
        assert.equal((await nextWithin(stream)).status, enumNumber(registry, STATUS, "SERVICE_UNKNOWN"));
        await setter.setHealth({ value: `${name}=SERVING` });
        assert.equal((await nextWithin(stream)).status, enumNumber(registry, STATUS, "SERVING"));
        await setter.setHealth({ value: `${name}=NOT_SERVING` });
        assert.equal((await nextWithin(stream)).status, enumNumber(registry, STATUS, "NOT_SERVING"));
      } finally {
        abort.abort();
        await stream.return?.().catch(() => {});
      }
    });
  });
}
