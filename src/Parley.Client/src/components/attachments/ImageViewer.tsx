import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import type { Attachment } from "../../types";

/** How far a finger must travel sideways, in CSS pixels, for a swipe to go to the next or previous image. */
const SwipeDistance = 50;

/**
 * Images full size, one at a time, over everything: ←/→ (or a swipe, or the buttons) step through them, Escape or
 * the close button closes, focus stays inside while it is open (a modal <dialog>) and goes back to where it was.
 */
export function ImageViewer({ images, startIndex, onClose }: { images: readonly Attachment[]; startIndex: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(startIndex);
  const swipeFrom = useRef<{ x: number; y: number } | null>(null);
  const image = images[index];
  const count = images.length;

  useEffect(() => {
    const element = dialog.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    element.querySelector<HTMLElement>(".image-viewer-close")?.focus();
    return () => {
      element.close();
      opener?.focus();
    };
  }, []);

  const step = (by: number) => setIndex((i) => Math.min(count - 1, Math.max(0, i + by)));

  const keyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowRight") step(1);
    else if (event.key === "ArrowLeft") step(-1);
    else if (event.key === "Home") setIndex(0);
    else if (event.key === "End") setIndex(count - 1);
    else return;
    event.preventDefault();
  };

  const pointerDown = (event: PointerEvent) => {
    if (event.pointerType !== "mouse") swipeFrom.current = { x: event.clientX, y: event.clientY };
  };
  const pointerUp = (event: PointerEvent) => {
    const from = swipeFrom.current;
    swipeFrom.current = null;
    if (!from) return;
    const dx = event.clientX - from.x;
    if (Math.abs(dx) >= SwipeDistance && Math.abs(dx) > Math.abs(event.clientY - from.y)) step(dx < 0 ? 1 : -1);
  };

  if (!image) return null;
  return (
    <dialog
      ref={dialog}
      className="image-viewer"
      aria-label={`${image.name}, image ${index + 1} of ${count}`}
      data-testid="image-viewer"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={keyDown}
      onClick={(event) => {
        // A click on the dark backdrop around the image closes it, as in every photo viewer.
        if (event.target === event.currentTarget || (event.target as Element).classList.contains("image-viewer-stage")) onClose();
      }}
    >
      <header className="image-viewer-bar">
        <span className="image-viewer-name">{image.name}</span>
        <span className="image-viewer-count" aria-hidden="true">
          {index + 1} / {count}
        </span>
        <a className="image-viewer-button" href={image.url} download={image.name}>
          Download
        </a>
        <button type="button" className="image-viewer-button image-viewer-close" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="image-viewer-stage" onPointerDown={pointerDown} onPointerUp={pointerUp} onPointerCancel={() => (swipeFrom.current = null)}>
        <img
          key={image.id}
          src={image.url}
          alt={image.name}
          width={image.width ?? undefined}
          height={image.height ?? undefined}
          draggable={false}
          data-testid="image-viewer-image"
        />
      </div>
      {count > 1 && (
        <>
          <button type="button" className="image-viewer-nav image-viewer-previous" aria-label="Previous image" disabled={index === 0} onClick={() => step(-1)}>
            ‹
          </button>
          <button type="button" className="image-viewer-nav image-viewer-next" aria-label="Next image" disabled={index === count - 1} onClick={() => step(1)}>
            ›
          </button>
        </>
      )}
    </dialog>
  );
}
