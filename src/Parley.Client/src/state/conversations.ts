import * as api from "./api";
import { sortByActivity, withConversation, withoutConversation } from "./conversationList";
import { ApiError } from "./problem";
import { liveEpoch } from "./hub";
import { createStore } from "./store";
import type { Conversation } from "../types";

// The signed-in user's conversations — rooms and direct messages — most recently active first, kept current by
// events (see dispatcher.ts).

export interface ConversationsState {
  status: "loading" | "ready" | "error";
  conversations: readonly Conversation[];
  error: string | null;
}

const initial: ConversationsState = { status: "loading", conversations: [], error: null };

export const conversationsStore = createStore<ConversationsState>(initial);

type Change = (conversations: readonly Conversation[]) => readonly Conversation[];

// The changes applied while a snapshot (the whole list, or one conversation) is on its way from the server, one
// record per request. The server took the snapshot at some moment in between, so it may or may not include each
// of them: they are applied to it again when it lands, which every change in conversationList.ts allows.
const inFlight = new Set<Change[]>();
let loadsRequested = 0;
/** Counts sign-outs: a snapshot asked for before one belongs to someone else's list. */
let resets = 0;

/**
 * Requests a snapshot and hands it to `land` with the changes applied since the request went out, and whether the
 * live connection was the same one throughout: if not, events of an outage reached no one and are not among the
 * changes. `land` runs as the answer is read, before anything else can change the list.
 */
async function landSnapshot<T, R>(request: () => Promise<T>, land: (snapshot: T, changes: readonly Change[], complete: boolean) => R): Promise<R> {
  const changes: Change[] = [];
  const epoch = liveEpoch();
  inFlight.add(changes);
  try {
    const snapshot = await request();
    inFlight.delete(changes);
    return land(snapshot, changes, epoch !== null && epoch === liveEpoch());
  } finally {
    inFlight.delete(changes);
  }
}

const replay = (list: readonly Conversation[], changes: readonly Change[]) => changes.reduce((changed, change) => change(changed), list);

/**
 * (Re)loads the list. Only the newest load is shown: it was asked for last, so whatever an older one would show
 * (a conversation that appeared meanwhile, say) reaches its record of changes too.
 */
export async function loadConversations(): Promise<void> {
  const load = ++loadsRequested;
  try {
    await landSnapshot(api.listConversations, (snapshot, changes) => {
      if (load !== loadsRequested) return;
      const conversations = replay(sortByActivity(snapshot), changes);
      conversationsStore.set({ status: "ready", conversations, error: null });
      // Conversations fetched one by one and still on their way take this view of them from here on.
      const loaded = new Map(conversations.map((c) => [c.id, c]));
      const fromLoad: Change = (list) => list.map((c) => loaded.get(c.id) ?? c);
      for (const record of inFlight) record.push(fromLoad);
    });
  } catch (error) {
    if (load !== loadsRequested) return;
    // A failed refresh keeps the list already shown.
    conversationsStore.update((s) => ({ ...s, status: s.status === "ready" ? "ready" : "error", error: describe(error) }));
  }
}

export function findConversation(id: number): Conversation | undefined {
  return conversationsStore.get().conversations.find((c) => c.id === id);
}

/** Applies a pure change (conversationList.ts) to the list in the store, and to the snapshots on their way. */
export function changeConversations(change: Change): void {
  for (const record of inFlight) record.push(change);
  conversationsStore.update((s) => {
    const conversations = change(s.conversations);
    return conversations === s.conversations ? s : { ...s, conversations };
  });
}

/**
 * Puts a conversation the server just sent into the list, with whatever happened to it while it was on its way;
 * null when it went away meanwhile (left, deleted), the user signed out, or it is no longer `wanted`.
 */
export async function receiveConversation(request: () => Promise<Conversation>, wanted = () => true): Promise<Conversation | null> {
  for (;;) {
    const session = resets;
    const landed = await landSnapshot(request, (snapshot, changes, complete) => {
      if (session !== resets || !wanted()) return null;
      // Connected anew while it was on its way: what the outage hid (it may even have been left) is not among the
      // changes, so only a snapshot asked for now will do. Still offline, this is the best there is until then.
      if (!complete && liveEpoch() !== null) return "ask again";
      const conversation = replay([snapshot], changes).find((c) => c.id === snapshot.id);
      if (conversation) changeConversations((list) => withConversation(list, conversation));
      return conversation ?? null;
    });
    if (landed !== "ask again") return landed;
  }
}

const fetching = new Map<number, Promise<Conversation | null>>();

/**
 * Fetches a conversation the list does not have yet (someone just started a direct conversation with this user)
 * and adds it, or takes the server's view of one it has; null when the user is not in it. Concurrent calls share
 * one request, unless the membership just changed (`afresh`): a request sent before that may predate it.
 */
export function fetchConversation(id: number, { afresh = false } = {}): Promise<Conversation | null> {
  const pending = fetching.get(id);
  if (pending && !afresh) return pending;
  const request: Promise<Conversation | null> = receiveConversation(
    () => api.getConversation(id),
    () => fetching.get(id) === request,
  )
    .catch(() => null)
    // Overtaken by a request sent afresh: its answer is the one that counts.
    .then((conversation) => {
      const newer = fetching.get(id);
      return conversation === null && newer !== undefined && newer !== request ? newer : conversation;
    });
  fetching.set(id, request);
  void request.finally(() => {
    if (fetching.get(id) === request) fetching.delete(id);
  });
  return request;
}

/** The user is no longer in the conversation (left, removed, deleted); a fetch of it on its way ends without it. */
export function removeConversation(id: number): void {
  fetching.delete(id);
  changeConversations((list) => withoutConversation(list, id));
}

export function resetConversations(): void {
  resets++;
  loadsRequested++;
  inFlight.clear();
  conversationsStore.set(initial);
}

function describe(error: unknown): string {
  return error instanceof ApiError ? error.detail : "Could not load your conversations.";
}
