import { describe, expect, it } from "vitest";
import { sortMembers, withMember, withoutMember, withPresence } from "./members";
import type { Member, MemberRole } from "../types";

function member(id: number, username: string, role: MemberRole = "member", online = false): Member {
  return { user: { id, username, displayName: username, avatarUrl: null }, role, joinedAt: "2026-11-22T10:00:00Z", online, status: null };
}

const names = (members: readonly Member[]) => members.map((m) => m.user.username);

describe("member list", () => {
  it("lists the owner, then admins, then members, alphabetically within each", () => {
    const sorted = sortMembers([member(1, "zoe"), member(2, "Bob", "admin"), member(3, "amy"), member(4, "carl", "owner"), member(5, "al", "admin")]);
    expect(names(sorted)).toEqual(["carl", "al", "Bob", "amy", "zoe"]);
  });

  it("adds a joiner in order, and moves someone whose role changed", () => {
    const members = sortMembers([member(1, "carl", "owner"), member(2, "zoe")]);
    const joined = withMember(members, member(3, "amy"));
    expect(names(joined)).toEqual(["carl", "amy", "zoe"]);
    expect(names(withMember(joined, member(2, "zoe", "admin")))).toEqual(["carl", "zoe", "amy"]);
  });

  it("removes a leaver, and changes nothing for someone not listed", () => {
    const members = [member(1, "carl", "owner"), member(2, "zoe")];
    expect(names(withoutMember(members, 2))).toEqual(["carl"]);
    expect(withoutMember(members, 9)).toBe(members);
  });

  it("updates who is online", () => {
    const members = [member(1, "carl", "owner"), member(2, "zoe")];
    expect(withPresence(members, 2, true)[1]!.online).toBe(true);
    expect(withPresence(members, 2, false)).toBe(members);
    expect(withPresence(members, 9, true)).toBe(members);
  });
});
