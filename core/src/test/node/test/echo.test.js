// test.EchoService (the Java tests' hand-built service) over every protocol: unary, unary GET, errors with
// details, a finite server stream, and the one-message answer of a bidirectional method. Skipped when the
// descriptor set does not have the service.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { Code, ConnectError } from "@connectrpc/connect";
import { compressionGzip } from "@connectrpc/connect-node";
import { PROTOCOLS, baseUrl, client, hasService, loadRegistry } from "../lib/harness.js";

const registry = loadRegistry();
const present = hasService(registry, "test.EchoService");

for (const protocol of PROTOCOLS) {
  describe(`EchoService over ${protocol}`, { skip: !present }, () => {
    const echo = present ? client(registry, "test.EchoService", protocol) : undefined;

    test("unary Echo returns the request", async () => {
      const response = await echo.echo({ value: `hello ${protocol} ✓` });
      assert.equal(response.value, `hello ${protocol} ✓`);
    });

    test("unary Fail carries code, message and details", async () => {
      await assert.rejects(echo.fail({ value: "FAILED_PRECONDITION:run is terminal" }), (err) => {
        assert.ok(err instanceof ConnectError, `not a ConnectError: ${err}`);
        assert.equal(err.code, Code.FailedPrecondition);
        assert.equal(err.rawMessage, "run is terminal");
        const details = err.findDetails(registry.getMessage("google.protobuf.StringValue"));
        assert.deepEqual(details.map((d) => d.value), ["detail-FAILED_PRECONDITION"]);
        return true;
      });
    });

    test("server stream Count sends every item then ends", async () => {
      const items = [];
      for await (const item of echo.count({ value: 4 })) {
        items.push(item.value);
      }
      assert.deepEqual(items, ["item-0", "item-1", "item-2", "item-3"]);
    });
  });
}

describe("EchoService extras", { skip: !present }, () => {
  test("unary Echo over a Connect GET (NO_SIDE_EFFECTS)", async () => {
    const echo = client(registry, "test.EchoService", "connect-json", { useHttpGet: true });
    assert.equal((await echo.echo({ value: "via GET" })).value, "via GET");
  });

  test("bidirectional Chat called as a unary Connect call is answered as a one-message stream", async () => {
    // connect-es only calls bidi methods as streams; a unary POST is what a plain HTTP client sends.
    const response = await fetch(`${baseUrl()}/test.EchoService/Chat`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Connect-Protocol-Version": "1" },
      body: JSON.stringify("hi"),
    });
    assert.equal(response.status, 200);
    assert.equal(await response.json(), "chat:hi");
  });

  test("gzip both ways: the request is compressed and the response comes back compressed", async () => {
    const echo = client(registry, "test.EchoService", "connect-proto", {
      sendCompression: compressionGzip, acceptCompression: [compressionGzip], compressMinBytes: 16 });
    const big = "z".repeat(5000);
    assert.equal((await echo.echo({ value: big })).value, big);
  });
});
