import { typingText } from "../../state/typing";
import { typingStore } from "../../state/typingStore";
import { useStoreSlice } from "../common/useStore";

/** Keeps its height when empty, so the messages above do not jump as people start and stop typing. */
export function TypingLine({ roomId }: { roomId: number }) {
  const typing = useStoreSlice(typingStore, (all) => all.get(roomId));
  const text = typing ? typingText(typing.map((entry) => entry.user)) : null;
  return (
    <div className="typing-line" data-testid="typing" aria-live="polite">
      {text}
    </div>
  );
}
