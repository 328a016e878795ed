// The square crop of a profile picture, as plain arithmetic so it can be tested without a browser. The picture is
// drawn in a square viewport `viewport` pixels wide; at zoom 1 it just covers the square (its shorter side fits),
// and zooming in shows less of it. The picture always covers the whole square: no empty corners to upload.

export interface Picture {
  /** The image's own size, in its pixels. */
  width: number;
  height: number;
  /** The side of the square it is shown in, in CSS pixels. */
  viewport: number;
}

/** Where the picture is drawn: its top-left corner in viewport pixels (never right of or below 0), and the zoom. */
export interface Crop {
  x: number;
  y: number;
  zoom: number;
}

export const MinZoom = 1;
export const MaxZoom = 4;
/** The longest side uploaded: the server makes 256 px at most, and a larger upload only costs time. */
export const MaxOutputSize = 1024;

/** Viewport pixels per image pixel at this zoom. */
export function scaleOf(picture: Picture, zoom: number): number {
  return (picture.viewport / Math.min(picture.width, picture.height)) * zoom;
}

/** Zoom 1, centred. */
export function initialCrop(picture: Picture): Crop {
  return centred(picture, MinZoom);
}

/** The crop moved back inside the picture and the zoom inside its range. */
export function clampCrop(picture: Picture, crop: Crop): Crop {
  const zoom = Math.min(MaxZoom, Math.max(MinZoom, crop.zoom));
  const scale = scaleOf(picture, zoom);
  const minX = picture.viewport - picture.width * scale;
  const minY = picture.viewport - picture.height * scale;
  return { zoom, x: Math.min(0, Math.max(minX, crop.x)), y: Math.min(0, Math.max(minY, crop.y)) };
}

/** Dragged by (dx, dy) viewport pixels: the picture follows the pointer (or the arrow keys). */
export function moveCrop(picture: Picture, crop: Crop, dx: number, dy: number): Crop {
  return clampCrop(picture, { ...crop, x: crop.x + dx, y: crop.y + dy });
}

/** Zoomed to `zoom`, keeping the point at the viewport's centre where it is. */
export function zoomCrop(picture: Picture, crop: Crop, zoom: number): Crop {
  const half = picture.viewport / 2;
  const before = scaleOf(picture, crop.zoom);
  const clamped = Math.min(MaxZoom, Math.max(MinZoom, zoom));
  const after = scaleOf(picture, clamped);
  // The image pixel under the centre stays under the centre.
  const centreX = (half - crop.x) / before;
  const centreY = (half - crop.y) / before;
  return clampCrop(picture, { zoom: clamped, x: half - centreX * after, y: half - centreY * after });
}

/** The square of the image that is shown, in image pixels. */
export function cropSource(picture: Picture, crop: Crop): { x: number; y: number; side: number } {
  const scale = scaleOf(picture, crop.zoom);
  return { x: -crop.x / scale, y: -crop.y / scale, side: picture.viewport / scale };
}

/** The side of the uploaded square: the source's own pixels, never enlarged, at most MaxOutputSize. */
export function outputSide(picture: Picture, crop: Crop): number {
  return Math.max(1, Math.min(MaxOutputSize, Math.round(cropSource(picture, crop).side)));
}

function centred(picture: Picture, zoom: number): Crop {
  const scale = scaleOf(picture, zoom);
  return { zoom, x: (picture.viewport - picture.width * scale) / 2, y: (picture.viewport - picture.height * scale) / 2 };
}
