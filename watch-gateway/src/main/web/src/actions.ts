// The page's write calls besides CreateRun: aborting a run or one action. Failures go to the error banner; success
// shows up through the open streams, which carry the ABORTED phase.
import { runService } from "./api";
import { showError } from "./errors";
import type { ActionIdentifier, RunIdentifier } from "./gen/flyteidl2/common/identifier_pb";

const REASON = "aborted from the web page";

export async function abortRun(runId: RunIdentifier, button: HTMLButtonElement): Promise<void> {
  await call(button, "AbortRun", () => runService().abortRun({ runId, reason: REASON }));
}

export async function abortAction(actionId: ActionIdentifier, button: HTMLButtonElement): Promise<void> {
  await call(button, "AbortAction", () => runService().abortAction({ actionId, reason: REASON }));
}

async function call(button: HTMLButtonElement, what: string, send: () => Promise<unknown>): Promise<void> {
  button.disabled = true;
  try {
    await send();
    button.textContent = "Aborting…";
  } catch (e) {
    showError(what, e);
    button.disabled = false;
  }
}
