import { describe, expect, it } from "vitest";
import { highlightTerms, highlightTermsFor, readableSnippet, splitSnippet } from "./highlight";

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

describe("readableSnippet", () => {
  it("reads as the message shows, without its Markdown, with the matches still marked", () => {
    expect(readableSnippet("…the **\uE000build\uE001** is `green` now")).toEqual([
      { text: "…the ", match: false },
      { text: "build", match: true },
      { text: " is green now", match: false },
    ]);
  });

  it("keeps HTML as typed", () => {
    expect(readableSnippet("<b>\uE000bold\uE001</b>")).toEqual([
      { text: "<b>", match: false },
      { text: "bold", match: true },
      { text: "</b>", match: false },
    ]);
  });
});

describe("highlightTerms", () => {
  const words = (...texts: string[]) => texts.map((text) => ({ text, prefix: false }));

  it("marks whole words, ignoring case", () => {
    expect(marked(highlightTerms("Deploy is done, deployment next", words("deploy")))).toBe("[Deploy] is done, deployment next");
  });

  it("marks the start of longer words for a prefix term", () => {
    expect(marked(highlightTerms("Deployment is done, deploy again", [{ text: "deploy", prefix: true }]))).toBe("[Deploy]ment is done, [deploy] again");
  });

  it("does not mark a term in the middle of a word", () => {
    expect(marked(highlightTerms("redeploy", [{ text: "deploy", prefix: true }]))).toBe("redeploy");
  });

  it("ignores accents, as the search index does, and marks the original text", () => {
    expect(marked(highlightTerms("Café crème at noon", words("cafe", "CREME")))).toBe("[Café] [crème] at noon");
  });

  it("marks phrases and merges overlapping matches", () => {
    expect(marked(highlightTerms("the release train leaves", words("release train", "train")))).toBe("the [release train] leaves");
  });

  it("leaves text without matches as one plain segment", () => {
    expect(highlightTerms("nothing here", words("absent"))).toEqual([{ text: "nothing here", match: false }]);
    expect(highlightTerms("", words("x"))).toEqual([]);
  });
});

describe("highlightTermsFor", () => {
  it("knows which of the server's highlights the query asked for as prefixes", () => {
    expect(highlightTermsFor('deploy* "release train" from:bob Friday', ["release train", "deploy", "Friday"])).toEqual([
      { text: "release train", prefix: false },
      { text: "deploy", prefix: true },
      { text: "Friday", prefix: false },
    ]);
  });
});
