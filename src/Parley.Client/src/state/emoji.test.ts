import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  completeShortcode,
  DefaultFrequentEmoji,
  emojiForShortcode,
  frequentEmoji,
  insertShortcode,
  isEmojiOnly,
  loadEmoji,
  noteEmojiUsed,
  searchEmoji,
  shortcodeQueryAt,
} from "./emoji";
import { fullyQualified } from "./emojiIndex";

describe("emojiForShortcode", () => {
  it("finds GitHub's and Slack's shortcodes, with or without colons, in any case", async () => {
    expect(await emojiForShortcode("tada")).toBe("🎉");
    expect(await emojiForShortcode(":tada:")).toBe("🎉");
    expect(await emojiForShortcode("+1")).toBe("👍");
    expect(await emojiForShortcode("thumbsup")).toBe("👍");
    expect(await emojiForShortcode("Heart")).toBe("❤️");
    expect(await emojiForShortcode("joy")).toBe("😂");
  });

  it("answers null for a shortcode no emoji has", async () => {
    expect(await emojiForShortcode("no_such_emoji_here")).toBeNull();
    expect(await emojiForShortcode("")).toBeNull();
  });
});

describe("searchEmoji", () => {
  it("puts the emoji whose shortcode is the query first, then shortcodes and names starting with it", async () => {
    const found = await searchEmoji("tada");
    expect(found[0]!.emoji).toBe("🎉");
    const hearts = (await searchEmoji("heart", 5)).map((e) => e.emoji);
    expect(hearts[0]).toBe("❤️");
    expect(hearts).toHaveLength(5);
  });

  it("matches every word typed against names and search words", async () => {
    expect((await searchEmoji("party popper")).map((e) => e.emoji)).toContain("🎉");
    expect((await searchEmoji("celebrate")).map((e) => e.emoji)).toContain("🎉");
    expect(await searchEmoji("zzqx")).toEqual([]);
  });

  it("offers each emoji in the form people type it, never the data's extra variation selector", async () => {
    const index = await loadEmoji();
    expect(index.byEmoji.has("👍")).toBe(true);
    expect(index.byEmoji.has("👍\uFE0F")).toBe(false);
    expect(index.all.every((e) => fullyQualified(e.emoji) === e.emoji)).toBe(true);
    // Unicode's own list of the forms to send (the "v" flag's RGI_Emoji, which Node has): every emoji is one.
    const rgi = new RegExp("^\\p{RGI_Emoji}$", "v");
    expect(index.all.filter((e) => !rgi.test(e.emoji)).map((e) => e.emoji)).toEqual([]);
    // Regional indicator letters and skin tone swatches are parts of emoji, not emoji to pick.
    expect(index.byEmoji.has("🇦")).toBe(false);
    expect(index.byEmoji.has("🏻")).toBe(false);
  });
});

describe("isEmojiOnly", () => {
  it("is true for one to three emoji, spaces between them allowed", () => {
    expect(isEmojiOnly("🎉")).toBe(true);
    expect(isEmojiOnly(" 👍🏽 ❤️ ")).toBe(true);
    expect(isEmojiOnly("👨‍👩‍👧‍👦🇫🇷😂")).toBe(true);
  });

  it("is false for text, four emoji or more, digits and nothing at all", () => {
    expect(isEmojiOnly("nice 🎉")).toBe(false);
    expect(isEmojiOnly("🎉🎉🎉🎉")).toBe(false);
    expect(isEmojiOnly("123")).toBe(false);
    expect(isEmojiOnly("#")).toBe(false);
    expect(isEmojiOnly("   ")).toBe(false);
    expect(isEmojiOnly("")).toBe(false);
  });
});

describe("shortcodes in the composer", () => {
  it("finds the :shortcode being typed from two characters on, not a smiley or a time", () => {
    expect(shortcodeQueryAt("well :ta", 8)).toEqual({ start: 5, query: "ta" });
    expect(shortcodeQueryAt(":+1", 3)).toEqual({ start: 0, query: "+1" });
    expect(shortcodeQueryAt("well :t", 7)).toBeNull();
    expect(shortcodeQueryAt("at 10:30", 8)).toBeNull();
    expect(shortcodeQueryAt("see:ta", 6)).toBeNull();
    expect(shortcodeQueryAt("well :ta later", 14)).toBeNull();
  });

  it("replaces the :query with the emoji and a space", () => {
    expect(insertShortcode("well :ta now", { start: 5, query: "ta" }, 8, "🎉")).toEqual({ text: "well 🎉 now", caret: 8 });
  });

  it("turns a finished :shortcode: into its emoji, and leaves an unknown one alone", async () => {
    const index = await loadEmoji();
    expect(completeShortcode(index, "yay :tada:", 10)).toEqual({ text: "yay 🎉", caret: 6, emoji: "🎉" });
    expect(completeShortcode(index, "yay :nope_nope:", 15)).toBeNull();
    expect(completeShortcode(null, "yay :tada:", 10)).toBeNull();
  });
});

describe("frequentEmoji", () => {
  const stored = new Map<string, string>();
  beforeEach(() => {
    stored.clear();
    vi.stubGlobal("localStorage", {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("offers the defaults to someone who has picked nothing yet", () => {
    expect(frequentEmoji()).toEqual(["👍", "❤️", "😂", "🎉", "😮", "😢"]);
    expect(DefaultFrequentEmoji).toHaveLength(6);
  });

  it("puts the most used first, the last used first among equals, and fills up with defaults", () => {
    noteEmojiUsed("🚀", 1);
    noteEmojiUsed("🔥", 2);
    noteEmojiUsed("🔥", 3);
    noteEmojiUsed("🎉", 4);
    expect(frequentEmoji()).toEqual(["🔥", "🎉", "🚀", "👍", "❤️", "😂"]);
  });

  it("counts an emoji written with a needless variation selector as the same emoji", () => {
    noteEmojiUsed("👍\uFE0F", 1);
    noteEmojiUsed("👍", 2);
    expect(frequentEmoji()).toEqual(["👍", "❤️", "😂", "🎉", "😮", "😢"]);
    expect(JSON.parse(stored.values().next().value!)).toEqual({ "👍": { count: 2, last: 2 } });
  });

  it("keeps six when more than six have been used, and ignores what is no emoji", () => {
    ["🍕", "🍔", "🌮", "🍣", "🍩", "🍪", "🥐"].forEach((emoji, at) => noteEmojiUsed(emoji, at));
    noteEmojiUsed("abc", 10);
    expect(frequentEmoji()).toEqual(["🥐", "🍪", "🍩", "🍣", "🌮", "🍔"]);
  });

  it("starts over from the defaults when the stored list is damaged", () => {
    stored.set("parley.emoji.anonymous", "{not json");
    expect(frequentEmoji()).toEqual([...DefaultFrequentEmoji]);
  });
});
