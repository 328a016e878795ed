import * as api from "./api";
import { failureSentence } from "./problem";
import { createStore } from "./store";
import type { Member, MemberRole } from "../types";

// Members of the open room, with roles and presence, kept current by events.

export interface MembersState {
  roomId: number | null;
  status: "idle" | "loading" | "ready" | "error";
  members: readonly Member[];
  /** Why the list could not be loaded, while `status` is "error". */
  error: string | null;
}

const initial: MembersState = { roomId: null, status: "idle", members: [], error: null };

type MembersChange = (members: readonly Member[]) => readonly Member[];

export const membersStore = createStore<MembersState>(initial);

// Events that arrive while the list is being fetched, applied on top of it: the fetch may predate them.
let changesDuringLoad: MembersChange[] | null = null;

export async function loadMembers(roomId: number): Promise<void> {
  changesDuringLoad = [];
  membersStore.update((s) => (s.roomId === roomId ? s : { roomId, status: "loading", members: [], error: null }));
  try {
    const fetched = sortMembers(await api.listMembers(roomId));
    if (membersStore.get().roomId !== roomId) return;
    const members = (changesDuringLoad ?? []).reduce<readonly Member[]>((list, change) => change(list), fetched);
    changesDuringLoad = null;
    membersStore.set({ roomId, status: "ready", members, error: null });
  } catch (error) {
    changesDuringLoad = null;
    const sentence = failureSentence(error, "The member list could not be loaded.");
    membersStore.update((s) => (s.roomId === roomId && s.status !== "ready" ? { ...s, status: "error", error: sentence } : s));
  }
}

const rank: Record<MemberRole, number> = { owner: 0, admin: 1, member: 2 };

/** Owner, then admins, then members; alphabetical by username within each (as the server lists them). */
export function sortMembers(members: readonly Member[]): Member[] {
  return [...members].sort(
    (a, b) => rank[a.role] - rank[b.role] || a.user.username.localeCompare(b.user.username, undefined, { sensitivity: "base" }),
  );
}

export function withMember(members: readonly Member[], member: Member): Member[] {
  return sortMembers([...members.filter((m) => m.user.id !== member.user.id), member]);
}

export function withoutMember(members: readonly Member[], userId: number): readonly Member[] {
  return members.some((m) => m.user.id === userId) ? members.filter((m) => m.user.id !== userId) : members;
}

export function withPresence(members: readonly Member[], userId: number, online: boolean): readonly Member[] {
  const index = members.findIndex((m) => m.user.id === userId);
  if (index === -1 || members[index]!.online === online) return members;
  return members.map((m, i) => (i === index ? { ...m, online } : m));
}

/** Applies a pure change to the member list, if it is the list of that room. */
export function changeMembers(roomId: number | null, change: MembersChange): void {
  const current = membersStore.get();
  if (roomId !== null && current.roomId !== roomId) return;
  changesDuringLoad?.push(change);
  membersStore.update((s) => {
    if (s.status !== "ready") return s;
    const members = change(s.members);
    return members === s.members ? s : { ...s, members };
  });
}

export function resetMembers(): void {
  membersStore.set(initial);
}
