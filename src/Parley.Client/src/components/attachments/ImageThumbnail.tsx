import { fitBox } from "../../state/attachments";
import type { Attachment } from "../../types";

/** The longest side of an image or video in the list, in CSS pixels. */
export const MaxMediaSide = 360;

/**
 * The thumbnail in a box of the image's own shape, so the list keeps its place while it loads; activating it opens
 * the viewer.
 */
export function ImageThumbnail({ attachment, onOpen }: { attachment: Attachment; onOpen?: () => void }) {
  const box = fitBox(attachment.width, attachment.height, MaxMediaSide);
  const image = (
    <img
      src={attachment.thumbnailUrl ?? attachment.url}
      alt={attachment.name}
      width={box.width}
      height={box.height}
      loading="lazy"
      decoding="async"
      draggable={false}
    />
  );
  const style = { width: box.width, aspectRatio: `${box.width} / ${box.height}` };
  if (!onOpen) {
    return (
      <span className="attachment-image" style={style} data-testid="attachment" data-kind={attachment.kind}>
        {image}
      </span>
    );
  }
  return (
    <button type="button" className="attachment-image" style={style} onClick={onOpen} aria-label={`View ${attachment.name}`} data-testid="attachment" data-kind="image">
      {image}
    </button>
  );
}
