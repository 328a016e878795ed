import { useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { getDraft, setDraft } from "../../state/drafts";
import { membersStore } from "../../state/members";
import { insertMention, mentionCandidates, mentionQueryAt, type MentionCandidate, type MentionQuery } from "../../state/mentions";
import { sendMessage } from "../../state/outbox";
import { cancelReply, replyTargetsStore } from "../../state/replies";
import { signalTyping, typingMessageSent } from "../../state/typingStore";
import type { Conversation, Me } from "../../types";
import { Avatar } from "../common/Avatar";
import { moveActive, suggestionKey, Suggestions } from "../common/Suggestions";
import { useStoreSlice } from "../common/useStore";

/** The server's limit, counted as it counts: Unicode code points. */
const MaxMessageLength = 4000;
const CounterFrom = MaxMessageLength - 500;

export function Composer({ conversation, me }: { conversation: Conversation; me: Me }) {
  const [text, setText] = useState(() => getDraft(conversation.id));
  const [caret, setCaret] = useState(text.length);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const placeCaret = useRef<number | null>(null);
  const id = useId();
  const mention = useMention(conversation, me, text, caret);
  const length = [...text].length;
  const tooLong = length > MaxMessageLength;
  const canSend = text.trim().length > 0 && !tooLong;

  // After a mention is put in, the caret goes after it (once React has rendered the new text).
  useLayoutEffect(() => {
    if (placeCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  }, [text]);

  const change = (value: string, caretAt: number) => {
    setText(value);
    setCaret(caretAt);
    setDraft(conversation.id, value);
    if (value.trim()) signalTyping(conversation.id);
  };

  const send = () => {
    if (!canSend) return;
    const replyTo = replyTargetsStore.get().get(conversation.id) ?? null;
    sendMessage(conversation.id, text.trim(), { id: me.id, username: me.username, displayName: me.displayName }, replyTo);
    cancelReply(conversation.id);
    typingMessageSent(conversation.id);
    change("", 0);
  };

  const pick = (candidate: MentionCandidate) => {
    if (!mention.query) return;
    const inserted = insertMention(text, mention.query, caret, candidate.username);
    placeCaret.current = inserted.caret;
    change(inserted.text, inserted.caret);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.open) {
      const key = suggestionKey(event.key, event.shiftKey);
      if (key !== null) {
        event.preventDefault();
        if (key === "pick") pick(mention.candidates[mention.active]!);
        else if (key === "dismiss") mention.dismiss();
        else mention.move(key);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const optionId = (index: number) => `${id}-mention-${index}`;
  return (
    <form className="composer" onSubmit={submit}>
      {mention.open && (
        <Suggestions
          id={`${id}-mentions`}
          label="People to mention"
          items={mention.candidates}
          active={mention.active}
          optionId={optionId}
          onPick={pick}
          render={(candidate) =>
            candidate.user ? (
              <>
                <Avatar user={candidate.user} size="sm" />
                <span className="member-names">
                  <span className="member-display">{candidate.user.displayName}</span>
                  <span className="member-username">@{candidate.user.username}</span>
                </span>
              </>
            ) : (
              <span className="member-names">
                <span className="member-display">@room</span>
                <span className="member-username">Everyone in this room</span>
              </span>
            )
          }
        />
      )}
      <label htmlFor={id} className="visually-hidden">
        Message {conversation.name}
      </label>
      <textarea
        ref={textarea}
        id={id}
        className="composer-input"
        rows={1}
        placeholder={`Message ${conversation.name}`}
        value={text}
        onChange={(e) => change(e.target.value, e.target.selectionStart)}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={keyDown}
        aria-describedby={`${id}-help`}
        aria-invalid={tooLong || undefined}
        aria-autocomplete="list"
        aria-controls={mention.open ? `${id}-mentions` : undefined}
        aria-activedescendant={mention.open ? optionId(mention.active) : undefined}
      />
      <span id={`${id}-help`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line. Type @ to mention someone.
      </span>
      {length >= CounterFrom && (
        <span className={tooLong ? "composer-counter composer-counter-over" : "composer-counter"} aria-live="polite">
          {tooLong ? `${(length - MaxMessageLength).toLocaleString()} over the limit` : `${length.toLocaleString()} / ${MaxMessageLength.toLocaleString()}`}
        </span>
      )}
      <button type="submit" className="button button-primary composer-send" disabled={!canSend}>
        Send
      </button>
    </form>
  );
}

/** The @mention being typed at the caret, who it could be, and which suggestion is active. */
function useMention(conversation: Conversation, me: Me, text: string, caret: number) {
  const members = useStoreSlice(membersStore, (s) => (s.roomId === conversation.id ? s.members : null));
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const query: MentionQuery | null = mentionQueryAt(text, caret);
  const offerRoom = conversation.kind === "room" && (conversation.role === "owner" || conversation.role === "admin");
  const people = useMemo(
    () => (members ? members.map((m) => m.user) : conversation.participants.map((p) => p.user)),
    [members, conversation.participants],
  );
  const candidates = query ? mentionCandidates(people, query.query, { meId: me.id, offerRoom }) : [];
  const open = query !== null && candidates.length > 0 && dismissedAt !== query.start;
  const key = query ? `${query.start}:${query.query}` : "";
  const [activeFor, setActiveFor] = useState(key);
  // A new query starts at the first suggestion; once the mention is finished, Escape's dismissal is forgotten.
  if (activeFor !== key) {
    setActiveFor(key);
    setActive(0);
    if (!query) setDismissedAt(null);
  }
  return {
    query,
    candidates,
    open,
    active: Math.min(active, Math.max(0, candidates.length - 1)),
    move: (direction: "next" | "previous") => setActive((a) => moveActive(a, candidates.length, direction)),
    dismiss: () => setDismissedAt(query?.start ?? null),
  };
}
