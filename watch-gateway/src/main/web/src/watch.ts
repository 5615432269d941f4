// A server stream kept open: every (re)subscription starts with the server's snapshot, so after an error or an end
// the stream is simply opened again, with back-off. Nothing is polled.
import { callError, isCanceled, isPermanent, type CallError } from "./api";

export type StreamState =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "retrying"; inMs: number; error?: CallError }
  | { kind: "done" }
  | { kind: "failed"; error: CallError };

export interface WatchOptions<T> {
  /** Opens the stream; aborting `signal` cancels it. */
  open: (signal: AbortSignal) => AsyncIterable<T>;
  onMessage: (message: T) => void;
  /**
   * True when a stream that ends without an error has delivered its subject's final state (WatchActions,
   * WatchActionDetails): it is not opened again. False for streams that never end by themselves (WatchRuns),
   * which are reopened.
   */
  endIsFinal: boolean;
  onState?: (state: StreamState) => void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Starts watching; the returned function stops (and cancels the open call). */
export function watch<T>(options: WatchOptions<T>): () => void {
  const controller = new AbortController();
  void loop(options, controller.signal);
  return () => controller.abort();
}

async function loop<T>(options: WatchOptions<T>, stopped: AbortSignal): Promise<void> {
  const state = options.onState ?? (() => {});
  let delay = FIRST_DELAY_MS;
  while (!stopped.aborted) {
    let error: CallError | undefined;
    state({ kind: "connecting" });
    try {
      let first = true;
      for await (const message of options.open(stopped)) {
        if (first) {
          first = false;
          delay = FIRST_DELAY_MS;
          state({ kind: "live" });
        }
        options.onMessage(message);
      }
      if (options.endIsFinal) {
        state({ kind: "done" });
        return;
      }
    } catch (e) {
      if (stopped.aborted || isCanceled(e)) {
        return;
      }
      if (isPermanent(e)) {
        state({ kind: "failed", error: callError(e) });
        return;
      }
      // RESOURCE_EXHAUSTED (a slow consumer), UNAVAILABLE (the gateway drains), a dropped connection, ...
      error = callError(e);
    }
    const wait = Math.round(delay * (0.8 + Math.random() * 0.4));
    state({ kind: "retrying", inMs: wait, error });
    await sleep(wait, stopped);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}

/** A short text for a stream's state, shown next to a view's title. */
export function describeState(state: StreamState): { text: string; kind: string } {
  switch (state.kind) {
    case "connecting":
      return { text: "connecting…", kind: "connecting" };
    case "live":
      return { text: "live", kind: "live" };
    case "retrying": {
      const why = state.error ? ` (${state.error.code})` : "";
      return { text: `reconnecting in ${(state.inMs / 1000).toFixed(1)} s${why}`, kind: "retrying" };
    }
    case "done":
      return { text: "final", kind: "done" };
    case "failed":
      return { text: `stopped: ${state.error.code}`, kind: "failed" };
  }
}
