import type { Attachment } from "../../types";
import { VoicePlayer } from "../voice/VoicePlayer";

/** A voice message: its waveform player (seek, speed, one playing at a time). */
export function VoiceAttachment({ attachment }: { attachment: Attachment }) {
  return (
    <figure className="attachment-audio attachment-voice" data-testid="attachment" data-kind="voice">
      <figcaption className="visually-hidden">Voice message</figcaption>
      <VoicePlayer attachment={attachment} />
    </figure>
  );
}
