import { useCallback, useRef, useState } from "react";
import { ApiError } from "../../state/problem";

/** Runs a user action (a form submit, a button) and keeps what the UI shows about it: busy, and why it failed. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(action);
  latest.current = action;

  const run = useCallback(async (...args: A): Promise<boolean> => {
    setPending(true);
    setError(null);
    try {
      await latest.current(...args);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "client_error", "Something went wrong. Try again."));
      return false;
    } finally {
      setPending(false);
    }
  }, []);

  return { run, pending, error, clearError: () => setError(null) };
}
