// The runs of one project and domain, newest first, kept current by WatchRuns (snapshot, then every change).
import { abortRun } from "./actions";
import { runService } from "./api";
import { h, replace } from "./dom";
import { badge, durationCell, isTerminal, millis, phaseName, time } from "./format";
import type { Run } from "./gen/flyteidl2/workflow/run_definition_pb";
import { href, ROOT_ACTION, type Scope } from "./route";
import { streamIndicator } from "./status";
import { watch } from "./watch";

export function runsView(container: HTMLElement, scope: Scope): () => void {
  const runs = new Map<string, Run>();
  const indicator = streamIndicator("WatchRuns");
  const body = h("tbody");
  replace(container, h("section", { class: "view runs" },
    h("header", { class: "view-head" },
      h("h2", null, "Runs ", h("span", { class: "scope" }, `${scope.project} / ${scope.domain}`)),
      indicator.element,
      h("a", { class: "button primary", href: href({ view: "new", scope }) }, "New run")),
    h("table", { class: "grid" },
      h("thead", null, h("tr", null,
        h("th", null, "Run"), h("th", null, "Task"), h("th", null, "Phase"), h("th", { class: "num" }, "Attempts"),
        h("th", null, "Created"), h("th", null, "Duration"), h("th", null, ""))),
      body)));
  render();

  return watch({
    open: (signal) => runService().watchRuns(
      { target: { case: "projectId", value: { name: scope.project, domain: scope.domain } } }, { signal }),
    onMessage: (message) => {
      for (const run of message.runs) {
        const name = run.action?.id?.run?.name;
        if (name) {
          runs.set(name, run);
        }
      }
      render();
      performance.mark("flyte:first-runs-message");
    },
    endIsFinal: false,
    onState: indicator.update,
  });

  function render(): void {
    const rows = [...runs.values()].sort((a, b) =>
      (millis(b.action?.status?.startTime) ?? 0) - (millis(a.action?.status?.startTime) ?? 0)
      || (a.action?.id?.run?.name ?? "").localeCompare(b.action?.id?.run?.name ?? ""));
    if (rows.length === 0) {
      replace(body, h("tr", null, h("td", { colspan: 7, class: "empty" },
        "No runs in this project and domain yet: start one with New run.")));
      return;
    }
    replace(body, rows.map(row));
  }

  function row(run: Run): HTMLElement {
    const action = run.action!;
    const runId = action.id!.run!;
    const status = action.status;
    const task = action.metadata?.spec.case === "task" ? action.metadata.spec.value.shortName : "";
    const link = href({ view: "run", scope, run: runId.name, action: ROOT_ACTION });
    return h("tr", { "data-run": runId.name, "data-phase": phaseName(status?.phase) },
      h("td", null, h("a", { href: link, class: "run-link" }, runId.name)),
      h("td", null, task),
      h("td", null, badge(status?.phase)),
      h("td", { class: "num" }, status?.attempts ?? 0),
      h("td", null, time(status?.startTime)),
      h("td", null, durationCell(status?.startTime, status?.endTime, status?.phase)),
      h("td", { class: "row-actions" }, isTerminal(status?.phase) ? null
        : h("button", { type: "button", class: "danger", onclick: (e) =>
            void abortRun(runId, e.currentTarget as HTMLButtonElement) }, "Abort")));
  }
}
