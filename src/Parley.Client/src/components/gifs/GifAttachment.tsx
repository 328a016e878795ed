import { gifBox } from "../../state/gifs";
import type { Attachment } from "../../types";
import { GifAttribution } from "./GifAttribution";
import "../../styles/gifs.css";

/** The longest side a GIF is shown at in a message, in CSS pixels (narrower screens shrink it, keeping its shape). */
const MaxGifSide = 300;

/**
 * A GIF sent in a message: the animation itself, straight from the provider's media host, in a box of its shape
 * reserved before it loads (so the list does not jump), loaded only when scrolled near, with the attribution.
 */
export function GifAttachment({ attachment }: { attachment: Attachment }) {
  const box = gifBox(attachment.width, attachment.height, MaxGifSide);
  return (
    <figure className="gif-attachment" data-testid="attachment" data-kind="gif">
      <img
        className="gif-image"
        src={attachment.url}
        alt={attachment.name}
        width={box.width}
        height={box.height}
        style={{ aspectRatio: `${box.width} / ${box.height}` }}
        loading="lazy"
        decoding="async"
        referrerPolicy="no-referrer"
      />
      <figcaption>
        <GifAttribution provider={attachment.provider} />
      </figcaption>
    </figure>
  );
}
