import { describe, expect, it } from "vitest";
import { parseMarkdown, parseMessage, plainText, safeHref, type Block, type Inline } from "./markdown";

const context = { myUsername: "alice", mentionsRoom: false, terms: [] };
const parse = (text: string, terms: { text: string; prefix: boolean }[] = []) => parseMessage(text, { ...context, terms });

/** The only paragraph's inlines. */
function inlinesOf(text: string): Inline[] {
  const blocks = parse(text);
  expect(blocks).toHaveLength(1);
  expect(blocks[0]!.type).toBe("paragraph");
  return (blocks[0] as Extract<Block, { type: "paragraph" }>).children;
}

/** All text a reader sees in these inlines, joined. */
function textOf(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      if (inline.type === "text") return inline.parts.map((p) => p.text).join("");
      if (inline.type === "code") return inline.value;
      if (inline.type === "break") return "\n";
      return textOf(inline.children);
    })
    .join("");
}

const links = (inlines: readonly Inline[]): string[] =>
  inlines.flatMap((inline) => (inline.type === "link" ? [inline.href] : "children" in inline ? links(inline.children) : []));

describe("links", () => {
  it("refuses javascript:, data:, vbscript: and other schemes, and shows the link as the text typed", () => {
    for (const text of [
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](java\tscript:alert(1))",
      "<javascript:alert(1)>",
      "[click](data:text/html;base64,PHNjcmlwdD4=)",
      "[click](vbscript:msgbox(1))",
      "[click](file:///etc/passwd)",
      "[click](&#106;avascript:alert(1))",
      "[click](/relative/path)",
    ]) {
      const inlines = inlinesOf(text);
      expect(links(inlines), text).toEqual([]);
      expect(textOf(inlines), text).toBe(text);
    }
  });

  it("keeps http, https and mailto links, bare URLs, www. and e-mail addresses", () => {
    expect(links(inlinesOf("[docs](https://example.com/a?b=1#c)"))).toEqual(["https://example.com/a?b=1#c"]);
    expect(links(inlinesOf("see http://example.com/x and www.example.org"))).toEqual(["http://example.com/x", "http://www.example.org/"]);
    expect(links(inlinesOf("<https://example.com> or mail bob@example.com"))).toEqual(["https://example.com/", "mailto:bob@example.com"]);
    expect(links(inlinesOf("[write](mailto:bob@example.com)"))).toEqual(["mailto:bob@example.com"]);
  });

  it("never loads an image: a safe one becomes a link named by its alt text, an unsafe one stays text", () => {
    const safe = inlinesOf("![a cat](https://example.com/cat.png)");
    expect(safe).toEqual([{ type: "link", href: "https://example.com/cat.png", children: [{ type: "text", parts: [{ text: "a cat", match: false, mention: null }] }] }]);
    const unsafe = inlinesOf("![x](data:image/svg+xml,<svg onload=alert(1)>)");
    expect(links(unsafe)).toEqual([]);
    expect(textOf(unsafe)).toBe("![x](data:image/svg+xml,<svg onload=alert(1)>)");
  });

  it("safeHref answers the URL as the browser will use it, or null", () => {
    expect(safeHref("HTTPS://Example.com")).toBe("https://example.com/");
    expect(safeHref(" javascript:alert(1)")).toBeNull();
    expect(safeHref("//example.com")).toBeNull();
  });
});

describe("raw HTML", () => {
  it("is shown as the text typed, tags and character references alike", () => {
    for (const text of ['<img src=x onerror="alert(1)">', "<script>alert(2)</script>", "a <b>bold</b> &lt;i&gt; &amp; &#60;", "<div>\n\n*x*\n\n</div>"]) {
      const blocks = parse(text);
      const shown = blocks.map((block) => (block.type === "paragraph" ? textOf(block.children) : "")).join("\n\n");
      expect(shown, text).toBe(text.replace("*x*", "x"));
      expect(JSON.stringify(blocks)).not.toContain('"type":"html"');
    }
  });
});

describe("formatting", () => {
  it("nests bold, italic, strikethrough and inline code", () => {
    expect(inlinesOf("**bold _both ~~all `code`~~_**")).toEqual([
      {
        type: "strong",
        children: [
          { type: "text", parts: [{ text: "bold ", match: false, mention: null }] },
          {
            type: "emphasis",
            children: [
              { type: "text", parts: [{ text: "both ", match: false, mention: null }] },
              { type: "delete", children: [{ type: "text", parts: [{ text: "all ", match: false, mention: null }] }, { type: "code", value: "code" }] },
            ],
          },
        ],
      },
    ]);
  });

  it("strikes through only with two tildes, so '~5 min ~ish' stays text", () => {
    expect(inlinesOf("~5 min ~ish")).toEqual([{ type: "text", parts: [{ text: "~5 min ~ish", match: false, mention: null }] }]);
  });

  it("keeps a fenced code block as typed, with its language, and marks no mention or search term in it", () => {
    const blocks = parse("```TypeScript\nconst who = '@alice'; // deploy\n```", [{ text: "deploy", prefix: false }]);
    expect(blocks).toEqual([{ type: "code", language: "typescript", value: "const who = '@alice'; // deploy" }]);
  });

  it("marks mentions and search terms inside formatting, but not in inline code", () => {
    const inlines = inlinesOf("**@alice deploy** `@alice deploy`");
    const bold = inlines[0] as Extract<Inline, { children: Inline[] }>;
    expect(bold.children).toEqual([{ type: "text", parts: [{ text: "@alice", match: false, mention: "me" }, { text: " deploy", match: false, mention: null }] }]);
    expect(inlines[2]).toEqual({ type: "code", value: "@alice deploy" });
    const withTerm = parseMessage("_deploy_ `deploy`", { ...context, terms: [{ text: "deploy", prefix: false }] });
    expect(withTerm).toEqual([
      {
        type: "paragraph",
        children: [
          { type: "emphasis", children: [{ type: "text", parts: [{ text: "deploy", match: true, mention: null }] }] },
          { type: "text", parts: [{ text: " ", match: false, mention: null }] },
          { type: "code", value: "deploy" },
        ],
      },
    ]);
  });

  it("shows block quotes, lists (tight ones without paragraphs) and headings as bold lines", () => {
    expect(parse("> quoted\n\n- one\n- two\n  1. nested\n\n3. three\n\n# Title")).toEqual([
      { type: "quote", children: [{ type: "paragraph", children: [{ type: "text", parts: [{ text: "quoted", match: false, mention: null }] }] }] },
      {
        type: "list",
        ordered: false,
        start: null,
        items: [
          [{ type: "plain", children: [{ type: "text", parts: [{ text: "one", match: false, mention: null }] }] }],
          [
            { type: "plain", children: [{ type: "text", parts: [{ text: "two", match: false, mention: null }] }] },
            { type: "list", ordered: true, start: null, items: [[{ type: "plain", children: [{ type: "text", parts: [{ text: "nested", match: false, mention: null }] }] }]] },
          ],
        ],
      },
      { type: "list", ordered: true, start: 3, items: [[{ type: "plain", children: [{ type: "text", parts: [{ text: "three", match: false, mention: null }] }] }]] },
      { type: "paragraph", children: [{ type: "strong", children: [{ type: "text", parts: [{ text: "Title", match: false, mention: null }] }] }] },
    ]);
  });

  it("keeps lines as typed: line breaks stay, indented text is no code block, a reference definition does not vanish", () => {
    expect(textOf(inlinesOf("one\ntwo"))).toBe("one\ntwo");
    expect(parse("    indented")[0]!.type).toBe("paragraph");
    expect(textOf(inlinesOf("[a]: https://example.com\n[a]"))).toBe("[a]: https://example.com\n[a]");
  });
});

describe("plain messages", () => {
  it("are shown exactly as the full parse would show them, without running it", () => {
    // Random text from characters that matter to Markdown and some that do not: wherever parseMessage skips the
    // parser, the parser would have made the same single paragraph of text.
    const ordinary = ["a", "b", "Z", " ", " ", "\n", "\t", "@", ".", ":", "-", "1", "=", "+", "&", ";", "é", "😀", "h", "t", "p", "w", "/", "'", '"', "(", ")", "?", ",", "|"];
    const special = ["*", "_", "~", "#", ">", "\r", "\u0000", "\\", "`", "[", "]", "<", "!"];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = (from: readonly string[]) => from[Math.floor(random() * from.length)]!;
    let plain = 0;
    for (let round = 0; round < 1500; round++) {
      const length = 1 + Math.floor(random() * 24);
      const text = Array.from({ length }, () => pick(random() < 0.03 ? special : ordinary)).join("");
      const fast = parseMessage(text, context);
      const [only] = fast;
      const onlyText = fast.length === 1 && only?.type === "paragraph" && only.children.length === 1 && only.children[0]!.type === "text";
      if (!onlyText) continue;
      plain++;
      expect(fast, JSON.stringify(text)).toEqual(parseMarkdown(text, context));
    }
    expect(plain).toBeGreaterThan(200);
  });
});

describe("plain text (the conversation list's preview)", () => {
  it("reads as the message shows, without its Markdown", () => {
    expect(plainText("**soon**, see `npm test` and ~~never~~ [the notes](https://example.com/notes)")).toBe("soon, see npm test and never the notes");
    expect(plainText("> quoted\n\n- one\n- two")).toBe("quoted one two");
    expect(plainText("```js\nconst a = 1;\n```")).toBe("const a = 1;");
  });

  it("keeps HTML and refused links as typed, like the message itself", () => {
    expect(plainText("<b>hi</b> [x](javascript:alert(1))")).toBe("<b>hi</b> [x](javascript:alert(1))");
    expect(plainText("just words")).toBe("just words");
  });
});
