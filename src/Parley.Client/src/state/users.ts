import { changeConversations } from "./conversations";
import { changeMembers } from "./members";
import { sessionStore } from "./session";
import { createStore } from "./store";
import type { Conversation, Me, Member, UserSummary, UserUpdatedEvent } from "../types";

// The newest known face of each person whose profile changed since what is on screen was loaded. Messages, lists
// and quotes carry snapshots of people as they were when read; views draw a person through this map by id, so a
// new name or picture shows everywhere at once, earlier messages included.

export interface KnownUser {
  user: UserSummary;
  status: string | null;
}

export type UserMap = ReadonlyMap<number, KnownUser>;

export const usersStore = createStore<UserMap>(new Map());

/** The map with the person's new profile (events reach a connection in order, so the last one is the newest). */
export function withUserUpdate(users: UserMap, { user, status }: UserUpdatedEvent): UserMap {
  const next = new Map(users);
  next.set(user.id, { user, status });
  return next;
}

/** The person as they look now: the newest known summary, else the snapshot itself (the same object, for memoised views). */
export function latestSummary(users: UserMap, snapshot: UserSummary): UserSummary {
  return users.get(snapshot.id)?.user ?? snapshot;
}

/** A member list with the person's new name, picture and status. */
export function withMemberProfile(members: readonly Member[], { user, status }: UserUpdatedEvent): readonly Member[] {
  const index = members.findIndex((m) => m.user.id === user.id);
  if (index === -1) return members;
  return members.map((m, i) => (i === index ? { ...m, user, status } : m));
}

/** Direct conversations with the person show their new face, and a name made of the participants' names as the server makes it. */
export function withParticipantProfile(list: readonly Conversation[], user: UserSummary): readonly Conversation[] {
  let changed = false;
  const next = list.map((conversation) => {
    if (conversation.kind !== "direct" || !conversation.participants.some((p) => p.user.id === user.id)) return conversation;
    changed = true;
    const participants = conversation.participants.map((p) => (p.user.id === user.id ? { ...p, user } : p));
    return { ...conversation, participants, name: participants.map((p) => p.user.displayName).join(", ") || conversation.name };
  });
  return changed ? next : list;
}

/** Applies a userUpdated event everywhere the person is shown. */
export function applyUserUpdate(event: UserUpdatedEvent): void {
  usersStore.update((users) => withUserUpdate(users, event));
  changeMembers(null, (members) => withMemberProfile(members, event));
  changeConversations((list) => withParticipantProfile(list, event.user));
  const session = sessionStore.get();
  if (session.status === "signedIn" && session.me.id === event.user.id) {
    const { displayName, avatarUrl } = event.user;
    sessionStore.set({ status: "signedIn", me: { ...session.me, displayName, avatarUrl, status: event.status } });
  }
}

/** After a reconnect everything on screen is read afresh, newer than anything remembered here. */
export function resetUsers(): void {
  usersStore.set(new Map());
}

/** The signed-in person as their own messages show them. */
export function summaryOf(me: Me): UserSummary {
  return { id: me.id, username: me.username, displayName: me.displayName, avatarUrl: me.avatarUrl };
}
