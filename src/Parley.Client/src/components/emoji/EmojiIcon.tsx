/** A smiling face in the line style of common/Icons.tsx; decorative, so the button names the action. */
export function EmojiIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable={false}>
      <circle cx="12" cy="12" r="9.5" />
      <path d="M8 14.5a5 5 0 0 0 8 0" />
      <path d="M9 9.5h.01M15 9.5h.01" />
    </svg>
  );
}
