import { describe, expect, it } from "vitest";
import { quoteOf } from "./replies";
import { alice, attachment, message } from "../test/fixtures";

describe("quoteOf", () => {
  it("quotes the first non-empty line, cut at 140 characters with a mark", () => {
    expect(quoteOf(message(1, { author: alice, text: "\n  first line  \nsecond" })).excerpt).toBe("first line");
    const long = "x".repeat(200);
    expect(quoteOf(message(2, { text: long })).excerpt).toBe(`${"x".repeat(139)}…`);
  });

  it("quotes a message of files only by what it carries, as the server does", () => {
    expect(quoteOf(message(3, { text: "", attachments: [attachment("beach.jpg", "image")] })).excerpt).toBe("📎 beach.jpg");
    expect(quoteOf(message(4, { text: "", attachments: [attachment("voice message.webm", "voice")] })).excerpt).toBe("🎤 Voice message");
    expect(quoteOf(message(5, { text: "", attachments: [attachment("a.pdf"), attachment("b.pdf"), attachment("c.pdf")] })).excerpt).toBe(
      "📎 a.pdf and 2 more files",
    );
  });

  it("quotes nothing of a deleted message", () => {
    expect(quoteOf(message(6, { text: "gone", deleted: true })).excerpt).toBe("");
  });
});
