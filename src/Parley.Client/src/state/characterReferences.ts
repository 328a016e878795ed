// Stands in for the npm package decode-named-character-reference (see vite.config.ts). Its browser build decodes
// "&name;" by setting innerHTML; Parley sets no HTML anywhere, and messages keep character references as typed
// (the parser's characterReference construct is off, state/markdown.ts), so no name is ever decoded.

/** Never a known reference: the text stays as typed. */
export function decodeNamedCharacterReference(_value: string): string | false {
  return false;
}
