import type { Attachment } from "../../types";

/** A voice message: the browser's own player. */
export function VoiceAttachment({ attachment }: { attachment: Attachment }) {
  return (
    <figure className="attachment-audio attachment-voice" data-testid="attachment" data-kind="voice">
      <figcaption>Voice message</figcaption>
      <audio controls preload="metadata" src={attachment.url} aria-label="Voice message" />
    </figure>
  );
}
