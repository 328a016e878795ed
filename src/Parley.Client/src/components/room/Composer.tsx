import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { getDraft, setDraft } from "../../state/drafts";
import {
  completeShortcode,
  insertAtSelection,
  insertShortcode,
  loadedEmoji,
  loadEmoji,
  noteEmojiUsed,
  shortcodeQueryAt,
  type Emoji,
  type EmojiIndex,
  type ShortcodeQuery,
} from "../../state/emoji";
import { searchIndex } from "../../state/emojiIndex";
import { membersStore } from "../../state/members";
import { insertMention, mentionCandidates, mentionQueryAt, type MentionCandidate, type MentionQuery } from "../../state/mentions";
import { sendMessage } from "../../state/outbox";
import { cancelReply, replyTargetsStore } from "../../state/replies";
import { signalTyping, typingMessageSent } from "../../state/typingStore";
import { loadUploadLimits, sendState, takeFinishedUploads, uploadsOf, uploadsStore } from "../../state/uploadQueue";
import type { Conversation, Me } from "../../types";
import { AttachButton, AttachmentDropZone, pasteFiles, UploadTray } from "../attachments/ComposerAttachments";
import { Avatar } from "../common/Avatar";
import { moveActive, suggestionKey, Suggestions } from "../common/Suggestions";
import { GifButton } from "../gifs/GifButton";
import { useStoreSlice } from "../common/useStore";
import { EmojiIcon } from "../emoji/EmojiIcon";
import { EmojiPicker } from "../emoji/EmojiPicker";
import { VoiceRecorder } from "../voice/VoiceRecorder";
import { summaryOf } from "../../state/users";
import "../../styles/emoji.css";

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
  const shortcode = useShortcode(text, caret);
  const [picking, setPicking] = useState(false);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const length = [...text].length;
  const tooLong = length > MaxMessageLength;
  const uploads = useStoreSlice(uploadsStore, (queues) => uploadsOf(queues, conversation.id));
  const { canSend: filesAllowSend, waiting } = sendState(uploads, text);
  const canSend = filesAllowSend && !tooLong;

  useEffect(() => void loadUploadLimits(), []);

  // After a mention is put in, the caret goes after it (once React has rendered the new text).
  useLayoutEffect(() => {
    if (placeCaret.current === null || !textarea.current) return;
    textarea.current.setSelectionRange(placeCaret.current, placeCaret.current);
    placeCaret.current = null;
  }, [text]);

  const change = (value: string, caretAt: number) => {
    // Typing the closing colon of a known ":shortcode:" puts the emoji in its place.
    const typedColon = value.length === text.length + 1 && value[caretAt - 1] === ":";
    const completed = typedColon ? completeShortcode(loadedEmoji(), value, caretAt) : null;
    if (completed) {
      noteEmojiUsed(completed.emoji);
      placeCaret.current = completed.caret;
      [value, caretAt] = [completed.text, completed.caret];
    }
    setText(value);
    setCaret(caretAt);
    setDraft(conversation.id, value);
    if (value.trim()) signalTyping(conversation.id);
  };

  const send = () => {
    if (!canSend) return;
    const replyTo = replyTargetsStore.get().get(conversation.id) ?? null;
    const attachments = takeFinishedUploads(conversation.id);
    sendMessage(conversation.id, text.trim(), summaryOf(me), replyTo, attachments);
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

  const pickShortcode = (candidate: Emoji) => {
    if (!shortcode.query) return;
    noteEmojiUsed(candidate.emoji);
    const inserted = insertShortcode(text, shortcode.query, caret, candidate.emoji);
    placeCaret.current = inserted.caret;
    change(inserted.text, inserted.caret);
  };

  const closePicker = useCallback(() => {
    setPicking(false);
    textarea.current?.focus();
  }, []);

  const pickEmoji = (emoji: string) => {
    const field = textarea.current;
    const inserted = insertAtSelection(text, field?.selectionStart ?? caret, field?.selectionEnd ?? caret, emoji);
    placeCaret.current = inserted.caret;
    change(inserted.text, inserted.caret);
    closePicker();
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
    if (shortcode.open) {
      const key = suggestionKey(event.key, event.shiftKey);
      if (key !== null) {
        event.preventDefault();
        if (key === "pick") pickShortcode(shortcode.candidates[shortcode.active]!);
        else if (key === "dismiss") shortcode.dismiss();
        else shortcode.move(key);
        return;
      }
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    } else if (event.key === "Escape" && replyTargetsStore.get().has(conversation.id)) {
      event.preventDefault();
      cancelReply(conversation.id);
    }
  };

  const optionId = (index: number) => `${id}-mention-${index}`;
  const emojiOptionId = (index: number) => `${id}-emoji-${index}`;
  return (
    <form className="composer" onSubmit={submit}>
      <UploadTray conversationId={conversation.id} uploads={uploads} waiting={waiting} />
      <AttachmentDropZone conversationId={conversation.id} />
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
      {shortcode.open && (
        <Suggestions
          id={`${id}-emoji`}
          label="Emoji"
          items={shortcode.candidates}
          active={shortcode.active}
          optionId={emojiOptionId}
          onPick={pickShortcode}
          render={(candidate) => (
            <>
              <span className="emoji-suggestion-glyph" aria-hidden="true">
                {candidate.emoji}
              </span>
              <span className="emoji-suggestion-code">:{shortcodeFor(candidate, shortcode.query!.query)}:</span>
              <span className="visually-hidden">{candidate.name}</span>
            </>
          )}
        />
      )}
      {picking && <EmojiPicker onPick={pickEmoji} onClose={closePicker} trigger={emojiButton} label="Insert an emoji" />}
      <AttachButton conversationId={conversation.id} />
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
        onPaste={(e) => pasteFiles(e, conversation.id)}
        aria-describedby={`${id}-help`}
        aria-invalid={tooLong || undefined}
        aria-autocomplete="list"
        aria-controls={mention.open ? `${id}-mentions` : shortcode.open ? `${id}-emoji` : undefined}
        aria-activedescendant={mention.open ? optionId(mention.active) : shortcode.open ? emojiOptionId(shortcode.active) : undefined}
      />
      <GifButton conversation={conversation} me={me} composerInput={textarea} />
      <button
        ref={emojiButton}
        type="button"
        className="composer-emoji"
        aria-label="Insert an emoji"
        title="Insert an emoji"
        aria-haspopup="dialog"
        aria-expanded={picking}
        onClick={() => (picking ? closePicker() : setPicking(true))}
      >
        <EmojiIcon />
      </button>
      <VoiceRecorder conversation={conversation} me={me} />
      <span id={`${id}-help`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line. Type @ to mention someone, or a colon and a name for an emoji.
      </span>
      {length >= CounterFrom && (
        <span className={tooLong ? "composer-counter composer-counter-over" : "composer-counter"} aria-live="polite">
          {tooLong ? `${(length - MaxMessageLength).toLocaleString()} over the limit` : `${length.toLocaleString()} / ${MaxMessageLength.toLocaleString()}`}
        </span>
      )}
      <button type="submit" className="button button-primary composer-send" disabled={!canSend} title={waiting ? "Waiting for the files to upload" : undefined}>
        Send
      </button>
    </form>
  );
}

/** The @mention being typed at the caret, who it could be, and which suggestion is active. */
function useMention(conversation: Conversation, me: Me, text: string, caret: number) {
  const members = useStoreSlice(membersStore, (s) => (s.roomId === conversation.id ? s.members : null));
  const query: MentionQuery | null = mentionQueryAt(text, caret);
  const offerRoom = conversation.kind === "room" && (conversation.role === "owner" || conversation.role === "admin");
  const people = useMemo(
    () => (members ? members.map((m) => m.user) : conversation.participants.map((p) => p.user)),
    [members, conversation.participants],
  );
  const candidates = query ? mentionCandidates(people, query.query, { meId: me.id, offerRoom }) : [];
  return { query, candidates, ...useSuggestionCursor(query, candidates.length) };
}

/**
 * Which suggestion is chosen for what is being typed at the caret (a @mention, a :shortcode): a new query starts at
 * the first; Escape dismisses the list until that query is finished.
 */
function useSuggestionCursor(query: { start: number; query: string } | null, count: number) {
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const key = query ? `${query.start}:${query.query}` : "";
  const [activeFor, setActiveFor] = useState(key);
  if (activeFor !== key) {
    setActiveFor(key);
    setActive(0);
    if (!query) setDismissedAt(null);
  }
  return {
    open: query !== null && count > 0 && dismissedAt !== query.start,
    active: Math.min(active, Math.max(0, count - 1)),
    move: (direction: "next" | "previous") => setActive((a) => moveActive(a, count, direction)),
    dismiss: () => setDismissedAt(query?.start ?? null),
  };
}

const MaxEmojiSuggestions = 8;

/** The :shortcode being typed at the caret and the emoji it could be; the emoji set loads when one is first typed. */
function useShortcode(text: string, caret: number) {
  const [index, setIndex] = useState<EmojiIndex | null>(loadedEmoji);
  const query: ShortcodeQuery | null = shortcodeQueryAt(text, caret);
  const wanted = query !== null && index === null;
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    // Without the set there are no suggestions: the text typed stays as it is.
    loadEmoji().then((loaded) => current && setIndex(loaded), () => undefined);
    return () => {
      current = false;
    };
  }, [wanted]);
  const typed = query?.query ?? null;
  const candidates = useMemo(() => (typed !== null && index ? searchIndex(index, typed, MaxEmojiSuggestions) : []), [typed, index]);
  return { query, candidates, ...useSuggestionCursor(query, candidates.length) };
}

/** The shortcode to show for a suggestion: the one the typed letters start, else its first. */
function shortcodeFor(emoji: Emoji, typed: string): string {
  const needle = typed.toLowerCase();
  return emoji.shortcodes.find((code) => code.startsWith(needle)) ?? emoji.shortcodes[0] ?? emoji.name.replace(/\s+/g, "_");
}
