import { providerNames } from "../../state/gifs";
import type { GifProvider } from "../../types";

/** "GIF via Giphy": the providers' terms ask for their name wherever their GIFs are shown. */
export function GifAttribution({ provider }: { provider: GifProvider | null }) {
  if (!provider) return null;
  return <span className="gif-attribution">GIF via {providerNames[provider]}</span>;
}
