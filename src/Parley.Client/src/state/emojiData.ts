import compact from "emojibase-data/en/compact.json";
import github from "emojibase-data/en/shortcodes/github.json";
import iamcal from "emojibase-data/en/shortcodes/iamcal.json";
import { buildEmojiIndex, type EmojiIndex } from "./emojiIndex";

// The emoji set itself, imported only through loadEmoji() (state/emoji.ts) so that it is a chunk of its own.
// Shortcodes: GitHub's first, then Slack's (iamcal), the two people type most.

export const emojiIndex: EmojiIndex = buildEmojiIndex(compact, [github, iamcal]);
