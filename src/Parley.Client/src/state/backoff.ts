/** Delay before reconnect attempt n (0-based): quick at first, then doubling up to a 10 s cap, with jitter so a
 * restarted server is not hit by every client in the same instant. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  if (attempt === 0) return 0;
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.2 * random()));
}
