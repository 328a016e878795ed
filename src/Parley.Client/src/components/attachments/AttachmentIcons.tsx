import type { FileKind } from "../../types";

// Icons for the composer's attach button and for files shown as cards; decorative: the text beside them names them.

export function PaperclipIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
      <path d="M21.4 11.1 12.2 20.3a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5" />
    </svg>
  );
}

/** What a file is, in a word or two, from the type the server found. */
export function fileTypeLabel(kind: FileKind, contentType: string, name: string): string {
  const extension = name.includes(".") ? name.split(".").pop()!.toUpperCase() : "";
  if (contentType === "application/pdf") return "PDF";
  if (/wordprocessingml|msword|opendocument\.text|rtf/.test(contentType)) return "Document";
  if (/spreadsheetml|ms-excel|opendocument\.spreadsheet/.test(contentType)) return "Spreadsheet";
  if (/presentationml|ms-powerpoint|opendocument\.presentation/.test(contentType)) return "Presentation";
  if (kind === "archive") return extension ? `${extension} archive` : "Archive";
  if (kind === "text") return "Text";
  if (kind === "image") return "Image";
  if (kind === "video") return "Video";
  if (kind === "audio" || kind === "voice") return "Audio";
  return "File";
}

const badges: Record<string, { text: string; colour: string }> = {
  PDF: { text: "PDF", colour: "#d93025" },
  Document: { text: "DOC", colour: "#2b579a" },
  Spreadsheet: { text: "XLS", colour: "#217346" },
  Presentation: { text: "PPT", colour: "#d24726" },
  Text: { text: "TXT", colour: "#5a6070" },
  Image: { text: "IMG", colour: "#7c3aed" },
  Video: { text: "VID", colour: "#0e7490" },
  Audio: { text: "AUD", colour: "#0e7490" },
};

/** A page with a folded corner and a coloured band naming the type (PDF, DOC, ZIP…). */
export function FileTypeIcon({ label, size = 40 }: { label: string; size?: number }) {
  const badge = badges[label] ?? (label.endsWith("archive") || label === "Archive" ? { text: "ZIP", colour: "#b45309" } : { text: "FILE", colour: "#5a6070" });
  return (
    <svg className="file-type-icon" width={size * 0.8} height={size} viewBox="0 0 32 40" aria-hidden focusable={false}>
      <path d="M3 1h18l8 8v28a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2z" fill="var(--raised)" stroke="var(--border-strong)" strokeWidth={1.5} />
      <path d="M21 1v6a2 2 0 0 0 2 2h6" fill="none" stroke="var(--border-strong)" strokeWidth={1.5} />
      <rect x="0" y="22" width="26" height="11" rx="2" fill={badge.colour} />
      <text x="13" y="30.5" textAnchor="middle" fontSize="8" fontWeight="700" fontFamily="system-ui, sans-serif" fill="#fff">
        {badge.text}
      </text>
    </svg>
  );
}
