import { createStore } from "./store";
import { parseRoute, type Route } from "./routes";

// The current URL as a store, moved with the History API so back, forward and reload all work.

export const routeStore = createStore<Route>(parseRoute(window.location.pathname));

window.addEventListener("popstate", () => routeStore.set(parseRoute(window.location.pathname)));

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  routeStore.set(parseRoute(path));
}

export function openConversationId(): number | null {
  const route = routeStore.get();
  return route.name === "conversation" ? route.conversationId : null;
}
