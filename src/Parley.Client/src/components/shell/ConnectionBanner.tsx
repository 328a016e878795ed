import { connectionRefusalStore, connectionStore } from "../../state/hub";
import { useStore } from "../common/useStore";

const text = { offline: "", connected: "", connecting: "Connecting…", reconnecting: "Reconnecting…" } as const;

/** Always in the page (an empty live region is hidden by CSS), so screen readers hear when it changes. */
export function ConnectionBanner() {
  const state = useStore(connectionStore);
  const refusal = useStore(connectionRefusalStore);
  return (
    <div className="connection-banner" role="status" aria-live="polite" data-testid="connection-banner" data-state={state}>
      {refusal && state !== "connected" ? refusal : text[state]}
    </div>
  );
}
