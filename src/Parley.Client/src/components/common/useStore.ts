import { useSyncExternalStore } from "react";
import type { Store } from "../../state/store";

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

/** A slice of a store; `select` must return something already in the store (not a new object), or it loops. */
export function useStoreSlice<T, S>(store: Store<T>, select: (value: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
