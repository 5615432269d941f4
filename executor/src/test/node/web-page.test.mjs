// The web page in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against a running
// system: runs created through the page's form reach their phases live, without reloading, over both protocols;
// Abort from the run page and from the runs list; the error banner. BrowserIT starts 'all' and runs this file;
// by hand: WEB_BASE_URL=http://127.0.0.1:8090 node --test web-page.test.mjs
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const BASE = process.env.WEB_BASE_URL ?? fail("WEB_BASE_URL is not set (the server's HTTP address)");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = process.env.SCREENSHOT_DIR ?? "screenshots";
/** Long enough for a task process to start and finish on a busy CI machine. */
const PHASE_WAIT_MS = 60_000;

let browser;
let page;
const pageErrors = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("pageerror", (error) => pageErrors.push(error));
  page.on("console", (message) => {
    if (message.type() === "error") {
      console.log(`browser console: ${message.text()}`);
    }
  });
  await page.goto(`${BASE}/#/runs?project=examples&domain=development`);
  // A reload would lose this: every check below must happen live, on the page as first loaded.
  await page.evaluate(() => { window.loadedOnce = true; });
});

after(async () => {
  await browser?.close();
});

test("the runs list opens and its WatchRuns stream goes live", async () => {
  await page.locator('.stream[data-rpc="WatchRuns"][data-state="live"]').waitFor();
  const timing = await page.evaluate(() => ({
    firstContentfulPaint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
    firstRunsMessage: performance.getEntriesByName("flyte:first-runs-message")[0]?.startTime,
  }));
  console.log(`timing (ms since navigation start): first contentful paint ${Math.round(timing.firstContentfulPaint)},`
    + ` first WatchRuns message ${Math.round(timing.firstRunsMessage)}`);
  assert.equal(await page.inputValue("#project"), "examples");
  assert.equal(await page.inputValue("#domain"), "development");
});

test("Connect JSON: a hello run created with the form reaches SUCCEEDED live", async () => {
  await useProtocol("connect");
  const run = await createRun("hello");

  await runPhase("SUCCEEDED");
  const details = page.locator('.action-details[data-action="a0"]');
  await details.locator('.attempt[data-attempt="1"][data-phase="SUCCEEDED"]').waitFor();
  assert.deepEqual(await details.locator(".logs .log-name").allTextContents(), ["stdout", "stderr"]);
  assert.match(await details.locator(".logs .uri").first().textContent(), /^file:\/\/.*\/a0\/1\/stdout\.log$/);
  assert.equal(await page.locator(`tr[data-action="a0"] .badge`).getAttribute("data-phase"), "SUCCEEDED");
  await page.screenshot({ path: join(SHOTS, "run.png"), fullPage: true });

  await page.click("a.back");
  await page.locator(`tr[data-run="${run}"][data-phase="SUCCEEDED"]`).waitFor();
  await assertNoReload();
});

test("gRPC-Web: a long run is RUNNING, Abort run makes it ABORTED", async () => {
  await useProtocol("grpc-web");
  await createRun("long");

  await runPhase("RUNNING");
  await page.click("#abort-run");
  await runPhase("ABORTED", 20_000);
  await page.locator(".action-details .notice.aborted").waitFor();
  await assertNoReload();
});

test("Connect JSON: the runs list shows a run change live and aborts it", async () => {
  await useProtocol("connect");
  const run = await createRun("long");
  await runPhase("RUNNING");

  await page.click("a.back");
  const row = page.locator(`tr[data-run="${run}"]`);
  await row.and(page.locator('[data-phase="RUNNING"]')).waitFor();
  await row.locator("button", { hasText: "Abort" }).click();
  await page.locator(`tr[data-run="${run}"][data-phase="ABORTED"]`).waitFor({ timeout: 20_000 });
  // Newest first: the run just aborted heads the list.
  assert.equal(await page.locator("tbody tr").first().getAttribute("data-run"), run);
  await page.screenshot({ path: join(SHOTS, "runs.png"), fullPage: true });
  await assertNoReload();
});

test("a failed call shows its Connect code and message in the banner", async () => {
  await page.click("a.button.primary:has-text('New run')");
  await page.uncheck("#run-unique");
  await page.fill("#run-body", JSON.stringify({
    runId: { project: "examples", domain: "development", name: "Not A Valid Name" },
    taskSpec: { shortName: "x", taskTemplate: { type: "container", container: { command: ["true"] } } },
  }));
  await page.click("#create-run");

  const banner = page.locator("#error");
  await banner.waitFor();
  assert.equal(await banner.locator(".code").textContent(), "invalid_argument");
  assert.match(await banner.locator(".message").textContent(), /name/);
  await banner.locator(".dismiss").click();
  await banner.waitFor({ state: "hidden" });
  assert.deepEqual(pageErrors, [], "no uncaught errors on the page");
});

async function useProtocol(protocol) {
  await page.selectOption("#protocol", protocol);
  await page.locator(`body[data-protocol="${protocol}"]`).waitFor({ state: "attached" });
}

/** Creates a run from one of the page's examples through the "New run" form; returns the run's name. */
async function createRun(example) {
  await page.click("a.brand");
  await page.click("a.button.primary:has-text('New run')");
  await page.selectOption("#run-example", example);
  await page.check("#run-unique");
  await page.click("#create-run");
  await page.waitForURL(/#\/run\?/);
  const run = new URLSearchParams(page.url().split("?").pop()).get("run");
  console.log(`created run ${run} from example ${example}`);
  return run;
}

async function runPhase(phase, timeout = PHASE_WAIT_MS) {
  await page.locator(`.run-phase .badge[data-phase="${phase}"]`).waitFor({ timeout });
}

async function assertNoReload() {
  assert.equal(await page.evaluate(() => window.loadedOnce), true, "the page was not reloaded");
}

function fail(message) {
  throw new Error(message);
}
