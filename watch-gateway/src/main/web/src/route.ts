// The page's place, kept in the URL hash so views can be linked and survive a reload:
//   #/runs?project=examples&domain=development
//   #/run?project=examples&domain=development&run=ex-hello&action=a0
//   #/new?project=examples&domain=development

export interface Scope {
  project: string;
  domain: string;
}

export type Route =
  | { view: "runs"; scope: Scope }
  | { view: "new"; scope: Scope }
  | { view: "run"; scope: Scope; run: string; action: string };

export const DEFAULT_SCOPE: Scope = { project: "examples", domain: "development" };
export const ROOT_ACTION = "a0";

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, "");
  const [path, query = ""] = hash.split("?", 2);
  const params = new URLSearchParams(query);
  const scope = {
    project: params.get("project") || DEFAULT_SCOPE.project,
    domain: params.get("domain") || DEFAULT_SCOPE.domain,
  };
  const run = params.get("run");
  if (path === "/run" && run) {
    return { view: "run", scope, run, action: params.get("action") || ROOT_ACTION };
  }
  return { view: path === "/new" ? "new" : "runs", scope };
}

export function href(route: Route): string {
  const params = new URLSearchParams({ project: route.scope.project, domain: route.scope.domain });
  if (route.view === "run") {
    params.set("run", route.run);
    params.set("action", route.action);
    return `#/run?${params}`;
  }
  return `#/${route.view}?${params}`;
}

export function go(route: Route): void {
  location.hash = href(route);
}
