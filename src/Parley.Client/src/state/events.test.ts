import { describe, expect, it } from "vitest";
import { eventParsers, parseMemberLeft, parseMessage, parseRoomUpdated, parseTyping } from "./events";

const user = { id: 3, username: "alice", displayName: "Alice", avatarUrl: "/api/users/3/avatar/2" };
const message = {
  id: 42,
  roomId: 7,
  seq: 12,
  author: user,
  text: "hello",
  createdAt: "2026-11-22T10:15:00.123Z",
  kind: "text",
  clientMessageId: "5f0c",
  mentions: [4],
  mentionsRoom: false,
  editedAt: null,
  deleted: false,
  replyTo: null,
  reactions: [],
  pinned: null,
  changeSeq: 0,
  attachments: [],
};
const member = { user, role: "owner", joinedAt: "2026-11-22T10:00:00Z", online: true, status: "Away" };

describe("event parsers", () => {
  it("accept every documented event shape", () => {
    expect(eventParsers.messageReceived(message)).toEqual(message);
    expect(eventParsers.typing({ roomId: 7, user })).toEqual({ roomId: 7, user });
    const presence = { users: [{ userId: 3, online: false, lastSeenAt: "2026-11-22T10:00:00Z" }, { userId: 4, online: true, lastSeenAt: null }] };
    expect(eventParsers.presenceChanged(presence)).toEqual(presence);
    expect(eventParsers.memberJoined({ roomId: 7, member, memberCount: 2 })).toEqual({ roomId: 7, member, memberCount: 2 });
    expect(eventParsers.memberLeft({ roomId: 7, user, reason: "removed", memberCount: 1 })).toEqual({ roomId: 7, user, reason: "removed", memberCount: 1 });
    expect(eventParsers.memberUpdated({ roomId: 7, member })).toEqual({ roomId: 7, member });
    expect(eventParsers.roomUpdated({ roomId: 7, name: "general", topic: null, visibility: "password" })).toEqual({
      roomId: 7,
      name: "general",
      topic: null,
      visibility: "password",
    });
    expect(eventParsers.roomDeleted({ roomId: 7 })).toEqual({ roomId: 7 });
    const state = {
      conversationId: 7,
      lastReadMessageId: 41,
      clearedBeforeMessageId: 0,
      muted: true,
      unreadCount: 2,
      mentionCount: 1,
      pinnedAt: "2026-12-01T10:00:00Z",
      hiddenUpToMessageId: 40,
    };
    expect(eventParsers.conversationStateChanged(state)).toEqual(state);
    expect(eventParsers.readReceipt({ conversationId: 7, userId: 3, lastReadMessageId: 41 })).toEqual({ conversationId: 7, userId: 3, lastReadMessageId: 41 });
    const settings = { sendReadReceipts: false, doNotDisturb: true, notificationSounds: true };
    expect(eventParsers.settingsChanged(settings)).toEqual(settings);
  });

  it("reject a message with a missing or mistyped field", () => {
    expect(parseMessage({ ...message, id: "42" })).toBeNull();
    expect(parseMessage({ ...message, text: undefined })).toBeNull();
    expect(parseMessage({ ...message, author: { id: 3, username: "alice" } })).toBeNull();
    expect(parseMessage({ ...message, createdAt: "yesterday-ish" })).toBeNull();
    expect(parseMessage({ ...message, kind: "html" })).toBeNull();
    expect(parseMessage({ ...message, clientMessageId: 5 })).toBeNull();
    expect(parseMessage({ ...message, mentions: ["bob"] })).toBeNull();
    expect(parseMessage({ ...message, mentionsRoom: undefined })).toBeNull();
  });

  it("accept the fields of a rich message: edited, a reply, reactions, a pin", () => {
    const rich = {
      ...message,
      editedAt: "2026-11-22T10:20:00Z",
      replyTo: { id: 40, author: user, excerpt: "the first line", deleted: false },
      reactions: [{ emoji: "👍", count: 1, users: [user] }],
      pinned: { by: user, at: "2026-11-22T10:30:00Z" },
      changeSeq: 12,
    };
    expect(eventParsers.messageEdited(rich)).toEqual(rich);
    expect(eventParsers.reactionsChanged(rich)).toEqual(rich);
    expect(eventParsers.pinsChanged(rich)).toEqual(rich);
    const tombstone = { ...message, text: "", mentions: [], deleted: true, changeSeq: 13 };
    expect(eventParsers.messageDeleted(tombstone)).toEqual(tombstone);
  });

  it("reject a rich message whose new fields are mistyped", () => {
    expect(parseMessage({ ...message, changeSeq: -1 })).toBeNull();
    expect(parseMessage({ ...message, seq: 1.5 })).toBeNull();
    expect(parseMessage({ ...message, deleted: "no" })).toBeNull();
    expect(parseMessage({ ...message, editedAt: "later" })).toBeNull();
    expect(parseMessage({ ...message, replyTo: { id: 40, excerpt: "x", deleted: false } })).toBeNull();
    expect(parseMessage({ ...message, reactions: [{ emoji: "👍", count: "1", users: [] }] })).toBeNull();
    expect(parseMessage({ ...message, pinned: { by: user } })).toBeNull();
  });

  it("accept a message's attachments and refuse a malformed one", () => {
    const photo = {
      id: "Zm9vYmFyYmF6cXV4cXV1eA",
      kind: "image",
      name: "photo.png",
      contentType: "image/png",
      size: 5120,
      url: "/api/files/Zm9vYmFyYmF6cXV4cXV1eA",
      thumbnailUrl: "/api/files/Zm9vYmFyYmF6cXV4cXV1eA/thumbnail",
      width: 800,
      height: 600,
      durationMs: null,
      waveform: null,
      provider: null,
    };
    const voice = { ...photo, id: "dm9pY2U", kind: "voice", thumbnailUrl: null, width: null, height: null, durationMs: 4200, waveform: [0, 50, 100] };
    const withFiles = { ...message, text: "", attachments: [photo, voice] };
    expect(parseMessage(withFiles)).toEqual(withFiles);
    expect(parseMessage({ ...message, attachments: undefined })).toEqual({ ...message, attachments: [] });
    expect(parseMessage({ ...message, attachments: [{ ...photo, kind: "svg" }] })).toBeNull();
    expect(parseMessage({ ...message, attachments: [{ ...photo, size: -1 }] })).toBeNull();
    expect(parseMessage({ ...message, attachments: [{ ...voice, waveform: ["loud"] }] })).toBeNull();
  });

  it("reject payloads that are not objects", () => {
    for (const payload of [null, undefined, "hello", 7, [message]]) {
      for (const parse of Object.values(eventParsers)) expect(parse(payload)).toBeNull();
    }
  });

  it("reject values outside the documented enums and ids", () => {
    expect(parseMemberLeft({ roomId: 7, user, reason: "kicked", memberCount: 1 })).toBeNull();
    expect(parseRoomUpdated({ roomId: 7, name: "general", topic: null, visibility: "secret" })).toBeNull();
    expect(parseTyping({ roomId: -1, user })).toBeNull();
    expect(eventParsers.memberUpdated({ roomId: 7, member: { ...member, role: "king" } })).toBeNull();
    expect(eventParsers.presenceChanged({ users: [{ userId: 3, online: "yes" }] })).toBeNull();
    expect(eventParsers.presenceChanged({ users: [{ userId: 3, online: false, lastSeenAt: "a while ago" }] })).toBeNull();
    expect(eventParsers.presenceChanged({ userId: 3, online: true })).toBeNull();
    expect(eventParsers.conversationStateChanged({ conversationId: 7, lastReadMessageId: -1, clearedBeforeMessageId: 0, muted: false, unreadCount: 0, mentionCount: 0 })).toBeNull();
    expect(eventParsers.settingsChanged({ sendReadReceipts: "no", doNotDisturb: false, notificationSounds: true })).toBeNull();
    expect(eventParsers.userUpdated({ user: { ...user, avatarUrl: "https://tracker.example/pixel.gif" }, status: null })).toBeNull();
    expect(eventParsers.userUpdated({ user, status: 7 })).toBeNull();
  });

  it("take a profile change, its picture the server's own path or none", () => {
    expect(eventParsers.userUpdated({ user, status: "Away" })).toEqual({ user, status: "Away" });
    const { avatarUrl: _none, ...withoutPicture } = user;
    expect(eventParsers.userUpdated({ user: withoutPicture })).toEqual({ user: { ...user, avatarUrl: null }, status: null });
  });

  it("treat a missing lastSeenAt as online-or-unknown, not as malformed", () => {
    expect(eventParsers.presenceChanged({ users: [{ userId: 3, online: true }] })).toEqual({ users: [{ userId: 3, online: true, lastSeenAt: null }] });
  });

  it("keep only the documented fields", () => {
    const parsed = parseMessage({ ...message, html: "<b>bold</b>", author: { ...user, isAdmin: true } });
    expect(parsed).toEqual(message);
  });

  it("treat a missing clientMessageId as none", () => {
    const { clientMessageId: _omitted, ...systemNotice } = message;
    expect(parseMessage({ ...systemNotice, kind: "system" })?.clientMessageId).toBeNull();
  });
});
