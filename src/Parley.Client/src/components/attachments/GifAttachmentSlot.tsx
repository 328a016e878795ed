import type { Attachment } from "../../types";
import { GifAttachment } from "../gifs/GifAttachment";

/** A sent GIF: shown by the GIF feature (the animation in a box of its shape, with the provider's attribution). */
export function GifAttachmentSlot({ attachment }: { attachment: Attachment }) {
  return <GifAttachment attachment={attachment} />;
}
