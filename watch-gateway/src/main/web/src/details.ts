// The details of one action (WatchActionDetails): its status and result, then every attempt with its phase
// transitions, error, logs and cluster events.
import { h, type Child } from "./dom";
import { badge, durationCell, phaseName, time } from "./format";
import type { TaskLog } from "./gen/flyteidl2/core/execution_pb";
import {
  ErrorInfo_Kind,
  type ActionAttempt,
  type ActionDetails,
  type ErrorInfo,
} from "./gen/flyteidl2/workflow/run_definition_pb";

export function renderDetails(details: ActionDetails): HTMLElement {
  const status = details.status;
  const task = details.spec.case === "task" ? details.spec.value : undefined;
  const command = task?.taskTemplate?.target.case === "container"
    ? [...task.taskTemplate.target.value.command, ...task.taskTemplate.target.value.args].join(" ")
    : "";
  return h("div", { class: "action-details", "data-action": details.id?.name,
      "data-phase": phaseName(status?.phase) },
    h("div", { class: "title" }, h("strong", null, details.id?.name), badge(status?.phase)),
    h("dl", { class: "facts" },
      fact("Task", task?.shortName),
      fact("Parent", details.metadata?.parent),
      fact("Created", time(status?.startTime)),
      fact("Ended", time(status?.endTime)),
      fact("Duration", durationCell(status?.startTime, status?.endTime, status?.phase)),
      fact("Attempts", String(status?.attempts ?? 0)),
      fact("Command", command ? h("code", null, command) : null)),
    details.result.case === "errorInfo" ? errorBlock(details.result.value) : null,
    details.result.case === "abortInfo"
      ? h("div", { class: "notice aborted" }, h("strong", null, "Aborted"),
          details.result.value.reason ? `: ${details.result.value.reason}` : "")
      : null,
    h("h4", null, "Attempts"),
    details.attempts.length === 0
      ? h("p", { class: "muted" }, "No attempt yet: the action is queued.")
      : [...details.attempts].reverse().map(attempt));
}

function fact(name: string, value: Child): Child {
  return value === undefined || value === null || value === "" ? null : [h("dt", null, name), h("dd", null, value)];
}

function attempt(a: ActionAttempt): HTMLElement {
  return h("article", { class: "attempt", "data-attempt": a.attempt, "data-phase": phaseName(a.phase) },
    h("header", null,
      h("strong", null, `Attempt ${a.attempt}`), badge(a.phase),
      h("span", { class: "muted" }, time(a.startTime)),
      durationCell(a.startTime, a.endTime, a.phase),
      a.cluster ? h("span", { class: "muted" }, `on ${a.cluster}`) : null),
    a.errorInfo ? errorBlock(a.errorInfo) : null,
    a.phaseTransitions.length === 0 ? null : h("ol", { class: "transitions" },
      a.phaseTransitions.map((t) => h("li", null, badge(t.phase), h("span", { class: "muted" }, time(t.startTime)),
        durationCell(t.startTime, t.endTime, t.phase)))),
    a.logInfo.length === 0 ? null : h("div", { class: "logs" },
      h("span", { class: "label" }, "Logs"), h("ul", null, a.logInfo.map((log) => h("li", null, logLink(log))))),
    a.clusterEvents.length === 0 ? null : h("div", { class: "events" },
      h("span", { class: "label" }, "Cluster events"),
      h("ul", null, a.clusterEvents.map((e) =>
        h("li", null, h("time", null, time(e.occurredAt)), " ", e.message)))));
}

/** http(s) logs are links; file:// and storage URIs cannot be opened from a web page, so they are shown as text. */
function logLink(log: TaskLog): Child {
  const name = log.name || "log";
  if (/^https?:\/\//i.test(log.uri)) {
    return h("a", { href: log.uri, target: "_blank", rel: "noopener" }, name);
  }
  return [h("span", { class: "log-name" }, name), " ", h("code", { class: "uri", title: log.uri }, log.uri)];
}

function errorBlock(error: ErrorInfo): HTMLElement {
  const kind = ErrorInfo_Kind[error.kind] ?? "";
  return h("div", { class: "notice error" },
    h("strong", null, kind && kind !== "UNSPECIFIED" ? `${kind.toLowerCase()} error` : "error"),
    h("pre", null, error.message));
}
