import { afterEach, describe, expect, it, vi } from "vitest";
import {
  describeGifFailure,
  fetchGifPage,
  gifAttachment,
  gifBox,
  gifPicker,
  gifPickerStatus,
  initialGifPicker,
  loadGifConfig,
  moveInGrid,
  type GifPickerState,
} from "./gifs";
import { ApiError, networkError } from "./problem";
import type { Gif, GifPage } from "../types";

const gif = (id: string, title = `gif ${id}`): Gif => ({
  id,
  title,
  url: `https://media.giphy.com/media/${id}/giphy.gif`,
  width: 480,
  height: 270,
  previewUrl: `https://media.giphy.com/media/${id}/200w.gif`,
  previewWidth: 200,
  previewHeight: 113,
});
const page = (ids: string[], next: string | null): GifPage => ({ results: ids.map((id) => gif(id)), next, provider: "giphy" });

/** The picker after a first page for `query` arrived. */
function shown(query: string, ids: string[], next: string | null): GifPickerState {
  const loading = gifPicker(initialGifPicker, { type: "load", query, request: 1 });
  return gifPicker(loading, { type: "loaded", request: 1, page: page(ids, next) });
}

describe("gifPicker", () => {
  it("shows a search's first page once it arrives, in the provider's order, with where the next begins", () => {
    const loading = gifPicker(initialGifPicker, { type: "load", query: "  cat ", request: 1 });
    expect(loading).toMatchObject({ query: "cat", status: "loading", results: [] });

    const ready = gifPicker(loading, { type: "loaded", request: 1, page: page(["a", "b"], "2") });
    expect(ready).toMatchObject({ status: "ready", next: "2", loadingMore: false });
    expect(ready.results.map((g) => g.id)).toEqual(["a", "b"]);
  });

  it("drops the answer to a search that typing has overtaken", () => {
    const cat = gifPicker(initialGifPicker, { type: "load", query: "cat", request: 1 });
    const cats = gifPicker(cat, { type: "load", query: "cats", request: 2 });

    const late = gifPicker(cats, { type: "loaded", request: 1, page: page(["old"], null) });
    const lateFailure = gifPicker(late, { type: "failed", request: 1, error: networkError() });
    const current = gifPicker(lateFailure, { type: "loaded", request: 2, page: page(["new"], null) });

    expect(late).toBe(cats);
    expect(lateFailure).toBe(cats);
    expect(current.results.map((g) => g.id)).toEqual(["new"]);
    expect(current.query).toBe("cats");
  });

  it("appends the next page when scrolled to the end, each GIF once, and stops at the last page", () => {
    const first = shown("cat", ["a", "b", "c"], "3");
    const more = gifPicker(first, { type: "loadMore", request: 2 });
    expect(more.loadingMore).toBe(true);
    // A second scroll to the end while the page is on its way asks for nothing more.
    expect(gifPicker(more, { type: "loadMore", request: 3 })).toBe(more);

    const both = gifPicker(more, { type: "loaded", request: 2, page: page(["c", "d"], null) });
    expect(both.results.map((g) => g.id)).toEqual(["a", "b", "c", "d"]);
    expect(both).toMatchObject({ next: null, loadingMore: false });
    expect(gifPicker(both, { type: "loadMore", request: 4 })).toBe(both);
  });

  it("keeps what is shown when a further page fails, and says why", () => {
    const first = shown("", ["a"], "1");
    const more = gifPicker(first, { type: "loadMore", request: 2 });
    const failed = gifPicker(more, { type: "failed", request: 2, error: new ApiError(502, "gif_provider_failed", "The GIF service is not answering right now.") });

    expect(failed.results.map((g) => g.id)).toEqual(["a"]);
    expect(failed).toMatchObject({ status: "ready", loadingMore: false, error: "The GIF service is not answering right now." });
    expect(gifPickerStatus(failed)).toBe("The GIF service is not answering right now.");
  });

  it("shows a failed first page as an error with the server's sentence", () => {
    const loading = gifPicker(initialGifPicker, { type: "load", query: "cat", request: 1 });
    const refused = new ApiError(429, "rate_limited", "You are searching GIFs too fast. Wait 3 seconds and try again.");
    const failed = gifPicker(loading, { type: "failed", request: 1, error: refused });

    expect(failed).toMatchObject({ status: "error", results: [] });
    expect(gifPickerStatus(failed)).toBe("You are searching GIFs too fast. Wait 3 seconds and try again.");
  });
});

describe("gifPickerStatus", () => {
  it("says what is loading, and when nothing was found", () => {
    expect(gifPickerStatus(gifPicker(initialGifPicker, { type: "load", query: "", request: 1 }))).toBe("Loading trending GIFs…");
    expect(gifPickerStatus(gifPicker(initialGifPicker, { type: "load", query: "cat", request: 1 }))).toBe("Searching GIFs…");
    expect(gifPickerStatus(shown("zzz", [], null))).toBe("No GIFs found for “zzz”.");
    expect(gifPickerStatus(shown("cat", ["a"], "1"))).toBeNull();
    expect(gifPickerStatus(gifPicker(shown("cat", ["a"], "1"), { type: "loadMore", request: 2 }))).toBe("Loading more GIFs…");
  });
});

describe("describeGifFailure", () => {
  it("shows the server's sentence, and a general one when the server was not reached", () => {
    expect(describeGifFailure(new ApiError(404, "gifs_disabled", "GIFs are not set up on this server."))).toBe("GIFs are not set up on this server.");
    expect(describeGifFailure(networkError())).toBe("GIFs could not be loaded. Check your connection and try again.");
    expect(describeGifFailure(new TypeError("boom"))).toBe("GIFs could not be loaded. Check your connection and try again.");
  });
});

describe("moveInGrid", () => {
  // 3 columns, 8 cells:  0 1 2 / 3 4 5 / 6 7
  it("moves by one across rows and by a row up and down", () => {
    expect(moveInGrid(2, 8, 3, "ArrowRight")).toBe(3);
    expect(moveInGrid(3, 8, 3, "ArrowLeft")).toBe(2);
    expect(moveInGrid(1, 8, 3, "ArrowDown")).toBe(4);
    expect(moveInGrid(4, 8, 3, "ArrowUp")).toBe(1);
  });

  it("stops at the ends, goes above the first row to the search box, and into a short last row at its end", () => {
    expect(moveInGrid(0, 8, 3, "ArrowLeft")).toBe(0);
    expect(moveInGrid(7, 8, 3, "ArrowRight")).toBe(7);
    expect(moveInGrid(1, 8, 3, "ArrowUp")).toBe(-1);
    expect(moveInGrid(5, 8, 3, "ArrowDown")).toBe(7);
    expect(moveInGrid(6, 8, 3, "ArrowDown")).toBe(6);
    expect(moveInGrid(4, 8, 3, "Home")).toBe(0);
    expect(moveInGrid(4, 8, 3, "End")).toBe(7);
    expect(moveInGrid(0, 0, 3, "ArrowDown")).toBe(-1);
  });
});

describe("gifBox", () => {
  it("keeps the GIF's shape, scales only down, and reserves a square when the size is unknown", () => {
    expect(gifBox(480, 270, 300)).toEqual({ width: 300, height: 169 });
    expect(gifBox(200, 400, 300)).toEqual({ width: 150, height: 300 });
    expect(gifBox(48, 36, 300)).toEqual({ width: 48, height: 36 });
    expect(gifBox(null, 36, 300)).toEqual({ width: 300, height: 300 });
  });
});

describe("gifAttachment", () => {
  it("shows a picked GIF in its message while it is on its way, as the server will send it back", () => {
    expect(gifAttachment(gif("xyz", "Happy cat"), "tenor")).toEqual({
      id: "xyz",
      kind: "gif",
      name: "Happy cat",
      contentType: "image/gif",
      size: 0,
      url: "https://media.giphy.com/media/xyz/giphy.gif",
      thumbnailUrl: "https://media.giphy.com/media/xyz/200w.gif",
      width: 480,
      height: 270,
      durationMs: null,
      waveform: null,
      provider: "tenor",
    });
  });
});

describe("the GIF endpoints", () => {
  afterEach(() => vi.unstubAllGlobals());

  function answering(bodies: unknown[]) {
    const asked: string[] = [];
    vi.stubGlobal("fetch", (path: string) => {
      asked.push(path);
      const body = bodies.shift();
      return Promise.resolve(
        body instanceof Error ? Promise.reject(body) : new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } }),
      );
    });
    return asked;
  }

  it("asks for trending when the box is blank, else searches the trimmed words, with the position of the next page", async () => {
    const asked = answering([page([], null), page([], null), page([], null)]);

    await fetchGifPage("   ", null);
    await fetchGifPage(" cat & dog ", null);
    await fetchGifPage("cat", "24");

    expect(asked).toEqual(["/api/gifs/trending", "/api/gifs/search?q=cat+%26+dog", "/api/gifs/search?q=cat&pos=24"]);
  });

  it("treats a config that could not be loaded as no provider, and asks again next time", async () => {
    const asked = answering([new TypeError("offline"), { provider: "giphy" }, { provider: "tenor" }]);

    expect(await loadGifConfig()).toEqual({ provider: null });
    expect(await loadGifConfig()).toEqual({ provider: "giphy" });
    expect(await loadGifConfig()).toEqual({ provider: "giphy" });
    expect(asked).toEqual(["/api/gifs/config", "/api/gifs/config"]);
  });
});
