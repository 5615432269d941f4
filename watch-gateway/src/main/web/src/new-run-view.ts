// The "New run" form: a CreateRun request as JSON (prefilled from examples/), sent with CreateRun; on success the
// page opens the new run.
import { fromJson, type JsonValue } from "@bufbuild/protobuf";
import { runService } from "./api";
import { h, replace } from "./dom";
import { clearError, showError } from "./errors";
import { CreateRunRequestSchema } from "./gen/flyteidl2/workflow/run_service_pb";
import { RunSource } from "./gen/flyteidl2/workflow/run_definition_pb";
import { EXAMPLES } from "./examples";
import { go, href, ROOT_ACTION, type Scope } from "./route";

const MAX_RUN_NAME = 30;

export function newRunView(container: HTMLElement, scope: Scope): () => void {
  const body = h("textarea", { id: "run-body", name: "body", rows: 18, spellcheck: "false",
    "aria-label": "CreateRun request (JSON)" });
  const example = h("select", { id: "run-example", name: "example", onchange: () => fill() },
    EXAMPLES.map((e) => h("option", { value: e.name }, e.label)));
  const unique = h("input", { type: "checkbox", id: "run-unique", name: "unique", checked: true });
  const submit = h("button", { type: "submit", class: "primary", id: "create-run" }, "Create run");
  const form = h("form", { class: "new-run", onsubmit: (e) => { e.preventDefault(); void send(); } },
    h("label", { for: "run-example" }, "Example"), example,
    h("label", { for: "run-body" }, "CreateRun request (JSON)"), body,
    h("label", { class: "check" }, unique, " Add a unique suffix to the run name (a name can be used once)"),
    h("div", { class: "form-actions" },
      h("a", { class: "button", href: href({ view: "runs", scope }) }, "Cancel"), submit));
  replace(container, h("section", { class: "view new" },
    h("header", { class: "view-head" }, h("h2", null, "New run")), form));
  fill();
  return () => {};

  function fill(): void {
    const chosen = EXAMPLES.find((e) => e.name === example.value) ?? EXAMPLES[0];
    // The examples are in examples/development: start them in the project shown instead.
    body.value = chosen.body
      .replace(/"project": "examples"/, `"project": ${JSON.stringify(scope.project)}`)
      .replace(/"domain": "development"/, `"domain": ${JSON.stringify(scope.domain)}`);
  }

  async function send(): Promise<void> {
    let request;
    try {
      request = fromJson(CreateRunRequestSchema, JSON.parse(body.value) as JsonValue);
    } catch (e) {
      showError("CreateRun", { code: "invalid_argument", message: `not a CreateRun request: ${String(e)}` });
      return;
    }
    if (request.id.case === "runId" && unique.checked) {
      request.id.value.name = uniqueName(request.id.value.name);
    }
    if (request.source === RunSource.UNSPECIFIED) {
      request.source = RunSource.WEB;
    }
    submit.disabled = true;
    try {
      const response = await runService().createRun(request);
      clearError();
      const runId = response.run?.action?.id?.run ?? (request.id.case === "runId" ? request.id.value : undefined);
      if (runId) {
        go({ view: "run", scope: { project: runId.project, domain: runId.domain }, run: runId.name,
          action: ROOT_ACTION });
      }
    } catch (e) {
      showError("CreateRun", e);
    } finally {
      submit.disabled = false;
    }
  }
}

/** `name` plus "-" and six random characters, within the 30-character limit of a run name. */
function uniqueName(name: string): string {
  const suffix = Math.random().toString(36).slice(2, 8).padEnd(6, "0");
  const base = (name || "run").slice(0, MAX_RUN_NAME - suffix.length - 1).replace(/-+$/, "");
  return `${base}-${suffix}`;
}
