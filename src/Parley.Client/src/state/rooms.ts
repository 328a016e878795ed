import * as api from "./api";
import { ApiError } from "./problem";
import { createStore } from "./store";
import type { MemberRole, Message, Room, RoomUpdatedEvent } from "../types";

// The signed-in user's rooms, most recently active first, kept current by events.

export interface RoomsState {
  status: "loading" | "ready" | "error";
  rooms: readonly Room[];
  error: string | null;
}

const initial: RoomsState = { status: "loading", rooms: [], error: null };

export const roomsStore = createStore<RoomsState>(initial);

export async function loadRooms(): Promise<void> {
  try {
    const rooms = await api.listRooms();
    roomsStore.set({ status: "ready", rooms: sortByActivity(rooms), error: null });
  } catch (error) {
    // A failed refresh keeps the list already shown.
    roomsStore.update((s) => ({ ...s, status: s.status === "ready" ? "ready" : "error", error: describe(error) }));
  }
}

export function findRoom(roomId: number): Room | undefined {
  return roomsStore.get().rooms.find((r) => r.id === roomId);
}

export const lastActivity = (room: Room): string => room.lastMessage?.createdAt ?? room.createdAt;

export function sortByActivity(rooms: readonly Room[]): Room[] {
  return [...rooms].sort((a, b) => Date.parse(lastActivity(b)) - Date.parse(lastActivity(a)) || b.id - a.id);
}

export function withRoom(rooms: readonly Room[], room: Room): Room[] {
  return sortByActivity([...rooms.filter((r) => r.id !== room.id), room]);
}

export function withoutRoom(rooms: readonly Room[], roomId: number): readonly Room[] {
  return rooms.some((r) => r.id === roomId) ? rooms.filter((r) => r.id !== roomId) : rooms;
}

/** A new message moves its room to the top with a fresh preview; an older one (a late duplicate) changes nothing. */
export function withMessage(rooms: readonly Room[], message: Message): readonly Room[] {
  const room = rooms.find((r) => r.id === message.roomId);
  if (!room || (room.lastMessage && room.lastMessage.id >= message.id)) return rooms;
  return withRoom(rooms, { ...room, lastMessage: message });
}

export function withRoomUpdate(rooms: readonly Room[], update: RoomUpdatedEvent): readonly Room[] {
  return changeRoom(rooms, update.roomId, (r) => ({ ...r, name: update.name, topic: update.topic, visibility: update.visibility }));
}

export function withMemberCount(rooms: readonly Room[], roomId: number, memberCount: number): readonly Room[] {
  return changeRoom(rooms, roomId, (r) => (r.memberCount === memberCount ? r : { ...r, memberCount }));
}

export function withRole(rooms: readonly Room[], roomId: number, role: MemberRole): readonly Room[] {
  return changeRoom(rooms, roomId, (r) => (r.role === role ? r : { ...r, role }));
}

/** Applies a pure change to the list in the store. */
export function changeRooms(change: (rooms: readonly Room[]) => readonly Room[]): void {
  roomsStore.update((s) => {
    const rooms = change(s.rooms);
    return rooms === s.rooms ? s : { ...s, rooms };
  });
}

export function resetRooms(): void {
  roomsStore.set(initial);
}

function changeRoom(rooms: readonly Room[], roomId: number, change: (room: Room) => Room): readonly Room[] {
  const index = rooms.findIndex((r) => r.id === roomId);
  if (index === -1) return rooms;
  const changed = change(rooms[index]!);
  return changed === rooms[index] ? rooms : rooms.map((r, i) => (i === index ? changed : r));
}

function describe(error: unknown): string {
  return error instanceof ApiError ? error.detail : "Could not load your rooms.";
}
