import type { HubConnection } from "@microsoft/signalr";
import { applyConversationState } from "./conversationActions";
import { withMemberCount, withMessage, withParticipantPresence, withReadReceipt, withRole, withRoomUpdate } from "./conversationList";
import { changeConversations, fetchConversation, findConversation } from "./conversations";
import { eventParsers } from "./events";
import { changeMembers, withMember, withoutMember, withPresence } from "./members";
import { applyMessageChange } from "./messageChanges";
import { receiveMessages } from "./messages";
import { notifyAbout } from "./notifications";
import { isReadingLive } from "./readTracker";
import { forgetRoom } from "./roomExit";
import { currentUser } from "./session";
import { applyReport } from "./reports";
import { receiptsShown, settingsStore } from "./settings";
import { someoneStoppedTyping, someoneTyping } from "./typingStore";
import { applyUserUpdate } from "./users";
import type { ChatEvents, Message } from "../types";

// The one place hub events enter the client: each payload is parsed, then applied to the stores. Views only
// ever render the stores.

type Handlers = { [K in keyof ChatEvents]: (event: ChatEvents[K]) => void };

const isMe = (userId: number) => currentUser()?.id === userId;

const handlers: Handlers = {
  messageReceived(message) {
    receiveMessages(message.roomId, [message]);
    someoneStoppedTyping(message.roomId, message.author.id);
    const listed = findConversation(message.roomId) !== undefined;
    // Counted even when the list does not have the conversation yet: a fetch of it on its way takes the count too.
    countMessage(message);
    if (listed) {
      notifyAbout(message);
    } else {
      // Someone just started a direct conversation with this user: the list takes it, this message included.
      void fetchConversation(message.roomId).then((conversation) => conversation && notifyAbout(message));
    }
  },
  // New text may name the reader or stop naming them: the mention count may change with it.
  messageEdited: (message: Message) => applyMessageChange(message, { textChanged: true }),
  messageDeleted: applyMessageChange,
  reactionsChanged: applyMessageChange,
  pinsChanged: applyMessageChange,
  typing({ roomId, user }) {
    if (!isMe(user.id)) someoneTyping(roomId, user);
  },
  presenceChanged({ users }) {
    changeMembers(null, (members) => users.reduce((list, { userId, online }) => withPresence(list, userId, online), members));
    changeConversations((list) =>
      users.reduce((changed, { userId, online, lastSeenAt }) => withParticipantPresence(changed, userId, online, lastSeenAt), list),
    );
  },
  memberJoined({ roomId, member, memberCount }) {
    changeMembers(roomId, (members) => withMember(members, member));
    changeConversations((list) => withMemberCount(list, roomId, memberCount));
    // Joined in another tab (or just created here): the room belongs in the list, as it is for this membership
    // (a room left and joined again during an outage may still be listed, with the old membership's read state).
    if (isMe(member.user.id)) void fetchConversation(roomId, { afresh: true });
  },
  memberLeft({ roomId, user, reason, memberCount }) {
    if (isMe(user.id)) {
      forgetRoom(roomId, reason === "left" ? "left" : reason);
      return;
    }
    changeMembers(roomId, (members) => withoutMember(members, user.id));
    changeConversations((list) => withMemberCount(list, roomId, memberCount));
    someoneStoppedTyping(roomId, user.id);
  },
  memberUpdated({ roomId, member }) {
    changeMembers(roomId, (members) => withMember(members, member));
    if (isMe(member.user.id)) changeConversations((list) => withRole(list, roomId, member.role));
  },
  roomUpdated(update) {
    changeConversations((list) => withRoomUpdate(list, update));
  },
  roomDeleted({ roomId }) {
    forgetRoom(roomId, "deleted");
  },
  conversationStateChanged(state) {
    applyConversationState(state);
  },
  readReceipt(receipt) {
    const me = currentUser();
    // Receipts are mutual: with its own turned off, this user sees no one else's.
    if (me && receiptsShown()) changeConversations((list) => withReadReceipt(list, receipt, me.id));
  },
  settingsChanged(settings) {
    settingsStore.set(settings);
  },
  userUpdated: applyUserUpdate,
  reportFiled: applyReport,
  reportClosed: applyReport,
};

function countMessage(message: Message): void {
  const me = currentUser();
  if (!me) return;
  // Decided now, as it arrives: the change may be applied again later, to a snapshot of the list.
  const arrival = { meId: me.id, seen: isReadingLive(message.roomId) };
  changeConversations((list) => withMessage(list, message, arrival));
}

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
