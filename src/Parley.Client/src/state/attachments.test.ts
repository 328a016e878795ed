import { describe, expect, it } from "vitest";
import { attachmentSummary, fitBox, formatSize, messagePreviewText } from "./attachments";
import { attachment } from "../test/fixtures";

describe("formatSize", () => {
  it("reads as people count file sizes", () => {
    expect(formatSize(0)).toBe("0 bytes");
    expect(formatSize(1)).toBe("1 byte");
    expect(formatSize(1023)).toBe("1023 bytes");
    expect(formatSize(1024)).toBe("1 KB");
    expect(formatSize(1536)).toBe("1.5 KB");
    expect(formatSize(10 * 1024 - 1)).toBe("10 KB");
    expect(formatSize(123 * 1024)).toBe("123 KB");
    expect(formatSize(25 * 1024 * 1024)).toBe("25 MB");
    expect(formatSize(1024 ** 3)).toBe("1 GB");
    expect(formatSize(1536 * 1024 ** 4)).toBe("1,536 TB");
  });
});

describe("fitBox", () => {
  it("scales a large image down to the box with its shape kept", () => {
    expect(fitBox(1600, 1200, 360)).toEqual({ width: 360, height: 270 });
    expect(fitBox(600, 1800, 360)).toEqual({ width: 120, height: 360 });
  });

  it("never scales a small image up and gives unknown dimensions a square", () => {
    expect(fitBox(100, 50, 360)).toEqual({ width: 100, height: 50 });
    expect(fitBox(null, null, 360)).toEqual({ width: 360, height: 360 });
  });
});

describe("previews of messages without text", () => {
  it("name the file, the voice message or the GIF", () => {
    expect(attachmentSummary([attachment("photo.jpg", "image")])).toBe("📎 photo.jpg");
    expect(attachmentSummary([attachment("voice message.webm", "voice")])).toBe("🎤 Voice message");
    expect(attachmentSummary([attachment("Cat dancing", "gif")])).toBe("GIF");
    expect(attachmentSummary([attachment("a.pdf"), attachment("b.pdf")])).toBe("📎 a.pdf and 1 more file");
    expect(attachmentSummary([attachment("a.pdf"), attachment("b.pdf"), attachment("c.pdf")])).toBe("📎 a.pdf and 2 more files");
  });

  it("prefer the text when there is some", () => {
    expect(messagePreviewText({ text: "**look**", attachments: [attachment("a.pdf")] })).toBe("look");
    expect(messagePreviewText({ text: "", attachments: [attachment("a.pdf")] })).toBe("📎 a.pdf");
  });
});
