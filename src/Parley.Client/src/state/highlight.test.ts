import { describe, expect, it } from "vitest";
import { highlightTerms, splitSnippet } from "./highlight";

const marked = (segments: { text: string; match: boolean }[]) => segments.map((s) => (s.match ? `[${s.text}]` : s.text)).join("");

describe("splitSnippet", () => {
  it("turns the server's match markers into segments", () => {
    expect(splitSnippet("…we \uE000deploy\uE001 on \uE000Friday\uE001")).toEqual([
      { text: "…we ", match: false },
      { text: "deploy", match: true },
      { text: " on ", match: false },
      { text: "Friday", match: true },
    ]);
  });

  it("keeps markup as text: a snippet can never become HTML", () => {
    expect(marked(splitSnippet("<b>\uE000bold\uE001</b>"))).toBe("<b>[bold]</b>");
  });

  it("copes with no markers and with empty matches", () => {
    expect(splitSnippet("plain")).toEqual([{ text: "plain", match: false }]);
    expect(splitSnippet("a\uE000\uE001b")).toEqual([{ text: "ab", match: false }]);
  });
});

describe("highlightTerms", () => {
  it("marks words ignoring case, also as the start of longer words", () => {
    expect(marked(highlightTerms("Deployment is done, deploy again", ["deploy"]))).toBe("[Deploy]ment is done, [deploy] again");
  });

  it("does not mark a term in the middle of a word", () => {
    expect(marked(highlightTerms("redeploy", ["deploy"]))).toBe("redeploy");
  });

  it("marks phrases and merges overlapping matches", () => {
    expect(marked(highlightTerms("the release train leaves", ["release train", "train"]))).toBe("the [release train] leaves");
  });

  it("leaves text without matches as one plain segment", () => {
    expect(highlightTerms("nothing here", ["absent"])).toEqual([{ text: "nothing here", match: false }]);
    expect(highlightTerms("", ["x"])).toEqual([]);
  });
});
