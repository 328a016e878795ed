import { messagePreviewText } from "./attachments";
import { countsAsUnread, mentionsMe } from "./unread";
import type { Conversation, Message, UserSettings } from "../types";

// When a new message deserves a notification (a browser notification and a sound), and what it says.

export interface NotifyContext {
  meId: number;
  /** Null until loaded: nothing is held back then. */
  settings: UserSettings | null;
  conversation: Conversation;
  /** The conversation is open in a visible, focused page: the message is already in front of the user. */
  watching: boolean;
}

/** Only others' messages; never during do-not-disturb; never in a muted conversation unless it names the user. */
export function shouldNotify(message: Message, { meId, settings, conversation, watching }: NotifyContext): boolean {
  if (!countsAsUnread(message, meId) || settings?.doNotDisturb || watching) return false;
  return !conversation.muted || mentionsMe(message, meId);
}

const BodyLength = 160;

/** One-to-one: the author's name; otherwise who wrote where. The text is cut short, as notification areas are small. */
export function notificationContent(message: Message, conversation: Conversation): { title: string; body: string } {
  const author = message.author.displayName;
  const oneToOne = conversation.kind === "direct" && conversation.participants.length === 1;
  const where = conversation.kind === "room" ? `#${conversation.name}` : conversation.name;
  const text = messagePreviewText(message);
  const characters = [...text];
  const body = characters.length > BodyLength ? `${characters.slice(0, BodyLength - 1).join("")}…` : text;
  return { title: oneToOne ? author : `${author} in ${where}`, body };
}
