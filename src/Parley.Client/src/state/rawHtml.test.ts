import { describe, expect, it } from "vitest";

// Messages are shown by building elements from a parsed tree (state/markdown.ts, components/room/MessageText.tsx):
// no source of the client may hand a string to the browser as HTML, where a message's text could become markup.
const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.ts"], { query: "?raw", import: "default", eager: true });

describe("the client's sources", () => {
  it("never set HTML from a string", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    const offenders = Object.entries(sources)
      .filter(([, text]) => /dangerouslySetInnerHTML|\.(?:inner|outer)HTML\s*=|insertAdjacentHTML|document\.write|createContextualFragment/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
