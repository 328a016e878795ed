import { useState } from "react";
import { hasReacted } from "../../state/messageChanges";
import type { Message, Reaction } from "../../types";
import { useTouchGestures } from "../common/useLongPress";

/** "You and Bob reacted with 👍", "Alice, Bob and Carol reacted with 🎉". */
export function reactorsSentence(reaction: Reaction, meId: number): string {
  const names = reaction.users.map((u) => (u.id === meId ? "You" : u.displayName));
  // The server lists who reacted; a count beyond them (a long list cut short) is named as "others".
  const others = reaction.count - names.length;
  if (others > 0) names.push(others === 1 ? "1 other" : `${others} others`);
  const list = names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${list} reacted with ${reaction.emoji}`;
}

interface ReactionsProps {
  message: Message;
  meId: number;
  onToggle: (emoji: string) => void;
}

/** Under a message: each emoji with its count, the user's own pressed; a click toggles, hover or a long press tells who. */
export function Reactions({ message, meId, onToggle }: ReactionsProps) {
  const [explained, setExplained] = useState<string | null>(null);
  if (message.reactions.length === 0) return null;
  const shown = message.reactions.find((r) => r.emoji === explained);
  return (
    <div className="reactions" role="group" aria-label="Reactions" data-testid="reactions">
      {message.reactions.map((reaction) => (
        <ReactionChip
          key={reaction.emoji}
          reaction={reaction}
          mine={hasReacted(message, reaction.emoji, meId)}
          sentence={reactorsSentence(reaction, meId)}
          onToggle={() => onToggle(reaction.emoji)}
          onExplain={() => setExplained((e) => (e === reaction.emoji ? null : reaction.emoji))}
        />
      ))}
      {shown && (
        <span className="reactors" role="status" data-testid="reactors">
          {reactorsSentence(shown, meId)}
          <button type="button" className="link-button" onClick={() => setExplained(null)} aria-label="Close">
            ×
          </button>
        </span>
      )}
    </div>
  );
}

interface ReactionChipProps {
  reaction: Reaction;
  mine: boolean;
  sentence: string;
  onToggle: () => void;
  onExplain: () => void;
}

function ReactionChip({ reaction, mine, sentence, onToggle, onExplain }: ReactionChipProps) {
  const gestures = useTouchGestures({ onLongPress: onExplain });
  return (
    <button
      type="button"
      className={mine ? "reaction reaction-mine" : "reaction"}
      aria-pressed={mine}
      aria-label={`${reaction.emoji} ${reaction.count}: ${sentence}`}
      title={sentence}
      {...gestures}
      onClick={onToggle}
    >
      <span className="reaction-emoji" aria-hidden="true">
        {reaction.emoji}
      </span>
      <span className="reaction-count" aria-hidden="true">
        {reaction.count}
      </span>
    </button>
  );
}
