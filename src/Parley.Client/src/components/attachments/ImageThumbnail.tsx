import { fitBox } from "../../state/attachments";
import type { Attachment } from "../../types";

/** The longest side of an image or video in the list, in CSS pixels. */
export const MaxMediaSide = 360;

/**
 * The thumbnail in a box of the image's own shape, so the list keeps its place while it loads; activating it opens
 * the viewer.
 */
export function ImageThumbnail({ attachment, onOpen }: { attachment: Attachment; onOpen: () => void }) {
  const box = fitBox(attachment.width, attachment.height, MaxMediaSide);
  return (
    <button
      type="button"
      className="attachment-image"
      style={{ width: box.width, aspectRatio: `${box.width} / ${box.height}` }}
      onClick={onOpen}
      aria-label={`View ${attachment.name}`}
      data-testid="attachment"
      data-kind="image"
    >
      <img
        src={playsInPlace(attachment) ? attachment.url : (attachment.thumbnailUrl ?? attachment.url)}
        alt={attachment.name}
        width={box.width}
        height={box.height}
        loading="lazy"
        decoding="async"
        draggable={false}
      />
    </button>
  );
}

/** A GIF moves in the list, as in every chat app; the server's thumbnail is its first frame only. */
function playsInPlace(attachment: Attachment): boolean {
  return attachment.contentType === "image/gif";
}
