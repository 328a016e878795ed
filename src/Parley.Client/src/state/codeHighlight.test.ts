import { describe, expect, it } from "vitest";
import { fromHast, highlightCode, type HighlightNode } from "./codeHighlight";

const textOf = (nodes: readonly HighlightNode[]): string => nodes.map((n) => (typeof n === "string" ? n : textOf(n.children))).join("");

describe("highlightCode", () => {
  it("highlights a common language and its alias, keeping the code's text exactly", () => {
    const code = "const a = \"<b>\"; // note";
    for (const language of ["javascript", "js", "ts"]) {
      const nodes = highlightCode(code, language)!;
      expect(textOf(nodes)).toBe(code);
      expect(nodes).toContainEqual({ className: "hljs-keyword", children: ["const"] });
      expect(nodes).toContainEqual({ className: "hljs-string", children: ['"<b>"'] });
    }
  });

  it("answers null for a language it does not know, so the block shows plain", () => {
    expect(highlightCode("x", "cobol")).toBeNull();
  });
});

describe("fromHast", () => {
  it("keeps text and highlight.js's classes only: other elements, classes and properties are dropped", () => {
    const nodes = fromHast({
      type: "root",
      children: [
        { type: "element", tagName: "span", properties: { className: ["hljs-title", "function_", "evil"], onclick: "x" }, children: [{ type: "text", value: "f" }] },
        { type: "element", tagName: "img", properties: { src: "x" }, children: [{ type: "text", value: "g" }] },
        { type: "comment", value: "c" },
      ],
    });
    expect(nodes).toEqual([{ className: "hljs-title", children: ["f"] }, "g"]);
  });
});
