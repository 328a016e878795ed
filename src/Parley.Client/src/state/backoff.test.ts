import { describe, expect, it } from "vitest";
import { reconnectDelay } from "./backoff";

describe("reconnectDelay", () => {
  it("retries at once, then backs off", () => {
    const noJitter = () => 1;
    expect(reconnectDelay(0, noJitter)).toBe(0);
    expect(reconnectDelay(1, noJitter)).toBe(1000);
    expect(reconnectDelay(2, noJitter)).toBe(2000);
    expect(reconnectDelay(3, noJitter)).toBe(4000);
  });

  it("never waits more than ten seconds, however long it has been failing", () => {
    for (const attempt of [5, 10, 100, 10_000]) expect(reconnectDelay(attempt, () => 1)).toBe(10_000);
  });

  it("spreads clients out by up to a fifth of the delay", () => {
    expect(reconnectDelay(10, () => 0)).toBe(8000);
  });
});
