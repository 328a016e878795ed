import { describe, expect, it } from "vitest";
import { MaxOutputSize, MaxZoom, clampCrop, cropSource, initialCrop, moveCrop, outputSide, zoomCrop, type Picture } from "./crop";

const landscape: Picture = { width: 800, height: 400, viewport: 200 };

describe("square crop", () => {
  it("starts at zoom 1 with the shorter side filling the square, centred", () => {
    const crop = initialCrop(landscape);
    expect(crop).toEqual({ zoom: 1, x: -100, y: 0 });
    expect(cropSource(landscape, crop)).toMatchObject({ x: 200, side: 400 });
    expect(cropSource(landscape, crop).y).toBeCloseTo(0);
  });

  it("moves with the pointer but never uncovers a corner of the square", () => {
    const crop = initialCrop(landscape);
    expect(moveCrop(landscape, crop, 30, 0)).toMatchObject({ x: -70, y: 0 });
    expect(moveCrop(landscape, crop, 500, 50)).toMatchObject({ x: 0, y: 0 });
    expect(moveCrop(landscape, crop, -500, -50)).toMatchObject({ x: -200, y: 0 });
  });

  it("zooms about the centre of the square and keeps the zoom within its range", () => {
    const zoomed = zoomCrop(landscape, initialCrop(landscape), 2);
    // The image's centre (400, 200) stays in the middle; the square now shows 200 image pixels.
    const shown = cropSource(landscape, zoomed);
    expect([shown.x, shown.y, shown.side]).toEqual([300, 100, 200]);
    expect(zoomCrop(landscape, zoomed, 99).zoom).toBe(MaxZoom);
    expect(zoomCrop(landscape, zoomed, 0.2)).toEqual(initialCrop(landscape));
  });

  it("zooming out near an edge pulls the picture back over the square", () => {
    const atEdge = moveCrop(landscape, zoomCrop(landscape, initialCrop(landscape), 3), 1000, 1000);
    expect(atEdge).toMatchObject({ x: 0, y: 0 });
    const out = zoomCrop(landscape, atEdge, 1);
    expect(clampCrop(landscape, out)).toEqual(out);
    expect(out.x).toBeLessThanOrEqual(0);
    expect(out.x + landscape.width * (200 / 400)).toBeGreaterThanOrEqual(200);
  });

  it("uploads the shown pixels, never enlarged, and never more than the largest size", () => {
    expect(outputSide(landscape, initialCrop(landscape))).toBe(400);
    expect(outputSide(landscape, zoomCrop(landscape, initialCrop(landscape), 4))).toBe(100);
    const photo: Picture = { width: 4000, height: 3000, viewport: 240 };
    expect(outputSide(photo, initialCrop(photo))).toBe(MaxOutputSize);
  });
});
