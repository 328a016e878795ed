import { plainText } from "./markdown";
import type { Attachment } from "../types";

// How attachments read where a message is shown as text or laid out before its files load.

const units = ["KB", "MB", "GB", "TB"] as const;

/** A size as people read it: "512 bytes", "1.5 KB", "25 MB" (1 KB = 1024 bytes, as file managers count). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // One decimal while it says something (1.5 MB), none once the number is big enough on its own (25 MB).
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return `${shown.toLocaleString("en")} ${units[unit]}`;
}

/**
 * The box an image is shown in before it loads, so the list does not move when it arrives: its own size, scaled
 * down to fit `max` × `max` with its aspect ratio kept, never scaled up. Unknown dimensions get a square.
 */
export function fitBox(width: number | null, height: number | null, max: number): { width: number; height: number } {
  if (!width || !height) return { width: max, height: max };
  const scale = Math.min(1, max / width, max / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A message without text as one line: "📎 photo.jpg", "🎤 Voice message", "GIF", "📎 photo.jpg and 2 more files". */
export function attachmentSummary(attachments: readonly Attachment[]): string {
  const first = attachments[0];
  if (!first) return "";
  if (attachments.length === 1 && first.kind === "voice") return "🎤 Voice message";
  if (attachments.length === 1 && first.kind === "gif") return "GIF";
  const more = attachments.length - 1;
  return more === 0 ? `📎 ${first.name}` : `📎 ${first.name} and ${more} more ${more === 1 ? "file" : "files"}`;
}

/** A message as one line of text for previews and notifications: its text, else what it carries. */
export function messagePreviewText(message: { text: string; attachments?: readonly Attachment[] }): string {
  const text = plainText(message.text);
  return text || attachmentSummary(message.attachments ?? []);
}
