// One run: its actions as a tree (WatchActions: snapshot, then changed nodes) and the selected action's details
// (WatchActionDetails). Both streams end by themselves once their subject is final.
import { create } from "@bufbuild/protobuf";
import { abortAction, abortRun } from "./actions";
import { runService } from "./api";
import { renderDetails } from "./details";
import { h, replace } from "./dom";
import { badge, durationCell, isTerminal, millis, phaseName } from "./format";
import { RunIdentifierSchema } from "./gen/flyteidl2/common/identifier_pb";
import type { EnrichedAction } from "./gen/flyteidl2/workflow/run_definition_pb";
import { href, type Route } from "./route";
import { streamIndicator } from "./status";
import { watch } from "./watch";

type RunRoute = Extract<Route, { view: "run" }>;

export interface RunView {
  stop(): void;
  /** Shows another action of the same run; false when `route` is about something else. */
  select(route: Route): boolean;
}

export function runView(container: HTMLElement, route: RunRoute): RunView {
  const runId = create(RunIdentifierSchema,
    { project: route.scope.project, domain: route.scope.domain, name: route.run });
  const actions = new Map<string, EnrichedAction>();
  let selected = route.action;
  let stopDetails = () => {};

  const actionsIndicator = streamIndicator("WatchActions");
  const detailsIndicator = streamIndicator("WatchActionDetails");
  const runPhase = h("span", { class: "run-phase" });
  const abortButton = h("button", { type: "button", class: "danger", id: "abort-run", hidden: true,
    onclick: () => void abortRun(runId, abortButton) }, "Abort run");
  const tree = h("tbody");
  const details = h("div", { class: "details-body" });
  replace(container, h("section", { class: "view run", "data-run": route.run },
    h("header", { class: "view-head" },
      h("a", { class: "back", href: href({ view: "runs", scope: route.scope }) }, "← Runs"),
      h("h2", null, route.run, " ", h("span", { class: "scope" }, `${route.scope.project} / ${route.scope.domain}`)),
      runPhase, actionsIndicator.element, abortButton),
    h("div", { class: "split" },
      h("section", { class: "panel" },
        h("h3", null, "Actions"),
        h("table", { class: "grid tree" },
          h("thead", null, h("tr", null, h("th", null, "Action"), h("th", null, "Task"), h("th", null, "Phase"),
            h("th", { class: "num" }, "Attempts"), h("th", null, "Duration"), h("th", null, ""))),
          tree)),
      h("section", { class: "panel details" },
        h("div", { class: "panel-head" }, h("h3", null, "Details"), detailsIndicator.element),
        details))));

  const stopActions = watch({
    open: (signal) => runService().watchActions({ runId }, { signal }),
    onMessage: (message) => {
      for (const node of message.enrichedActions) {
        const name = node.action?.id?.name;
        if (name) {
          actions.set(name, node);
        }
      }
      render();
    },
    endIsFinal: true,
    onState: actionsIndicator.update,
  });
  render();
  watchDetails();

  return {
    stop() {
      stopActions();
      stopDetails();
    },
    select(next) {
      if (next.view !== "run" || next.run !== route.run || next.scope.project !== route.scope.project
          || next.scope.domain !== route.scope.domain) {
        return false;
      }
      if (next.action !== selected) {
        selected = next.action;
        render();
        watchDetails();
      }
      return true;
    },
  };

  function watchDetails(): void {
    stopDetails();
    replace(details, h("p", { class: "muted" }, "Loading…"));
    const actionId = { run: runId, name: selected };
    stopDetails = watch({
      open: (signal) => runService().watchActionDetails({ actionId }, { signal }),
      onMessage: (message) => {
        if (message.details) {
          replace(details, renderDetails(message.details));
        }
      },
      endIsFinal: true,
      onState: detailsIndicator.update,
    });
  }

  function render(): void {
    const ordered = treeOrder();
    const root = ordered.find((entry) => entry.depth === 0)?.node.action;
    replace(runPhase, root ? badge(root.status?.phase) : null);
    abortButton.hidden = !root || isTerminal(root.status?.phase);
    if (ordered.length === 0) {
      replace(tree, h("tr", null, h("td", { colspan: 6, class: "empty" }, "Waiting for the run's actions…")));
      return;
    }
    replace(tree, ordered.map(({ node, depth }) => {
      const action = node.action!;
      const name = action.id!.name;
      const status = action.status;
      const task = action.metadata?.spec.case === "task" ? action.metadata.spec.value.shortName
        : action.metadata?.spec.value?.name ?? "";
      return h("tr", { "data-action": name, "data-phase": phaseName(status?.phase),
          class: name === selected ? "selected" : null },
        h("td", { style: `padding-left: ${0.6 + depth * 1.2}rem` },
          h("a", { href: href({ ...route, action: name }) }, name)),
        h("td", null, task),
        h("td", null, badge(status?.phase)),
        h("td", { class: "num" }, status?.attempts ?? 0),
        h("td", null, durationCell(status?.startTime, status?.endTime, status?.phase)),
        h("td", { class: "row-actions" }, depth === 0 || isTerminal(status?.phase) ? null
          : h("button", { type: "button", class: "danger small", onclick: (e) =>
              void abortAction(action.id!, e.currentTarget as HTMLButtonElement) }, "Abort")));
    }));
  }

  /** Parents before children, siblings by creation time; depth from the root. */
  function treeOrder(): Array<{ node: EnrichedAction; depth: number }> {
    const children = new Map<string, EnrichedAction[]>();
    for (const node of actions.values()) {
      const parent = node.action?.metadata?.parent ?? "";
      const key = parent && actions.has(parent) ? parent : "";
      children.set(key, [...(children.get(key) ?? []), node]);
    }
    const byStart = (a: EnrichedAction, b: EnrichedAction) =>
      (millis(a.action?.status?.startTime) ?? 0) - (millis(b.action?.status?.startTime) ?? 0)
      || (a.action?.id?.name ?? "").localeCompare(b.action?.id?.name ?? "");
    const out: Array<{ node: EnrichedAction; depth: number }> = [];
    const visit = (key: string, depth: number) => {
      for (const node of (children.get(key) ?? []).sort(byStart)) {
        out.push({ node, depth });
        visit(node.action!.id!.name, depth + 1);
      }
    };
    visit("", 0);
    return out;
  }
}
