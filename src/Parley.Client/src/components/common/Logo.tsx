/** Two overlapping speech bubbles: the Parley mark. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path
        d="M4 6.5A3.5 3.5 0 0 1 7.5 3h12A3.5 3.5 0 0 1 23 6.5v7a3.5 3.5 0 0 1-3.5 3.5H12l-5 4v-4h.5A3.5 3.5 0 0 1 4 13.5z"
        fill="var(--accent)"
      />
      <path
        d="M25 11h.5A3.5 3.5 0 0 1 29 14.5v7a3.5 3.5 0 0 1-3.5 3.5H25v4l-5-4h-5.5A3.5 3.5 0 0 1 11 21.5V19h8.5a5.5 5.5 0 0 0 5.5-5.5z"
        fill="var(--accent-2)"
      />
    </svg>
  );
}
