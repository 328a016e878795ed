// The wire contract, mirroring the server's DTO records (src/Parley.Server/**/*Dtos.cs and
// Realtime/IChatClient.cs). JSON is camelCase, enums are camelCase strings, times are ISO 8601 UTC.

export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  /** The profile picture, "/api/users/{id}/avatar/{version}" (add ?size=64|128|256); null: show initials. */
  avatarUrl: string | null;
}

export interface Me {
  id: number;
  username: string;
  displayName: string;
  email: string;
  createdAt: string;
  /** The line others see beside the name; null for none. */
  status: string | null;
  avatarUrl: string | null;
  /** The address was confirmed through a mailed link. */
  emailVerified: boolean;
  /** A server administrator: the admin console (/admin) is theirs. */
  isAdmin: boolean;
}

/** Only the fields present change; `status: ""` clears the status. */
export interface UpdateProfileRequest {
  displayName?: string;
  status?: string;
}

/** Someone as their profile card shows them. */
export interface Profile {
  user: UserSummary;
  status: string | null;
}

export type RoomVisibility = "public" | "private" | "password";
export type MemberRole = "member" | "admin" | "owner";
export type MessageKind = "text" | "system";

export interface Message {
  id: number;
  roomId: number;
  /**
   * Its place in the conversation: 1, 2, 3… without gaps, in id order. A message whose seq is not the next after the
   * one before it shows that one between them has not arrived yet. 0 only from a server that does not number them.
   */
  seq: number;
  author: UserSummary;
  text: string;
  createdAt: string;
  kind: MessageKind;
  clientMessageId: string | null;
  /** Ids of the members named with @username. */
  mentions: number[];
  /** @room from a room's owner or an admin: everyone in the room is named. */
  mentionsRoom: boolean;
  /** When the text was last edited; null if never. */
  editedAt: string | null;
  /** A tombstone: text, mentions, reactions and pin are gone, `replyTo` is kept. */
  deleted: boolean;
  replyTo: ReplyQuote | null;
  /** One entry per emoji, in the order each was first used. */
  reactions: Reaction[];
  pinned: PinInfo | null;
  /**
   * 0 if never changed since it was sent; else the conversation's change sequence at its last edit, delete,
   * reaction or pin change. Of two copies of one message, the one with the higher changeSeq is the newer.
   */
  changeSeq: number;
  /** Files sent with it, in upload order; empty when none and on tombstones. */
  attachments: Attachment[];
}

export type FileKind = "image" | "video" | "audio" | "voice" | "document" | "archive" | "text" | "other" | "gif";

/** A file uploaded to a conversation (sent with a message, or uploaded and waiting to be sent), or a sent GIF. */
export interface Attachment {
  /** The file's public id; for a GIF too. */
  id: string;
  kind: FileKind;
  /** The sanitised display name ("voice message.webm" for voice). */
  name: string;
  /** What the server found the content to be. */
  contentType: string;
  /** Bytes; 0 for a GIF. */
  size: number;
  /** "/api/files/{id}"; a GIF: the provider's https media URL. */
  url: string;
  /** "/api/files/{id}/thumbnail" for images; a GIF: its preview. */
  thumbnailUrl: string | null;
  /** Of the original: images and GIFs, video when known. */
  width: number | null;
  height: number | null;
  /** Audio, voice and video when known. */
  durationMs: number | null;
  /** Voice: peaks 0–100, at most 100 values. */
  waveform: number[] | null;
  provider: "giphy" | "tenor" | null;
}

/** The caller's storage and the upload limits, for checks before an upload starts (the server stays the authority). */
export interface FileUsage {
  usedBytes: number;
  quotaBytes: number;
  maxFileBytes: number;
  maxAttachmentsPerMessage: number;
  maxVoiceSeconds: number;
}

/** The message a reply answers, as it is now: a deleted original has `deleted` and an empty excerpt. */
export interface ReplyQuote {
  id: number;
  author: UserSummary;
  /** Its first line, at most 140 characters. */
  excerpt: string;
  deleted: boolean;
}

export interface Reaction {
  emoji: string;
  count: number;
  users: UserSummary[];
}

export interface PinInfo {
  by: UserSummary;
  at: string;
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
  /** The line they set on their profile; null for none. */
  status: string | null;
  /** While they are timed out in the room (they read but cannot write): when it ends. */
  timedOutUntil?: string | null;
}

export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
  /** The conversation's change sequence, read before the messages: any later change is above it. */
  changeSeq: number;
}

/** Messages changed (edited, deleted, reacted to, pinned) after a change sequence, in its order, as they are now. */
export interface ChangesPage {
  messages: Message[];
  hasMore: boolean;
  changeSeq: number;
}

/** The messages around one (a search hit), in order. */
export interface MessageWindow {
  messages: Message[];
  hasOlder: boolean;
  hasNewer: boolean;
  changeSeq: number;
}

export type ConversationKind = "room" | "direct";

/** Someone else in a direct conversation; `lastSeenAt` is when they went offline (null while online or never seen). */
export interface Participant {
  user: UserSummary;
  online: boolean;
  lastSeenAt: string | null;
}

/** How far another member has read; only people who share read receipts are listed. */
export interface ReadPosition {
  userId: number;
  lastReadMessageId: number;
}

interface ConversationFields {
  id: number;
  name: string;
  topic: string | null;
  role: MemberRole;
  memberCount: number;
  lastMessage: Message | null;
  unreadCount: number;
  mentionCount: number;
  lastReadMessageId: number;
  muted: boolean;
  createdAt: string;
  /** Direct conversations: everyone but the caller (empty for rooms). */
  participants: Participant[];
  /** Direct conversations: how far the others read, when the caller shares read receipts too (empty for rooms). */
  readPositions: ReadPosition[];
  /** When the caller pinned it to the top of their list; null when it is not pinned. */
  pinnedAt: string | null;
  /** Hidden from the caller's list while its last message is at or before this id (it comes back with a newer one); null when not hidden. */
  hiddenUpToMessageId: number | null;
}

export interface RoomConversation extends ConversationFields {
  kind: "room";
  visibility: RoomVisibility;
}

/** `name` is the other people's names. */
export interface DirectConversation extends ConversationFields {
  kind: "direct";
  visibility: null;
}

/** A room or a direct conversation as it appears in the caller's list. */
export type Conversation = RoomConversation | DirectConversation;

export interface UserSearchResult {
  user: UserSummary;
  online: boolean;
}

export interface UserSettings {
  sendReadReceipts: boolean;
  doNotDisturb: boolean;
  notificationSounds: boolean;
}

export interface SearchResult {
  message: Message;
  conversation: { id: number; kind: ConversationKind; name: string };
  /** The text around the match, each matched stretch between U+E000 and U+E001; null for filter-only searches. */
  snippet: string | null;
}

export interface SearchPage {
  results: SearchResult[];
  hasMore: boolean;
  /** The words and phrases searched for, to highlight in messages. */
  highlights: string[];
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

export type GifProvider = "giphy" | "tenor";

/** A GIF from the server's provider (Giphy or Tenor), as the picker shows it: both images are on the provider's media hosts. */
export interface Gif {
  /** The provider's id: what SendMessage's gifId takes. */
  id: string;
  title: string;
  /** The animation as shown in a message. */
  url: string;
  width: number;
  height: number;
  /** A smaller animation for the picker's grid. */
  previewUrl: string;
  previewWidth: number;
  previewHeight: number;
}

/** GET /api/gifs/trending and /api/gifs/search: a page, and `next` (the `pos` of the next page) while there is one. */
export interface GifPage {
  results: Gif[];
  next: string | null;
  provider: GifProvider;
}

/** GET /api/gifs/config: null when the server has no GIF provider (the GIF button is hidden). */
export interface GifConfig {
  provider: GifProvider | null;
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
  /** Needed while registration is invite-only (RegistrationPolicy.inviteCodeRequired). */
  inviteCode?: string;
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
  /** The message this one answers, in the same conversation. */
  replyToId?: number;
  /** The sender's own unsent uploads in this conversation, in order; `text` may then be empty. */
  attachmentIds?: string[];
  /** A GIF from the picker (exclusive with attachmentIds); `text` may then be empty. */
  gifId?: string;
}

// Hub events (server → client).

export interface TypingEvent {
  roomId: number;
  user: UserSummary;
}

export interface PresenceEntry {
  userId: number;
  online: boolean;
  /** When they went offline; null while online. */
  lastSeenAt: string | null;
}

/** Presence changes gathered over a moment, of people the recipient shares a conversation with. */
export interface PresenceChangedEvent {
  users: PresenceEntry[];
}

export interface MemberJoinedEvent {
  roomId: number;
  member: Member;
  memberCount: number;
}

export type MemberLeftReason = "left" | "removed" | "banned";

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

/** The caller's own state in one conversation, changed on this or another device. */
export interface ConversationState {
  conversationId: number;
  lastReadMessageId: number;
  /** Messages up to and including this id are cleared from the caller's view. */
  clearedBeforeMessageId: number;
  muted: boolean;
  unreadCount: number;
  mentionCount: number;
  pinnedAt: string | null;
  hiddenUpToMessageId: number | null;
}

export interface ReadReceiptEvent {
  conversationId: number;
  userId: number;
  lastReadMessageId: number;
}

/** Someone's display name, status or picture changed: show them so wherever they appear. */
export interface UserUpdatedEvent {
  user: UserSummary;
  status: string | null;
}

/** Every server → client event by its wire name, with its payload. */
export interface ChatEvents {
  messageReceived: Message;
  messageEdited: Message;
  messageDeleted: Message;
  reactionsChanged: Message;
  pinsChanged: Message;
  typing: TypingEvent;
  presenceChanged: PresenceChangedEvent;
  memberJoined: MemberJoinedEvent;
  memberLeft: MemberLeftEvent;
  memberUpdated: MemberUpdatedEvent;
  roomUpdated: RoomUpdatedEvent;
  roomDeleted: RoomDeletedEvent;
  conversationStateChanged: ConversationState;
  readReceipt: ReadReceiptEvent;
  settingsChanged: UserSettings;
  userUpdated: UserUpdatedEvent;
  reportFiled: Report;
  reportClosed: Report;
}

// ---- Moderation (issue 13): reports, bans, timeouts ----

export type ReportCategory = "spam" | "harassment" | "inappropriate" | "other";

export type ReportStatus = "open" | "resolved" | "dismissed";

/**
 * A reported message as the reports queue shows it. `text` and `authorName` are as they were when it was reported;
 * `roomName` is null for a direct conversation. `canModerateRoom`: the viewer is the room's owner or admin.
 */
export interface Report {
  id: number;
  conversationId: number;
  roomName: string | null;
  messageId: number;
  authorId: number;
  authorName: string;
  text: string;
  sentAt: string;
  category: ReportCategory;
  comment: string | null;
  reporter: UserSummary;
  createdAt: string;
  status: ReportStatus;
  closedByName: string | null;
  closedAt: string | null;
  messageDeleted: boolean;
  canModerateRoom: boolean;
}

export interface Ban {
  user: UserSummary;
  bannedAt: string;
  bannedByName: string | null;
  reason: string | null;
}

// ---- Admin console (console helper): /api/admin/… ----

/** One page of a list the console pages by offset. */
export interface AdminPage<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface AdminUserRow {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  createdAt: string;
  lastSeenAt: string | null;
  online: boolean;
  isAdmin: boolean;
  deactivatedAt: string | null;
}

export interface AdminUserDetail extends AdminUserRow {
  emailConfirmed: boolean;
  twoFactorEnabled: boolean;
  activeSessions: number;
  rooms: number;
  messages: number;
}

export interface AdminRoomRow {
  id: number;
  name: string;
  visibility: RoomVisibility;
  createdAt: string;
  owner: UserSummary | null;
  members: number;
  messages: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actorId: number | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
  targetName: string | null;
  ipAddress: string | null;
  details: string | null;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` for the next page; null when there is none. */
  nextBefore: number | null;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  q?: string;
  /** ISO timestamps: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

export interface DashboardDay {
  /** yyyy-mm-dd, UTC. */
  day: string;
  messages: number;
  activeUsers: number;
}

export interface Dashboard {
  at: string;
  days: DashboardDay[];
  connectionsNow: number;
  onlineNow: number;
  storageBytes: number;
  totals: { users: number; deactivatedUsers: number; rooms: number; messages: number; files: number };
}
// ---- end of admin console ----

// ---- Run-time server settings and invite codes (settings part: /api/admin/settings, /api/admin/invite-codes) ----

export type RegistrationMode = "open" | "inviteOnly" | "closed";

/** GET /api/auth/registration: what the sign-up form needs before anyone fills it in. */
export interface RegistrationPolicy {
  mode: RegistrationMode;
  open: boolean;
  inviteCodeRequired: boolean;
}

/** The per-user limits the server has (UserLimit), by their wire names. */
export type UserLimitName =
  | "requests"
  | "messages"
  | "roomsCreated"
  | "joinsAndLeaves"
  | "invitesCreated"
  | "searches"
  | "messageChanges"
  | "reactions"
  | "pins"
  | "typing"
  | "roomPasswordGuesses"
  | "roomLookups"
  | "listChanges"
  | "profileChanges"
  | "gifSearches"
  | "uploads"
  | "sessions";

export interface RateLimitSetting {
  limit: UserLimitName;
  burst: number;
  perMinute: number;
}

/** The mail settings in force; the password never comes back, only whether one is set. */
export interface MailSettings {
  host: string;
  port: number;
  security: string;
  username: string;
  passwordSet: boolean;
  from: string;
}

export interface ServerSettings {
  registrationMode: RegistrationMode;
  defaultRooms: string[];
  files: { maxFileBytes: number; quotaBytesPerUser: number };
  rateLimits: RateLimitSetting[];
  mail: MailSettings;
  /** Settings with a value saved in the console (over appsettings.json), e.g. "Files:MaxFileBytes". */
  stored: string[];
}

/** PUT /api/admin/settings: what to change; anything left out stays. */
export interface ServerSettingsUpdate {
  registrationMode?: RegistrationMode;
  defaultRooms?: string[];
  files?: { maxFileBytes?: number; quotaBytesPerUser?: number };
  rateLimits?: RateLimitSetting[];
  mail?: {
    host?: string;
    port?: number;
    security?: string;
    username?: string;
    password?: string;
    clearPassword?: boolean;
    from?: string;
  };
}

export interface TestMailResult {
  sentTo: string;
  detail: string;
  outboxFile: string | null;
}

export type InviteCodeStatus = "active" | "expired" | "usedUp" | "revoked";

export interface InviteCode {
  id: number;
  code: string;
  note: string | null;
  maxUses: number | null;
  uses: number;
  expiresAt: string | null;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  status: InviteCodeStatus;
}

export interface CreateInviteCodeRequest {
  maxUses?: number;
  expiresAt?: string;
  note?: string;
}

// ---- end of the settings part ----
