import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { MaxZoom, MinZoom, cropSource, initialCrop, moveCrop, outputSide, zoomCrop, type Crop, type Picture } from "../../state/crop";

/** The square the picture is framed in, in CSS pixels. */
const Viewport = 240;
const Step = 10;
const BigStep = 40;
const ZoomStep = 0.25;

export interface CropperHandle {
  /** The framed square as an image file (WebP where the browser makes it, else PNG). */
  toBlob: () => Promise<Blob>;
}

interface AvatarCropperProps {
  image: HTMLImageElement;
  /** Called with a way to export the current square whenever the crop changes. */
  onReady: (handle: CropperHandle) => void;
}

/**
 * Frames a picture in a square: drag it (or use the arrow keys) to move it, and the slider, the mouse wheel or +/-
 * to zoom. What is inside the circle-in-a-square is what everyone will see.
 */
export function AvatarCropper({ image, onReady }: AvatarCropperProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const picture: Picture = { width: image.naturalWidth, height: image.naturalHeight, viewport: Viewport };
  const [crop, setCrop] = useState<Crop>(() => initialCrop(picture));
  const drag = useRef<{ pointerId: number; x: number; y: number } | null>(null);
  const hintId = useId();

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, Viewport, Viewport);
    const source = cropSource(picture, crop);
    context.drawImage(image, source.x, source.y, source.side, source.side, 0, 0, Viewport, Viewport);
    onReady({ toBlob: () => exportSquare(image, picture, crop) });
    // `picture` is derived from `image`, `onReady` only receives.
  }, [image, crop]);

  const move = (dx: number, dy: number) => setCrop((c) => moveCrop(picture, c, dx, dy));
  const zoom = (to: number) => setCrop((c) => zoomCrop(picture, c, to));

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? BigStep : Step;
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    // Arrow keys move the frame over the picture, as a crop frame moves: the picture slides the other way.
    const delta = moves[event.key];
    if (delta) move(...delta);
    else if (event.key === "+" || event.key === "=") zoom(crop.zoom + ZoomStep);
    else if (event.key === "-" || event.key === "_") zoom(crop.zoom - ZoomStep);
    else return;
    event.preventDefault();
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    if (!start || start.pointerId !== event.pointerId) return;
    drag.current = { ...start, x: event.clientX, y: event.clientY };
    move(event.clientX - start.x, event.clientY - start.y);
  };
  const endDrag = () => {
    drag.current = null;
  };

  const ratio = typeof window === "undefined" ? 1 : window.devicePixelRatio || 1;
  return (
    <div className="avatar-cropper">
      <div className="avatar-cropper-frame">
        <canvas
          ref={canvas}
          width={Viewport * ratio}
          height={Viewport * ratio}
          style={{ width: Viewport, height: Viewport }}
          className="avatar-cropper-canvas"
          tabIndex={0}
          role="img"
          aria-label="Your new picture, framed"
          aria-describedby={hintId}
          data-testid="avatar-cropper"
          onKeyDown={onKeyDown}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          onWheel={(event) => zoom(crop.zoom - Math.sign(event.deltaY) * ZoomStep)}
        />
      </div>
      <p id={hintId} className="field-hint">
        Drag the picture or use the arrow keys to move it; + and − zoom.
      </p>
      <label className="avatar-cropper-zoom">
        Zoom
        <input type="range" min={MinZoom} max={MaxZoom} step={0.05} value={crop.zoom} onChange={(e) => zoom(Number(e.target.value))} />
      </label>
    </div>
  );
}

async function exportSquare(image: HTMLImageElement, picture: Picture, crop: Crop): Promise<Blob> {
  const side = outputSide(picture, crop);
  const output = document.createElement("canvas");
  output.width = side;
  output.height = side;
  const context = output.getContext("2d");
  if (!context) throw new Error("This browser cannot draw the picture.");
  context.imageSmoothingQuality = "high";
  const source = cropSource(picture, crop);
  context.drawImage(image, source.x, source.y, source.side, source.side, 0, 0, side, side);
  // WebP is a fraction of PNG's size for photos; browsers that cannot make it give PNG instead.
  const blob = await new Promise<Blob | null>((resolve) => output.toBlob(resolve, "image/webp", 0.92));
  if (blob) return blob;
  const png = await new Promise<Blob | null>((resolve) => output.toBlob(resolve, "image/png"));
  if (!png) throw new Error("This browser could not make the picture.");
  return png;
}
