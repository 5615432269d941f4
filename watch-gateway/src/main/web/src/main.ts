// The page: a header (project and domain, protocol switch), the error banner, and one view chosen by the URL hash.
import "./style.css";
import { PROTOCOLS, protocol, setProtocol, type Protocol } from "./api";
import { h } from "./dom";
import { clearError, mountBanner } from "./errors";
import { tickDurations } from "./format";
import { newRunView } from "./new-run-view";
import { currentRoute, go, type Route } from "./route";
import { runView, type RunView } from "./run-view";
import { runsView } from "./runs-view";

const project = h("input", { id: "project", name: "project", size: 14, required: true, "aria-label": "Project" });
const domain = h("input", { id: "domain", name: "domain", size: 12, required: true, "aria-label": "Domain" });
const protocolSelect = h("select", { id: "protocol", name: "protocol", "aria-label": "Protocol",
    onchange: () => { setProtocol(protocolSelect.value as Protocol); render(true); } },
  PROTOCOLS.map((p) => h("option", { value: p.value }, p.label)));
const banner = h("div", { id: "error", class: "banner", role: "alert" });
const view = h("main", { id: "view" });

document.body.append(
  h("header", { class: "top" },
    h("a", { class: "brand", href: "#/runs" }, "flyte-services"),
    h("form", { class: "scope", onsubmit: (e) => { e.preventDefault(); showScope(); } },
      h("label", null, "Project ", project),
      h("label", null, "Domain ", domain),
      h("button", { type: "submit" }, "Show runs")),
    h("label", { class: "protocol" }, "Protocol ", protocolSelect)),
  banner,
  view);
mountBanner(banner);

let active: { route: Route; stop: () => void; run?: RunView } | undefined;

function render(restart = false): void {
  const route = currentRoute();
  project.value = route.scope.project;
  domain.value = route.scope.domain;
  protocolSelect.value = protocol();
  document.body.dataset.protocol = protocol();
  if (!restart && active?.run?.select(route)) {
    active.route = route;
    return;
  }
  active?.stop();
  if (!restart) {
    clearError();
  }
  if (route.view === "new") {
    active = { route, stop: newRunView(view, route.scope) };
  } else if (route.view === "run") {
    const run = runView(view, route);
    active = { route, stop: run.stop, run };
  } else {
    active = { route, stop: runsView(view, route.scope) };
  }
}

function showScope(): void {
  go({ view: "runs", scope: { project: project.value.trim(), domain: domain.value.trim() } });
}

window.addEventListener("hashchange", () => render());
setInterval(tickDurations, 1000);
render();
