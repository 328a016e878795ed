import type { CSSProperties } from "react";
import type { UserSummary } from "../../types";

const hues = [210, 262, 330, 14, 32, 150, 180, 288];

/** Initials on a colour picked from the user id, so a person keeps their colour everywhere. */
export function Avatar({ user, size = "md" }: { user: UserSummary; size?: "sm" | "md" }) {
  const style = { "--avatar-hue": hues[user.id % hues.length] } as CSSProperties;
  return (
    <span className={`avatar avatar-${size}`} style={style} aria-hidden="true">
      {initials(user.displayName)}
    </span>
  );
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [firstChar(words[0]!), firstChar(words[1]!)] : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

const firstChar = (word: string) => [...word][0] ?? "";
