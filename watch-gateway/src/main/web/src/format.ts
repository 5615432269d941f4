// Display rules shared by the views: phase names and badges, times and durations.
import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { h } from "./dom";
import { Phase } from "./gen/flyteidl2/workflow/run_definition_pb";

/** "SUCCEEDED", "WAITING_FOR_RESOURCES", ... (the enum value without its PHASE_ prefix). */
export function phaseName(phase: Phase | undefined): string {
  return Phase[phase ?? Phase.UNSPECIFIED] ?? `PHASE_${phase}`;
}

export function isTerminal(phase: Phase | undefined): boolean {
  return phase === Phase.SUCCEEDED || phase === Phase.FAILED || phase === Phase.ABORTED
    || phase === Phase.TIMED_OUT;
}

/** A phase badge; data-phase carries the name for styling and for tests. */
export function badge(phase: Phase | undefined): HTMLElement {
  const name = phaseName(phase);
  return h("span", { class: "badge", "data-phase": name }, name.replaceAll("_", " ").toLowerCase());
}

export function millis(ts: Timestamp | undefined): number | undefined {
  return ts ? timestampDate(ts).getTime() : undefined;
}

/** Local date and time, seconds precision; today's times without the date. */
export function time(ts: Timestamp | undefined): string {
  const ms = millis(ts);
  if (ms === undefined) {
    return "";
  }
  const date = new Date(ms);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay ? date.toLocaleTimeString() : date.toLocaleString();
}

/** "850 ms", "12.3 s", "4m 05s", "2h 03m". */
export function duration(ms: number): string {
  if (ms < 1000) {
    return `${Math.max(0, Math.round(ms))} ms`;
  }
  if (ms < 60_000) {
    return `${(ms / 1000).toFixed(1)} s`;
  }
  const s = Math.floor(ms / 1000);
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  }
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/**
 * The duration from `start` to `end`. Without an end, a phase still under way shows the time since `start`,
 * advanced by {@link tickDurations} (a local clock: nothing is fetched); a finished one shows nothing.
 */
export function durationCell(start: Timestamp | undefined, end: Timestamp | undefined,
                             phase: Phase | undefined): HTMLElement {
  const from = millis(start);
  const to = millis(end);
  if (from === undefined || (to === undefined && isTerminal(phase))) {
    return h("span", { class: "duration" });
  }
  if (to !== undefined) {
    return h("span", { class: "duration" }, duration(to - from));
  }
  return h("span", { class: "duration running", "data-since": from }, duration(Date.now() - from));
}

/** Advances every running duration on the page. */
export function tickDurations(): void {
  for (const element of document.querySelectorAll<HTMLElement>("[data-since]")) {
    element.textContent = duration(Date.now() - Number(element.dataset.since));
  }
}
