import { useState, type CSSProperties } from "react";
import { latestSummary, usersStore } from "../../state/users";
import type { UserSummary } from "../../types";
import { useStoreSlice } from "./useStore";

const hues = [210, 262, 330, 14, 32, 150, 180, 288];

export type AvatarSize = "sm" | "md" | "lg";

/** The picture size to ask for: twice the size drawn (sm 28 px, md 36 px, lg 96 px in CSS), for sharp HiDPI screens. */
const pictureSize: Record<AvatarSize, number> = { sm: 64, md: 128, lg: 256 };

/**
 * A person's picture, or their initials on a colour picked from the user id (so a person keeps their colour
 * everywhere) when they have none or it fails to load. Drawn as the person looks now (the live user map), whatever
 * snapshot of them the caller holds. Decorative: their name is always beside it.
 */
export function Avatar({ user, size = "md" }: { user: UserSummary; size?: AvatarSize }) {
  const person = useLiveUser(user);
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const style = { "--avatar-hue": hues[person.id % hues.length] } as CSSProperties;
  const url = person.avatarUrl && person.avatarUrl !== failedUrl ? `${person.avatarUrl}?size=${pictureSize[size]}` : null;
  return (
    <span className={`avatar avatar-${size}`} style={style} aria-hidden="true" data-avatar={url ? "picture" : "initials"}>
      {url ? (
        <img className="avatar-picture" src={url} alt="" loading="lazy" decoding="async" onError={() => setFailedUrl(person.avatarUrl)} />
      ) : (
        initials(person.displayName)
      )}
    </span>
  );
}

/** The person as they look now: a profile change seen live replaces the snapshot a message or list carries. */
export function useLiveUser(user: UserSummary): UserSummary {
  return useStoreSlice(usersStore, (users) => latestSummary(users, user));
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [firstChar(words[0]!), firstChar(words[1]!)] : [...(words[0] ?? "?")].slice(0, 2);
  return letters.join("").toUpperCase();
}

const firstChar = (word: string) => [...word][0] ?? "";
