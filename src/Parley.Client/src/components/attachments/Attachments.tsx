import { useState } from "react";
import { fitBox, formatSize } from "../../state/attachments";
import { timelinesStore } from "../../state/messages";
import type { Attachment } from "../../types";
import { fileTypeLabel, FileTypeIcon } from "./AttachmentIcons";
import { GifAttachmentSlot } from "./GifAttachmentSlot";
import { ImageThumbnail, MaxMediaSide } from "./ImageThumbnail";
import { ImageViewer } from "./ImageViewer";
import { VoiceAttachment } from "./VoiceAttachment";
import "../../styles/attachments.css";

/** A message's files, in the order they were uploaded: images and videos inline, audio as players, the rest as cards. */
export function Attachments({ attachments, conversationId }: { attachments: readonly Attachment[]; conversationId: number }) {
  const [viewing, setViewing] = useState<{ images: Attachment[]; index: number } | null>(null);
  if (attachments.length === 0) return null;
  const open = (image: Attachment) => {
    const images = galleryOf(conversationId, attachments);
    setViewing({ images, index: Math.max(0, images.findIndex((i) => i.id === image.id)) });
  };
  return (
    <div className="attachments" data-testid="attachments">
      {attachments.map((attachment) => (
        <AttachmentView key={attachment.id} attachment={attachment} onOpen={open} />
      ))}
      {viewing && <ImageViewer images={viewing.images} startIndex={viewing.index} onClose={() => setViewing(null)} />}
    </div>
  );
}

function AttachmentView({ attachment, onOpen }: { attachment: Attachment; onOpen: (image: Attachment) => void }) {
  switch (attachment.kind) {
    case "image":
      return <ImageThumbnail attachment={attachment} onOpen={() => onOpen(attachment)} />;
    case "gif":
      return <GifAttachmentSlot attachment={attachment} />;
    case "video":
      return <VideoAttachment attachment={attachment} />;
    case "audio":
      return (
        <figure className="attachment-audio" data-testid="attachment" data-kind="audio">
          <figcaption>{attachment.name}</figcaption>
          <audio controls preload="metadata" src={attachment.url} aria-label={attachment.name} />
        </figure>
      );
    case "voice":
      return <VoiceAttachment attachment={attachment} />;
    default:
      return <FileCard attachment={attachment} />;
  }
}

function VideoAttachment({ attachment }: { attachment: Attachment }) {
  const known = attachment.width !== null && attachment.height !== null;
  const box = fitBox(attachment.width, attachment.height, MaxMediaSide);
  return (
    <video
      className="attachment-video"
      controls
      preload="metadata"
      playsInline
      src={attachment.url}
      aria-label={attachment.name}
      data-testid="attachment"
      data-kind="video"
      style={known ? { width: box.width, aspectRatio: `${box.width} / ${box.height}` } : { width: MaxMediaSide }}
    />
  );
}

/** Anything not shown inline: its type, name and size, and a link that downloads it. */
function FileCard({ attachment }: { attachment: Attachment }) {
  const label = fileTypeLabel(attachment.kind, attachment.contentType, attachment.name);
  return (
    <a className="attachment-file" href={attachment.url} download={attachment.name} data-testid="attachment" data-kind={attachment.kind}>
      <FileTypeIcon label={label} />
      <span className="attachment-file-text">
        <span className="attachment-file-name">{attachment.name}</span>
        <span className="attachment-file-meta">
          {label} · {formatSize(attachment.size)}
        </span>
      </span>
      <span className="attachment-file-download">Download</span>
    </a>
  );
}

/**
 * The images the viewer steps through: those of the conversation as loaded here (so ←/→ goes on to the next
 * message's), or the message's own when it is not among them (still being sent).
 */
function galleryOf(conversationId: number, own: readonly Attachment[]): Attachment[] {
  const timeline = timelinesStore.get().get(conversationId);
  const loaded = (timeline?.messages ?? []).filter((m) => !m.deleted).flatMap((m) => m.attachments.filter((a) => a.kind === "image"));
  const ownImages = own.filter((a) => a.kind === "image");
  return ownImages.every((image) => loaded.some((l) => l.id === image.id)) ? loaded : ownImages;
}
