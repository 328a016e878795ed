import type { Attachment } from "../../types";
import { ImageThumbnail } from "./ImageThumbnail";

/** A sent GIF: the animation itself (its url), in a box of its shape. */
export function GifAttachmentSlot({ attachment }: { attachment: Attachment }) {
  return <ImageThumbnail attachment={{ ...attachment, thumbnailUrl: null }} />;
}
