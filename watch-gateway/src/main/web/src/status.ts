// The small stream indicator next to a view's title ("live", "reconnecting in 2.0 s (unavailable)", ...).
import { showError } from "./errors";
import { describeState, type StreamState } from "./watch";
import { h } from "./dom";

export function streamIndicator(rpc: string): { element: HTMLElement; update: (state: StreamState) => void } {
  const element = h("span", { class: "stream", "data-rpc": rpc, title: rpc });
  return {
    element,
    update(state) {
      const { text, kind } = describeState(state);
      element.textContent = text;
      element.dataset.state = kind;
      if (state.kind === "failed") {
        showError(rpc, state.error);
      }
    },
  };
}
