import type { InviteCode, RateLimitSetting, ServerSettings, ServerSettingsUpdate, UserLimitName } from "../types";

// The Settings tab's form as the admin edits it (text in inputs), and what to send: only what changed, so the audit
// log records real changes and a password is sent only when one was typed.

const MEGABYTE = 1024 * 1024;

export interface SettingsDraft {
  registrationMode: ServerSettings["registrationMode"];
  /** One room name per line (commas work too). */
  defaultRooms: string;
  maxFileMegabytes: string;
  quotaMegabytes: string;
  rateLimits: Record<string, { burst: string; perMinute: string }>;
  mail: {
    host: string;
    port: string;
    security: string;
    username: string;
    /** Empty: keep the stored one. */
    password: string;
    clearPassword: boolean;
    from: string;
  };
}

export const megabytes = (bytes: number) => String(Math.round((bytes / MEGABYTE) * 100) / 100);

export function draftFrom(settings: ServerSettings): SettingsDraft {
  return {
    registrationMode: settings.registrationMode,
    defaultRooms: settings.defaultRooms.join("\n"),
    maxFileMegabytes: megabytes(settings.files.maxFileBytes),
    quotaMegabytes: megabytes(settings.files.quotaBytesPerUser),
    rateLimits: Object.fromEntries(
      settings.rateLimits.map((l) => [l.limit, { burst: String(l.burst), perMinute: String(l.perMinute) }]),
    ),
    mail: {
      host: settings.mail.host,
      port: String(settings.mail.port),
      security: settings.mail.security,
      username: settings.mail.username,
      password: "",
      clearPassword: false,
      from: settings.mail.from,
    },
  };
}

export const roomNames = (text: string) =>
  text
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter((name) => name.length > 0);

const wholeNumber = (text: string): number | null => (/^\s*\d+\s*$/.test(text) ? Number(text) : null);

const bytesOf = (megabytesText: string): number | null => {
  const value = /^\s*\d+(\.\d+)?\s*$/.test(megabytesText) ? Number(megabytesText) : NaN;
  return Number.isFinite(value) ? Math.round(value * MEGABYTE) : null;
};

/**
 * What to send for `draft` against the `settings` it was made from: the changed parts only. Inputs that are not
 * numbers are reported under the server's field names instead, and nothing is sent.
 */
export function updateFrom(settings: ServerSettings, draft: SettingsDraft): { update: ServerSettingsUpdate; errors: Record<string, string> } {
  const update: ServerSettingsUpdate = {};
  const errors: Record<string, string> = {};

  if (draft.registrationMode !== settings.registrationMode) update.registrationMode = draft.registrationMode;

  const rooms = roomNames(draft.defaultRooms);
  if (rooms.join("\n") !== settings.defaultRooms.join("\n")) update.defaultRooms = rooms;

  const maxFileBytes = bytesOf(draft.maxFileMegabytes);
  const quotaBytesPerUser = bytesOf(draft.quotaMegabytes);
  if (maxFileBytes === null) errors["files.maxFileBytes"] = "Enter a size in MB, such as 25 or 0.5.";
  if (quotaBytesPerUser === null) errors["files.quotaBytesPerUser"] = "Enter a size in MB, such as 1024.";
  const files: NonNullable<ServerSettingsUpdate["files"]> = {};
  // Compared in the form's unit: a value shown rounded and not touched is not a change.
  if (maxFileBytes !== null && draft.maxFileMegabytes.trim() !== megabytes(settings.files.maxFileBytes)) files.maxFileBytes = maxFileBytes;
  if (quotaBytesPerUser !== null && draft.quotaMegabytes.trim() !== megabytes(settings.files.quotaBytesPerUser)) {
    files.quotaBytesPerUser = quotaBytesPerUser;
  }
  if (Object.keys(files).length > 0) update.files = files;

  const limits: RateLimitSetting[] = [];
  for (const current of settings.rateLimits) {
    const edited = draft.rateLimits[current.limit];
    if (!edited) continue;
    const burst = wholeNumber(edited.burst);
    const perMinute = wholeNumber(edited.perMinute);
    if (burst === null) errors[`rateLimits.${current.limit}.burst`] = "A whole number.";
    if (perMinute === null) errors[`rateLimits.${current.limit}.perMinute`] = "A whole number.";
    if (burst !== null && perMinute !== null && (burst !== current.burst || perMinute !== current.perMinute)) {
      limits.push({ limit: current.limit, burst, perMinute });
    }
  }
  if (limits.length > 0) update.rateLimits = limits;

  const mail: NonNullable<ServerSettingsUpdate["mail"]> = {};
  const port = wholeNumber(draft.mail.port);
  if (port === null) errors["mail.port"] = "A port number, such as 587.";
  if (draft.mail.host.trim() !== settings.mail.host) mail.host = draft.mail.host.trim();
  if (port !== null && port !== settings.mail.port) mail.port = port;
  if (draft.mail.security !== settings.mail.security) mail.security = draft.mail.security;
  if (draft.mail.username.trim() !== settings.mail.username) mail.username = draft.mail.username.trim();
  if (draft.mail.password.length > 0) mail.password = draft.mail.password;
  else if (draft.mail.clearPassword && settings.mail.passwordSet) mail.clearPassword = true;
  if (draft.mail.from.trim() !== settings.mail.from) mail.from = draft.mail.from.trim();
  if (Object.keys(mail).length > 0) update.mail = mail;

  return Object.keys(errors).length > 0 ? { update: {}, errors } : { update, errors };
}

const limitLabels: Record<UserLimitName, string> = {
  requests: "All requests",
  messages: "Messages",
  roomsCreated: "Rooms created",
  joinsAndLeaves: "Joins and leaves",
  invitesCreated: "Room invite links created",
  searches: "Searches",
  messageChanges: "Edits and deletes",
  reactions: "Reactions",
  pins: "Pins",
  typing: "Typing signals",
  roomPasswordGuesses: "Room password attempts",
  roomLookups: "Rooms looked up by name",
  listChanges: "Conversation list changes",
  profileChanges: "Profile changes",
  gifSearches: "GIF searches",
  uploads: "Uploads",
  sessions: "Session changes",
};

export const limitLabel = (limit: UserLimitName) => limitLabels[limit] ?? limit;

/** The code a sign-up link carries: /?invite=CODE. */
export const inviteCodeFromSearch = (search: string) => new URLSearchParams(search).get("invite")?.trim() ?? "";

/** A link that opens the sign-up form with the code filled in. */
export const inviteLink = (code: string, origin: string) => `${origin}/?invite=${encodeURIComponent(code)}`;

const day = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** "2 of 5 uses · expires 3 Dec 2026", for the invite code list. */
export function describeInviteCode(code: InviteCode): string {
  const uses = code.maxUses === null ? `${code.uses} use${code.uses === 1 ? "" : "s"}` : `${code.uses} of ${code.maxUses} uses`;
  const expiry = code.expiresAt ? `expires ${day.format(new Date(code.expiresAt))}` : "no expiry";
  return `${uses} · ${expiry}`;
}

export const inviteStatusLabel: Record<InviteCode["status"], string> = {
  active: "Active",
  expired: "Expired",
  usedUp: "Used up",
  revoked: "Revoked",
};
