import { request } from "./http";
import type {
  Conversation,
  ConversationState,
  CreateInviteRequest,
  CreateRoomRequest,
  Invite,
  InvitePreview,
  Me,
  ChangesPage,
  Member,
  MemberRole,
  Message,
  MessagePage,
  MessageWindow,
  PasswordPolicy,
  RegisterRequest,
  Room,
  SearchPage,
  SignInRequest,
  UpdateProfileRequest,
  UpdateRoomRequest,
  UserSearchResult,
  UserSettings,
  UserSummary,
} from "../types";

// Every HTTP endpoint the client uses (docs/api.md), typed by the server's DTOs.

const room = (id: number) => `/api/rooms/${id}`;
const invite = (code: string) => `/api/invites/${encodeURIComponent(code)}`;
const conversation = (id: number) => `/api/conversations/${id}`;
const user = (username: string) => `/api/users/${encodeURIComponent(username)}`;

export const getPasswordPolicy = () => request<PasswordPolicy>("GET", "/api/auth/password-policy");
/** Me when signed in at once; a message instead when the server first wants the address verified. */
export const register = (body: RegisterRequest) =>
  request<Me | { message: string }>("POST", "/api/auth/register", { body, checksCredentials: true });
export const signIn = (body: SignInRequest) =>
  request<Me>("POST", "/api/auth/login", { body, checksCredentials: true });
export const signOut = () => request<void>("POST", "/api/auth/logout", { checksCredentials: true });
export const getMe = () => request<Me>("GET", "/api/me", { checksCredentials: true });
export const forgotPassword = (email: string) =>
  request<{ message: string }>("POST", "/api/auth/forgot-password", { body: { email }, checksCredentials: true });
export const resetPassword = (token: string, newPassword: string) =>
  request<void>("POST", "/api/auth/reset-password", { body: { token, newPassword }, checksCredentials: true });
export const getEmailVerification = () =>
  request<{ mode: "off" | "optional" | "required" }>("GET", "/api/auth/email-verification");
export const verifyEmail = (token: string) =>
  request<void>("POST", "/api/auth/verify-email", { body: { token }, checksCredentials: true });
export const resendVerification = (email: string) =>
  request<{ message: string }>("POST", "/api/auth/resend-verification", { body: { email }, checksCredentials: true });
export const changeEmail = (body: { newEmail: string; password: string }) =>
  request<{ message: string }>("PUT", "/api/me/email", { body });
export const changePassword = (body: { currentPassword: string; newPassword: string; signOutOtherSessions: boolean }) =>
  request<void>("PUT", "/api/me/password", { body });

export const searchPublicRooms = (query: string, signal?: AbortSignal) =>
  request<Room[]>("GET", `/api/rooms/public?q=${encodeURIComponent(query)}`, { signal });
export const createRoom = (body: CreateRoomRequest) => request<Room>("POST", "/api/rooms", { body });
export const getRoom = (id: number) => request<Room>("GET", room(id));
export const updateRoom = (id: number, body: UpdateRoomRequest) => request<Room>("PATCH", room(id), { body });
export const deleteRoom = (id: number) => request<void>("DELETE", room(id));
export const joinRoom = (id: number, password?: string) =>
  request<Room>("POST", `${room(id)}/join`, { body: password ? { password } : {} });
export const joinRoomByName = (name: string, password?: string) =>
  request<Room>("POST", "/api/rooms/join", { body: password ? { name, password } : { name } });
export const leaveRoom = (id: number) => request<void>("POST", `${room(id)}/leave`);

export const listMembers = (id: number) => request<Member[]>("GET", `${room(id)}/members`);
export const removeMember = (id: number, userId: number) => request<void>("DELETE", `${room(id)}/members/${userId}`);
export const changeRole = (id: number, userId: number, role: MemberRole) =>
  request<Member>("PUT", `${room(id)}/members/${userId}/role`, { body: { role } });

export const listInvites = (id: number) => request<Invite[]>("GET", `${room(id)}/invites`);
export const createInvite = (id: number, body: CreateInviteRequest) =>
  request<Invite>("POST", `${room(id)}/invites`, { body });
export const revokeInvite = (id: number, code: string) =>
  request<void>("DELETE", `${room(id)}/invites/${encodeURIComponent(code)}`);
export const previewInvite = (code: string) => request<InvitePreview>("GET", invite(code));
export const acceptInvite = (code: string) => request<Room>("POST", `${invite(code)}/accept`);

export const listConversations = () => request<Conversation[]>("GET", "/api/conversations");
export const getConversation = (id: number) => request<Conversation>("GET", conversation(id));
export const markRead = (id: number, messageId: number) =>
  request<ConversationState>("POST", `${conversation(id)}/read`, { body: { messageId } });
export const clearConversation = (id: number) => request<ConversationState>("POST", `${conversation(id)}/clear`);
export const setMuted = (id: number, muted: boolean) =>
  request<ConversationState>("PUT", `${conversation(id)}/mute`, { body: { muted } });
export const setPinned = (id: number, pinned: boolean) =>
  request<ConversationState>("PUT", `${conversation(id)}/pin`, { body: { pinned } });
export const setHidden = (id: number, hidden: boolean) =>
  request<ConversationState>("PUT", `${conversation(id)}/hidden`, { body: { hidden } });
export const getSeenBy = (id: number, messageId: number) =>
  request<UserSummary[]>("GET", `${conversation(id)}/messages/${messageId}/seen-by`);

export type PageCursor = { before: number } | { after: number } | Record<string, never>;

export function getMessages(id: number, cursor: PageCursor, limit = 50) {
  const query = new URLSearchParams({ limit: String(limit) });
  if ("before" in cursor) query.set("before", String(cursor.before));
  if ("after" in cursor) query.set("after", String(cursor.after));
  return request<MessagePage>("GET", `${conversation(id)}/messages?${query}`);
}

export const getMessagesAround = (id: number, messageId: number, limit = 50) =>
  request<MessageWindow>("GET", `${conversation(id)}/messages/${messageId}/around?limit=${limit}`);

export function getMessageChanges(id: number, after: number, limit = 100) {
  return request<ChangesPage>("GET", `${conversation(id)}/messages/changes?after=${after}&limit=${limit}`);
}

const message = (id: number, messageId: number) => `${conversation(id)}/messages/${messageId}`;
const reaction = (id: number, messageId: number, emoji: string) => `${message(id, messageId)}/reactions/${encodeURIComponent(emoji)}`;

export const editMessage = (id: number, messageId: number, text: string) => request<Message>("PATCH", message(id, messageId), { body: { text } });
export const deleteMessage = (id: number, messageId: number) => request<void>("DELETE", message(id, messageId));
export const addReaction = (id: number, messageId: number, emoji: string) => request<Message>("PUT", reaction(id, messageId, emoji));
export const removeReaction = (id: number, messageId: number, emoji: string) => request<Message>("DELETE", reaction(id, messageId, emoji));
export const listPins = (id: number) => request<Message[]>("GET", `${conversation(id)}/pins`);
export const pinMessage = (id: number, messageId: number) => request<Message>("PUT", `${conversation(id)}/pins/${messageId}`);
export const unpinMessage = (id: number, messageId: number) => request<void>("DELETE", `${conversation(id)}/pins/${messageId}`);

export const openDirect = (usernames: string[]) => request<Conversation>("POST", "/api/dms", { body: { usernames } });
export const searchUsers = (query: string, signal?: AbortSignal) =>
  request<UserSearchResult[]>("GET", `/api/users?q=${encodeURIComponent(query)}`, { signal });
export const listBlocked = () => request<UserSummary[]>("GET", "/api/me/blocks");
export const block = (username: string) => request<void>("PUT", `${user(username)}/block`);
export const unblock = (username: string) => request<void>("DELETE", `${user(username)}/block`);

export const updateProfile = (body: UpdateProfileRequest) => request<Me>("PATCH", "/api/me/profile", { body });
export const uploadAvatar = (image: Blob) => request<Me>("PUT", "/api/me/avatar", { rawBody: image });
export const removeAvatar = () => request<Me>("DELETE", "/api/me/avatar");

export const getSettings = () => request<UserSettings>("GET", "/api/me/settings");
export const updateSettings = (changes: Partial<UserSettings>) => request<UserSettings>("PATCH", "/api/me/settings", { body: changes });

export interface SearchRequest {
  q: string;
  conversationId?: number;
  before?: number;
  limit?: number;
}

export function searchMessages({ q, conversationId, before, limit }: SearchRequest, signal?: AbortSignal) {
  const query = new URLSearchParams({ q });
  if (conversationId !== undefined) query.set("conversationId", String(conversationId));
  if (before !== undefined) query.set("before", String(before));
  if (limit !== undefined) query.set("limit", String(limit));
  return request<SearchPage>("GET", `/api/search?${query}`, { signal });
}

/** What deleting the account does to its messages, as this server is set up. */
export const getAccountDeletionTerms = () => request<{ messages: "keep" | "remove" }>("GET", "/api/me/delete");
export const deleteAccount = (password: string) =>
  request<void>("POST", "/api/me/delete", { body: { password }, checksCredentials: true });
