import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { withDayDividers } from "../../state/days";
import { loadOlder, openTimeline, timelinesStore } from "../../state/messages";
import { retryMessage } from "../../state/outbox";
import type { Timeline } from "../../state/timeline";
import type { Me, Room } from "../../types";
import { useStoreSlice } from "../common/useStore";
import { MessageItem, type DisplayItem } from "./MessageItem";

const NearBottomPx = 120;
const LoadOlderPx = 300;

interface ScrollSnapshot {
  scrollTop: number;
  scrollHeight: number;
  firstKey: string;
  lastKey: string;
  nearBottom: boolean;
}

export function MessageList({ room, me }: { room: Room; me: Me }) {
  const timeline = useStoreSlice(timelinesStore, (all) => all.get(room.id));
  const listRef = useRef<HTMLOListElement>(null);
  const snapshot = useRef<ScrollSnapshot>({ scrollTop: 0, scrollHeight: 0, firstKey: "", lastKey: "", nearBottom: true });
  const [newBelow, setNewBelow] = useState(false);

  const items = useMemo(() => (timeline ? displayItems(timeline) : []), [timeline?.messages, timeline?.local]);
  const entries = useMemo(() => withDayDividers(items, new Date()), [items]);

  // Runs before paint, so the reader never sees a jump: older history keeps what they were reading in place,
  // new messages scroll into view only if they were already at the bottom (or wrote the message themselves).
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
      if (!previous.lastKey || previous.nearBottom || written) {
        list.scrollTop = list.scrollHeight;
        setNewBelow(false);
      } else {
        setNewBelow(true);
      }
    }
    snapshot.current = { ...measure(list), firstKey, lastKey };
  }, [items, me.id]);

  // History shorter than the screen cannot be scrolled up, so fetch older pages until it fills.
  useEffect(() => {
    const list = listRef.current;
    if (list && timeline?.hasOlder && !timeline.loadingOlder && list.scrollHeight <= list.clientHeight + LoadOlderPx) {
      void loadOlder(room.id);
    }
  }, [timeline, room.id]);

  // The composer or typing line growing shrinks the list: stay pinned to the bottom if that is where the reader was.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(() => {
      if (snapshot.current.nearBottom) list.scrollTop = list.scrollHeight;
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
    if (list.scrollTop < LoadOlderPx) void loadOlder(room.id);
  };

  const scrollToBottom = () => {
    const list = listRef.current!;
    list.scrollTo({ top: list.scrollHeight, behavior: "smooth" });
    setNewBelow(false);
  };

  return (
    <div className="message-pane">
      <ol ref={listRef} className="messages" role="log" aria-live="polite" aria-label={`Messages in ${room.name}`} tabIndex={0} onScroll={onScroll}>
        <li className="messages-start">
          <HistoryStart timeline={timeline} room={room} />
        </li>
        {entries.map((entry) =>
          entry.type === "day" ? (
            <li key={`day-${entry.key}`} className="day-divider">
              <span>{entry.label}</span>
            </li>
          ) : (
            <MessageItem key={entry.item.key} item={entry.item} continuesBurst={entry.continuesBurst} onRetry={retryMessage} />
          ),
        )}
      </ol>
      {newBelow && (
        <button type="button" className="new-below" onClick={scrollToBottom}>
          New messages <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

function HistoryStart({ timeline, room }: { timeline: Timeline | undefined; room: Room }) {
  if (!timeline || (timeline.status === "loading" && timeline.messages.length === 0)) return <span className="muted">Loading messages…</span>;
  if (timeline.status === "error") {
    return (
      <span className="muted">
        The messages could not be loaded.{" "}
        <button type="button" className="link-button" onClick={() => void openTimeline(room.id)}>
          Try again
        </button>
      </span>
    );
  }
  if (timeline.loadingOlder) return <span className="muted">Loading older messages…</span>;
  if (timeline.hasOlder) return null;
  return (
    <span className="history-start">
      This is the beginning of <strong>{room.name}</strong>.
    </span>
  );
}

function displayItems(timeline: Timeline): DisplayItem[] {
  return [
    ...timeline.messages.map((m) => ({ key: `m${m.id}`, id: m.id, author: m.author, text: m.text, createdAt: m.createdAt, kind: m.kind, local: null })),
    ...timeline.local.map((l) => ({ key: `l${l.clientMessageId}`, id: null, author: l.author, text: l.text, createdAt: l.createdAt, kind: "text" as const, local: l })),
  ];
}

function measure(list: HTMLElement) {
  return {
    scrollTop: list.scrollTop,
    scrollHeight: list.scrollHeight,
    nearBottom: list.scrollHeight - list.scrollTop - list.clientHeight < NearBottomPx,
  };
}
