// The wire contract, mirroring the server's DTO records (src/Parley.Server/**/*Dtos.cs and
// Realtime/IChatClient.cs). JSON is camelCase, enums are camelCase strings, times are ISO 8601 UTC.

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  email: string;
  createdAt: string;
}

export type RoomVisibility = "public" | "private" | "password";
export type MemberRole = "member" | "admin" | "owner";
export type MessageKind = "text" | "system";

export interface Message {
  id: number;
  roomId: number;
  author: UserSummary;
  text: string;
  createdAt: string;
  kind: MessageKind;
  clientMessageId: string | null;
}

/** A room as the caller sees it: `role` is null for non-members, `lastMessage` only filled for members. */
export interface Room {
  id: number;
  name: string;
  topic: string | null;
  visibility: RoomVisibility;
  memberCount: number;
  createdAt: string;
  role: MemberRole | null;
  lastMessage: Message | null;
}

export interface Member {
  user: UserSummary;
  role: MemberRole;
  joinedAt: string;
  online: boolean;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

export interface Invite {
  code: string;
  url: string;
  roomId: number;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
}

export interface InvitePreview {
  code: string;
  roomId: number;
  roomName: string;
  topic: string | null;
  memberCount: number;
  alreadyMember: boolean;
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  rules: string[];
}

export interface AntiforgeryToken {
  token: string;
  headerName: string;
}

export interface RegisterRequest {
  username: string;
  email: string;
  password: string;
  displayName?: string;
}

export interface SignInRequest {
  username: string;
  password: string;
}

export interface CreateRoomRequest {
  name: string;
  topic?: string;
  visibility: RoomVisibility;
  password?: string;
}

/** Only the fields present change; `topic: ""` clears the topic. */
export interface UpdateRoomRequest {
  name?: string;
  topic?: string;
  visibility?: RoomVisibility;
  password?: string;
}

export interface CreateInviteRequest {
  expiresInHours?: number;
  maxUses?: number;
}

export interface SendMessageRequest {
  roomId: number;
  text: string;
  clientMessageId: string;
}

// Hub events (server → client).

export interface TypingEvent {
  roomId: number;
  user: UserSummary;
}

export interface PresenceEvent {
  userId: number;
  online: boolean;
}

export interface MemberJoinedEvent {
  roomId: number;
  member: Member;
  memberCount: number;
}

export type MemberLeftReason = "left" | "removed";

export interface MemberLeftEvent {
  roomId: number;
  user: UserSummary;
  reason: MemberLeftReason;
  memberCount: number;
}

export interface MemberUpdatedEvent {
  roomId: number;
  member: Member;
}

export interface RoomUpdatedEvent {
  roomId: number;
  name: string;
  topic: string | null;
  visibility: RoomVisibility;
}

export interface RoomDeletedEvent {
  roomId: number;
}

/** Every server → client event by its wire name, with its payload. */
export interface ChatEvents {
  messageReceived: Message;
  typing: TypingEvent;
  presenceChanged: PresenceEvent;
  memberJoined: MemberJoinedEvent;
  memberLeft: MemberLeftEvent;
  memberUpdated: MemberUpdatedEvent;
  roomUpdated: RoomUpdatedEvent;
  roomDeleted: RoomDeletedEvent;
}
