import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { conversationSearchStore } from "../../state/conversationSearch";
import { messagePreviewText } from "../../state/attachments";
import { withDayDividers } from "../../state/days";
import type { HighlightTerm } from "../../state/highlight";
import { conversationPowers } from "../../state/messageChanges";
import { currentQuote, shownMessages } from "../../state/messageDisplay";
import { jumpToPresent, loadNewer, loadOlder, openTimeline, spotlightStore, timelinesStore } from "../../state/messages";
import { retryMessage } from "../../state/outbox";
import { newestInView } from "../../state/placement";
import { reportInView, unreadMarkerStore } from "../../state/readTracker";
import { seenLabel, seenReceipt } from "../../state/receipts";
import { receiptsShown, settingsStore } from "../../state/settings";
import type { Timeline } from "../../state/timeline";
import { firstUnreadId, mentionsMe } from "../../state/unread";
import type { Conversation, Me } from "../../types";
import { useStoreSlice } from "../common/useStore";
import { MessageItem, type DisplayItem } from "./MessageItem";

const NearEdgePx = 120;
const LoadMorePx = 300;
const noTerms: readonly HighlightTerm[] = [];

interface ScrollSnapshot {
  scrollTop: number;
  scrollHeight: number;
  firstKey: string;
  lastKey: string;
  nearBottom: boolean;
  /** The history shown was a window in the past: what was added below came from paging, not from live messages. */
  detached: boolean;
}

export function MessageList({ conversation, me }: { conversation: Conversation; me: Me }) {
  const id = conversation.id;
  const timeline = useStoreSlice(timelinesStore, (all) => all.get(id));
  const readUpTo = useStoreSlice(unreadMarkerStore, (m) => (m?.conversationId === id ? m.lastReadMessageId : null));
  const spotlight = useStoreSlice(spotlightStore, (s) => (s?.conversationId === id ? s : null));
  const terms = useStoreSlice(conversationSearchStore, (s) => (s?.conversationId === id ? s.highlights : noTerms));
  const showReceipts = useStoreSlice(settingsStore, receiptsShown);
  const powers = useMemo(() => conversationPowers(conversation), [conversation.kind, conversation.role]);
  const listRef = useRef<HTMLOListElement>(null);
  const shownKeys = useRef<ReadonlySet<string>>(new Set());
  const snapshot = useRef<ScrollSnapshot>({ scrollTop: 0, scrollHeight: 0, firstKey: "", lastKey: "", nearBottom: true, detached: false });
  const spotlightShown = useRef(0);
  const [newBelow, setNewBelow] = useState(false);
  // What a screen reader hears of the list: the message that just arrived, not everything added to the list (each
  // message carries its action buttons, and history pages would be read out whole).
  const [announcement, setAnnouncement] = useState("");
  /** The stored messages (partly) in view, by id: what the reader has in front of them. */
  const visible = useRef(new Map<number, { ratio: number; height: number }>());
  const observer = useRef<IntersectionObserver | null>(null);
  const hasNewer = timeline?.hasNewer ?? false;
  const hasNewerRef = useRef(hasNewer);
  hasNewerRef.current = hasNewer;

  const items = useMemo(() => (timeline ? displayItems(timeline, me.id) : []), [timeline?.messages, timeline?.local, me.id]);
  const firstUnread = useMemo(
    () => (readUpTo === null || !timeline ? null : firstUnreadId(timeline.messages, readUpTo, me.id, timeline.hasOlder)),
    [readUpTo, timeline?.messages, timeline?.hasOlder, me.id],
  );
  const entries = useMemo(() => withDayDividers(items, new Date(), undefined, (item) => item.id !== null && item.id === firstUnread), [items, firstUnread]);
  const receipt = useMemo(() => {
    if (conversation.kind !== "direct" || !showReceipts || !timeline) return null;
    const found = seenReceipt(timeline.messages, me.id, conversation.readPositions, conversation.participants.map((p) => p.user));
    return found && { messageId: found.messageId, label: seenLabel(found, conversation.participants.length === 1) };
  }, [conversation, showReceipts, timeline?.messages, me.id]);

  // Runs before paint, so the reader never sees a jump: older history keeps what they were reading in place, new
  // messages scroll into view only if they were already at the bottom (or wrote the message themselves). On first
  // showing, a "New messages" divider comes into view rather than the very bottom.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const previous = snapshot.current;
    const firstKey = items[0]?.key ?? "";
    const last = items.at(-1);
    const lastKey = last?.key ?? "";
    if (previous.firstKey && firstKey !== previous.firstKey) {
      list.scrollTop = previous.scrollTop + (list.scrollHeight - previous.scrollHeight);
    }
    if (lastKey !== previous.lastKey) {
      const written = last !== undefined && (last.local !== null || last.author.id === me.id);
      if (!previous.lastKey) {
        list.scrollTop = list.scrollHeight;
        list.querySelector(".unread-divider")?.scrollIntoView({ block: "start" });
      } else if ((previous.nearBottom && !previous.detached) || written) {
        list.scrollTop = list.scrollHeight;
        setNewBelow(false);
      } else if (!previous.detached && !shownKeys.current.has(lastKey)) {
        // Only a message that was not in the list before is news: a deleted newest message uncovers an older one.
        setNewBelow(true);
      }
      if (previous.lastKey && !previous.detached && !written && last && !shownKeys.current.has(lastKey)) {
        setAnnouncement(last.kind === "system" ? last.text : `${last.author.displayName}: ${messagePreviewText(last.message ?? { text: last.text })}`);
      }
    }
    shownKeys.current = new Set(items.map((item) => item.key));
    snapshot.current = { ...measure(list), firstKey, lastKey, detached: timeline?.hasNewer ?? false };
  }, [items, me.id]);

  // Read is what was shown: the list tells the read tracker which messages are in view as that changes.
  const reportVisible = () => {
    const list = listRef.current;
    if (!list) return;
    reportInView(id, newestInView(visible.current, list.clientHeight), measure(list).nearBottom && !hasNewerRef.current);
  };

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const watching = new IntersectionObserver(
      (changes) => {
        for (const change of changes) {
          const messageId = Number((change.target as HTMLElement).dataset.messageId);
          if (change.isIntersecting) visible.current.set(messageId, { ratio: change.intersectionRatio, height: change.boundingClientRect.height });
          else visible.current.delete(messageId);
        }
        reportVisible();
      },
      { root: list, threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    observer.current = watching;
    return () => {
      watching.disconnect();
      observer.current = null;
    };
  }, [id]);

  // New rows join the watch (observing a row again changes nothing); removed ones report leaving.
  useLayoutEffect(() => {
    listRef.current?.querySelectorAll("[data-message-id]").forEach((row) => observer.current?.observe(row));
  }, [entries]);

  // A message jumped to (a search hit) is brought to the middle of the screen once it is there.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !spotlight || spotlightShown.current === spotlight.serial) return;
    const target = list.querySelector(`[data-message-id="${spotlight.messageId}"]`);
    if (!target) return;
    spotlightShown.current = spotlight.serial;
    target.scrollIntoView({ block: "center" });
    snapshot.current = { ...snapshot.current, ...measure(list) };
  }, [spotlight, items]);

  // History shorter than the screen cannot be scrolled, so fetch more until it fills.
  useEffect(() => {
    const list = listRef.current;
    if (!list || !timeline || list.scrollHeight > list.clientHeight + LoadMorePx) return;
    if (timeline.hasOlder && !timeline.loadingOlder) void loadOlder(id);
    else if (timeline.hasNewer && !timeline.loadingNewer) void loadNewer(id);
  }, [timeline, id]);

  // The composer or typing line growing shrinks the list: stay pinned to the bottom if that is where the reader was.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (snapshot.current.nearBottom && !snapshot.current.detached) list.scrollTop = list.scrollHeight;
      snapshot.current = { ...snapshot.current, ...measure(list) };
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const list = listRef.current!;
    const measured = measure(list);
    snapshot.current = { ...snapshot.current, ...measured };
    if (measured.nearBottom) setNewBelow(false);
    reportVisible();
    if (list.scrollTop < LoadMorePx) void loadOlder(id);
    if (list.scrollHeight - list.scrollTop - list.clientHeight < LoadMorePx) void loadNewer(id);
  };

  const scrollToBottom = () => {
    const list = listRef.current!;
    list.scrollTo({ top: list.scrollHeight, behavior: "smooth" });
    setNewBelow(false);
  };

  return (
    <div className="message-pane">
      <ol ref={listRef} className="messages" role="log" aria-live="off" aria-label={`Messages in ${conversation.name}`} tabIndex={0} onScroll={onScroll}>
        <li className="messages-start">
          <HistoryStart timeline={timeline} conversation={conversation} />
        </li>
        {entries.map((entry) =>
          entry.type === "day" ? (
            <li key={`day-${entry.key}`} className="day-divider">
              <span>{entry.label}</span>
            </li>
          ) : entry.type === "unread" ? (
            <li key="unread" className="unread-divider" data-testid="unread-divider">
              <span>New messages</span>
            </li>
          ) : (
            <MessageItem
              key={entry.item.key}
              item={entry.item}
              continuesBurst={entry.continuesBurst}
              onRetry={retryMessage}
              myUsername={me.username}
              terms={terms}
              spotlit={spotlight !== null && entry.item.id === spotlight.messageId}
              receipt={receipt !== null && entry.item.id === receipt.messageId ? receipt.label : null}
              seenByIn={conversation.kind === "room" && showReceipts && entry.item.local === null && entry.item.author.id === me.id ? id : null}
              meId={me.id}
              powers={powers}
            />
          ),
        )}
        {timeline?.loadingNewer && <li className="messages-end muted">Loading newer messages…</li>}
      </ol>
      <div className="visually-hidden" aria-live="polite" data-testid="message-announcer">
        {announcement}
      </div>
      {timeline?.hasNewer ? (
        <button type="button" className="new-below" onClick={() => void jumpToPresent(id)}>
          Jump to present <span aria-hidden="true">↓</span>
        </button>
      ) : (
        newBelow && (
          <button type="button" className="new-below" onClick={scrollToBottom}>
            New messages <span aria-hidden="true">↓</span>
          </button>
        )
      )}
    </div>
  );
}

function HistoryStart({ timeline, conversation }: { timeline: Timeline | undefined; conversation: Conversation }) {
  if (!timeline || (timeline.status === "loading" && timeline.messages.length === 0)) return <span className="muted">Loading messages…</span>;
  if (timeline.status === "error") {
    return (
      <span className="muted">
        {timeline.error}{" "}
        <button type="button" className="link-button" onClick={() => void openTimeline(conversation.id)}>
          Try again
        </button>
      </span>
    );
  }
  if (timeline.loadingOlder) return <span className="muted">Loading older messages…</span>;
  if (timeline.hasOlder) return null;
  return (
    <span className="history-start">
      This is the beginning of <strong>{conversation.kind === "room" ? conversation.name : `your conversation with ${conversation.name}`}</strong>.
    </span>
  );
}

function displayItems(timeline: Timeline, meId: number): DisplayItem[] {
  const held = new Map(timeline.messages.map((m) => [m.id, m] as const));
  return [
    ...shownMessages(timeline.messages).map(({ message: m, replyTo }) => ({
      key: `m${m.id}`,
      id: m.id,
      author: m.author,
      text: m.text,
      createdAt: m.createdAt,
      kind: m.kind,
      local: null,
      mentionsRoom: m.mentionsRoom,
      mentionsMe: mentionsMe(m, meId),
      message: m,
      replyTo,
    })),
    ...timeline.local.map((l) => ({
      key: `l${l.clientMessageId}`,
      id: null,
      author: l.author,
      text: l.text,
      createdAt: l.createdAt,
      kind: "text" as const,
      local: l,
      mentionsRoom: false,
      mentionsMe: false,
      message: null,
      replyTo: l.replyTo && currentQuote(l.replyTo, held),
    })),
  ];
}

function measure(list: HTMLElement) {
  return {
    scrollTop: list.scrollTop,
    scrollHeight: list.scrollHeight,
    nearBottom: list.scrollHeight - list.scrollTop - list.clientHeight < NearEdgePx,
  };
}
