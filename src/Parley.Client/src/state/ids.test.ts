import { afterEach, describe, expect, it, vi } from "vitest";
import { newClientMessageId } from "./ids";

describe("newClientMessageId", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is a v4 UUID, different every time", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newClientMessageId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("works where crypto.randomUUID does not exist (plain http on a LAN address)", () => {
    const real = globalThis.crypto;
    vi.stubGlobal("crypto", { getRandomValues: (array: Uint8Array) => real.getRandomValues(array) });
    expect("randomUUID" in globalThis.crypto).toBe(false);
    expect(newClientMessageId()).toHaveLength(36);
  });
});
