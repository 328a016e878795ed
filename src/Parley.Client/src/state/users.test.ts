import { beforeEach, describe, expect, it } from "vitest";
import { room } from "../test/fixtures";
import { sessionStore } from "./session";
import { applyUserUpdate, latestSummary, resetUsers, usersStore, withMemberProfile, withParticipantProfile, withUserUpdate } from "./users";
import type { Conversation, Member, UserSummary } from "../types";

const ann: UserSummary = { id: 2, username: "ann", displayName: "Ann", avatarUrl: null };
const annRenamed: UserSummary = { ...ann, displayName: "Ann Smith", avatarUrl: "/api/users/2/avatar/1" };
const ben: UserSummary = { id: 3, username: "ben", displayName: "Ben", avatarUrl: null };

const member = (user: UserSummary): Member => ({ user, role: "member", joinedAt: "2026-11-22T10:00:00Z", online: true, status: null });

function direct(id: number, ...people: UserSummary[]): Conversation {
  const base = room(id);
  return {
    ...base,
    kind: "direct",
    visibility: null,
    name: people.map((p) => p.displayName).join(", "),
    participants: people.map((user) => ({ user, online: true, lastSeenAt: null })),
  };
}

describe("live user map", () => {
  beforeEach(() => {
    resetUsers();
  });

  it("draws a snapshot as the person looks now, and an unchanged person as the snapshot itself", () => {
    const users = withUserUpdate(new Map(), { user: annRenamed, status: "Away" });
    expect(latestSummary(users, ann)).toBe(annRenamed);
    expect(latestSummary(users, ben)).toBe(ben);
  });

  it("keeps the newest of several changes", () => {
    const first = withUserUpdate(new Map(), { user: annRenamed, status: null });
    const second = withUserUpdate(first, { user: { ...annRenamed, displayName: "Ann S." }, status: "Back" });
    expect(second.get(ann.id)).toEqual({ user: { ...annRenamed, displayName: "Ann S." }, status: "Back" });
    expect(first.get(ann.id)?.user).toBe(annRenamed);
  });

  it("gives a member their new name, picture and status, and leaves a list without them alone", () => {
    const members = [member(ann), member(ben)];
    const changed = withMemberProfile(members, { user: annRenamed, status: "Away" });
    expect(changed[0]).toMatchObject({ user: annRenamed, status: "Away", online: true });
    expect(changed[1]).toBe(members[1]);
    const others = [member(ben)];
    expect(withMemberProfile(others, { user: annRenamed, status: null })).toBe(others);
  });

  it("renames a direct conversation after its participants, and leaves rooms alone", () => {
    const list = [direct(10, ann), direct(11, ann, ben), room(12)];
    const changed = withParticipantProfile(list, annRenamed);
    expect(changed.map((c) => c.name)).toEqual(["Ann Smith", "Ann Smith, Ben", "room 12"]);
    expect(changed[0]!.participants[0]!.user).toBe(annRenamed);
    expect(changed[2]).toBe(list[2]);
    const unrelated = [direct(13, ben)];
    expect(withParticipantProfile(unrelated, annRenamed)).toBe(unrelated);
  });

  it("applies the signed-in user's own change to who they are, and forgets everything on reset", () => {
    sessionStore.set({
      status: "signedIn",
      me: { ...ann, email: "ann@example.com", createdAt: "2026-10-01T00:00:00Z", status: null, emailVerified: true, isAdmin: false },
    });
    applyUserUpdate({ user: annRenamed, status: "Away" });
    const session = sessionStore.get();
    expect(session.status === "signedIn" && session.me).toMatchObject({ displayName: "Ann Smith", avatarUrl: annRenamed.avatarUrl, status: "Away" });
    expect(usersStore.get().get(ann.id)?.user).toBe(annRenamed);
    resetUsers();
    expect(usersStore.get().size).toBe(0);
  });
});
