import * as api from "./api";
import { withRoomUpdate } from "./conversationList";
import { changeConversations, fetchConversation } from "./conversations";
import { isConnected } from "./hub";
import { cancelExpectedExit, expectExit, forgetRoom } from "./roomExit";
import type { CreateRoomRequest, Room, UpdateRoomRequest } from "../types";

// What a person does to rooms from this client. Each puts the answer into the conversation list straight away;
// the events that follow (which other tabs and members get too) find it already there.

/** A room just joined or created: the list takes it as the server lists it, read state included. */
async function remember(room: Room): Promise<Room> {
  await fetchConversation(room.id);
  return room;
}

export const createRoom = async (request: CreateRoomRequest) => remember(await api.createRoom(request));

export const joinRoom = async (roomId: number, password?: string) => remember(await api.joinRoom(roomId, password));

/** A public room by its name, or a password room by its name and password. */
export const joinRoomByName = async (name: string, password?: string) => remember(await api.joinRoomByName(name, password));

export const acceptInvite = async (code: string) => remember(await api.acceptInvite(code));

export async function updateRoom(roomId: number, changes: UpdateRoomRequest): Promise<Room> {
  const room = await api.updateRoom(roomId, changes);
  // Connected, roomUpdated brings the same change in order with others' changes, which this answer could overtake.
  if (!isConnected()) {
    changeConversations((list) => withRoomUpdate(list, { roomId, name: room.name, topic: room.topic, visibility: room.visibility }));
  }
  return room;
}

export async function leaveRoom(roomId: number): Promise<void> {
  await exit(roomId, () => api.leaveRoom(roomId));
}

export async function deleteRoom(roomId: number): Promise<void> {
  await exit(roomId, () => api.deleteRoom(roomId));
}

async function exit(roomId: number, request: () => Promise<void>): Promise<void> {
  expectExit(roomId);
  try {
    await request();
  } catch (error) {
    cancelExpectedExit(roomId);
    throw error;
  }
  forgetRoom(roomId, null);
}
