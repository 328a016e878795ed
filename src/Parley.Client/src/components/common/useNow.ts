import { useEffect, useState } from "react";

/** The current time, renewed every `intervalMs`, for text such as "last seen 5 min ago" that ages. */
export function useNow(intervalMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
