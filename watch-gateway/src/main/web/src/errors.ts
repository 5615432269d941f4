// The error banner: the last failed call, with its Connect code and message, until dismissed or replaced.
import { callError, type CallError } from "./api";
import { h, replace } from "./dom";

let banner: HTMLElement;

export function mountBanner(element: HTMLElement): void {
  banner = element;
  banner.hidden = true;
}

/** Shows `error` (a ConnectError or anything thrown) for `what`, e.g. "CreateRun". */
export function showError(what: string, error: unknown | CallError): void {
  const e = isCallError(error) ? error : callError(error);
  replace(banner,
    h("strong", null, `${what} failed`),
    h("code", { class: "code", "data-code": e.code }, e.code),
    h("span", { class: "message" }, e.message),
    h("button", { type: "button", class: "dismiss", title: "Dismiss", onclick: clearError }, "×"));
  banner.hidden = false;
}

export function clearError(): void {
  banner.hidden = true;
  banner.replaceChildren();
}

function isCallError(value: unknown): value is CallError {
  return typeof value === "object" && value !== null && !(value instanceof Error)
    && "code" in value && "message" in value;
}
