import { useState } from "react";
import { ApiError } from "../../state/problem";

/** Runs a user action (a form submit, a button) and keeps what the UI shows about it: busy, and why it failed. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const run = async (...args: A): Promise<void> => {
    setPending(true);
    setError(null);
    try {
      await action(...args);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, "client_error", "Something went wrong. Try again."));
    } finally {
      setPending(false);
    }
  };

  return { run, pending, error };
}
