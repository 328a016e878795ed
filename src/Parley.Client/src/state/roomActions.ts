import * as api from "./api";
import { cancelExpectedExit, expectExit, forgetRoom } from "./roomExit";
import { changeRooms, withRoom } from "./rooms";
import type { CreateRoomRequest, Room, UpdateRoomRequest } from "../types";

// What a person does to rooms from this client. Each puts the answer into the room list straight away; the
// events that follow (which other tabs and members get too) find it already there.

function remember(room: Room): Room {
  changeRooms((rooms) => withRoom(rooms, room));
  return room;
}

export const createRoom = async (request: CreateRoomRequest) => remember(await api.createRoom(request));

export const joinRoom = async (roomId: number, password?: string) => remember(await api.joinRoom(roomId, password));

export const acceptInvite = async (code: string) => remember(await api.acceptInvite(code));

export const updateRoom = async (roomId: number, changes: UpdateRoomRequest) => remember(await api.updateRoom(roomId, changes));

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
