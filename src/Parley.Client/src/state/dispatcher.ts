import type { HubConnection } from "@microsoft/signalr";
import * as api from "./api";
import { eventParsers } from "./events";
import { changeMembers, withMember, withoutMember, withPresence } from "./members";
import { receiveMessages } from "./messages";
import { forgetRoom } from "./roomExit";
import { changeRooms, findRoom, withMemberCount, withMessage, withRole, withRoom, withRoomUpdate } from "./rooms";
import { currentUser } from "./session";
import { someoneStoppedTyping, someoneTyping } from "./typingStore";
import type { ChatEvents } from "../types";

// The one place hub events enter the client: each payload is parsed, then applied to the stores. Views only
// ever render the stores.

type Handlers = { [K in keyof ChatEvents]: (event: ChatEvents[K]) => void };

const isMe = (userId: number) => currentUser()?.id === userId;

const handlers: Handlers = {
  messageReceived(message) {
    receiveMessages(message.roomId, [message]);
    changeRooms((rooms) => withMessage(rooms, message));
    someoneStoppedTyping(message.roomId, message.author.id);
  },
  typing({ roomId, user }) {
    if (!isMe(user.id)) someoneTyping(roomId, user);
  },
  presenceChanged({ userId, online }) {
    changeMembers(null, (members) => withPresence(members, userId, online));
  },
  memberJoined({ roomId, member, memberCount }) {
    changeMembers(roomId, (members) => withMember(members, member));
    changeRooms((rooms) => withMemberCount(rooms, roomId, memberCount));
    // Joined in another tab (or just created here): the room belongs in the list.
    if (isMe(member.user.id) && !findRoom(roomId)) {
      api.getRoom(roomId).then((room) => changeRooms((rooms) => withRoom(rooms, room)), () => undefined);
    }
  },
  memberLeft({ roomId, user, reason, memberCount }) {
    if (isMe(user.id)) {
      forgetRoom(roomId, reason === "removed" ? "You were removed from this room." : "You left this room.");
      return;
    }
    changeMembers(roomId, (members) => withoutMember(members, user.id));
    changeRooms((rooms) => withMemberCount(rooms, roomId, memberCount));
    someoneStoppedTyping(roomId, user.id);
  },
  memberUpdated({ roomId, member }) {
    changeMembers(roomId, (members) => withMember(members, member));
    if (isMe(member.user.id)) changeRooms((rooms) => withRole(rooms, roomId, member.role));
  },
  roomUpdated(update) {
    changeRooms((rooms) => withRoomUpdate(rooms, update));
  },
  roomDeleted({ roomId }) {
    forgetRoom(roomId, "This room was deleted.");
  },
};

export function registerEventHandlers(connection: HubConnection): void {
  for (const name of Object.keys(handlers) as (keyof ChatEvents)[]) bind(connection, name);
}

function bind<K extends keyof ChatEvents>(connection: HubConnection, name: K): void {
  const parse = eventParsers[name];
  const handle = handlers[name];
  connection.on(name, (payload: unknown) => {
    const event = parse(payload);
    if (event === null) {
      console.warn(`Ignored a malformed "${name}" event`, payload);
      return;
    }
    handle(event);
  });
}
