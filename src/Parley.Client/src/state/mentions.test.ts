import { describe, expect, it } from "vitest";
import { alice, bob, carol } from "../test/fixtures";
import { insertMention, mentionCandidates, mentionParts, mentionQueryAt } from "./mentions";
import { messageTextParts } from "./messageText";

const robert = { id: 4, username: "rob", displayName: "Bobby Tables", avatarUrl: null };
const people = [alice, bob, carol, robert];

describe("mentionQueryAt", () => {
  it("finds the name being typed after an @", () => {
    expect(mentionQueryAt("hi @bo", 6)).toEqual({ start: 3, query: "bo" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("(@car", 5)).toEqual({ start: 1, query: "car" });
  });

  it("ignores email addresses, finished words and a caret elsewhere", () => {
    expect(mentionQueryAt("mail me at bob@exam", 19)).toBeNull();
    expect(mentionQueryAt("hi @bob there", 13)).toBeNull();
    expect(mentionQueryAt("hi bob", 6)).toBeNull();
  });
});

describe("mentionCandidates", () => {
  it("offers usernames that start with the letters first, then display names that contain them, never the user", () => {
    const names = mentionCandidates(people, "bo", { meId: alice.id, offerRoom: false }).map((c) => c.username);
    expect(names).toEqual(["bob", "rob"]);
    expect(mentionCandidates(people, "", { meId: alice.id, offerRoom: false }).map((c) => c.username)).toEqual(["bob", "carol", "rob"]);
  });

  it("offers @room only to those allowed to use it", () => {
    expect(mentionCandidates(people, "ro", { meId: alice.id, offerRoom: true }).map((c) => c.username)).toEqual(["room", "rob", "carol"]);
    expect(mentionCandidates(people, "ro", { meId: alice.id, offerRoom: false }).map((c) => c.username)).toEqual(["rob", "carol"]);
  });

  it("keeps the list short", () => {
    expect(mentionCandidates(people, "", { meId: 99, offerRoom: true, limit: 2 })).toHaveLength(2);
  });
});

describe("insertMention", () => {
  it("replaces what was typed with the full name and a space, and puts the caret after it", () => {
    expect(insertMention("hi @bo", { start: 3, query: "bo" }, 6, "bob")).toEqual({ text: "hi @bob ", caret: 8 });
  });

  it("keeps the rest of the text, without doubling a space", () => {
    expect(insertMention("hi @bo and more", { start: 3, query: "bo" }, 6, "bob")).toEqual({ text: "hi @bob and more", caret: 8 });
  });
});

describe("mentionParts", () => {
  it("picks out @names, leaving sentence punctuation outside", () => {
    expect(mentionParts("ask @bob. and @Carol-")).toEqual([
      { text: "ask ", mention: null },
      { text: "@bob", mention: "bob" },
      { text: ". and ", mention: null },
      { text: "@Carol", mention: "carol" },
      { text: "-", mention: null },
    ]);
  });

  it("ignores addresses and names too short to be usernames, but knows @room", () => {
    expect(mentionParts("bob@example.com @ab @room")).toEqual([
      { text: "bob@example.com @ab ", mention: null },
      { text: "@room", mention: "room" },
    ]);
  });
});

describe("messageTextParts", () => {
  it("marks mentions of the reader apart from mentions of others, and search matches inside them", () => {
    const parts = messageTextParts("@alice meet @bob", { myUsername: "Alice", mentionsRoom: false, terms: [{ text: "meet", prefix: false }] });
    expect(parts).toEqual([
      { text: "@alice", mention: "me", match: false },
      { text: " ", mention: null, match: false },
      { text: "meet", mention: null, match: true },
      { text: " ", mention: null, match: false },
      { text: "@bob", mention: "other", match: false },
    ]);
  });

  it("treats @room as naming the reader only when the server accepted it", () => {
    expect(messageTextParts("@room hi", { myUsername: "alice", mentionsRoom: true, terms: [] })[0]!.mention).toBe("me");
    expect(messageTextParts("@room hi", { myUsername: "alice", mentionsRoom: false, terms: [] })[0]!.mention).toBeNull();
  });
});
