import { describe, expect, it } from "vitest";
import { formatBytes } from "./adminFormat";

describe("formatBytes", () => {
  it("writes small sizes in bytes and larger ones with one decimal in the largest unit under 1000", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1000)).toBe("1.0 kB");
    expect(formatBytes(12_345_678)).toBe("12.3 MB");
    expect(formatBytes(4.5e12)).toBe("4.5 TB");
  });

  it("stays in terabytes beyond them", () => {
    expect(formatBytes(2e15)).toBe("2000.0 TB");
  });
});
