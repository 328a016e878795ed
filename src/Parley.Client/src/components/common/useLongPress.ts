import { useEffect, useRef, type MouseEvent, type PointerEvent } from "react";

const HoldMs = 500;
const SlopPx = 10;

/**
 * Touch gestures for an element: a long press (held still for half a second, or the browser's own context-menu
 * gesture) and, optionally, a plain tap. The click that follows a long press is swallowed, so a press does one
 * thing. Mouse and pen keep their ordinary click and context menu.
 */
export function useTouchGestures({ onLongPress, onTap }: { onLongPress: () => void; onTap?: (event: MouseEvent) => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const start = useRef<{ x: number; y: number } | null>(null);
  const pressed = useRef(false);
  const touched = useRef(false);

  useEffect(() => () => clearTimeout(timer.current), []);

  const cancel = () => {
    clearTimeout(timer.current);
    start.current = null;
  };

  const fire = () => {
    cancel();
    pressed.current = true;
    onLongPress();
  };

  return {
    onPointerDown(event: PointerEvent) {
      touched.current = event.pointerType === "touch";
      // A dialog opened from the element (its portal-less <dialog>) has gestures of its own.
      if (event.pointerType !== "touch" || (event.target as Element).closest("dialog")) return;
      pressed.current = false;
      start.current = { x: event.clientX, y: event.clientY };
      clearTimeout(timer.current);
      timer.current = setTimeout(fire, HoldMs);
    },
    onPointerMove(event: PointerEvent) {
      const from = start.current;
      if (from && Math.hypot(event.clientX - from.x, event.clientY - from.y) > SlopPx) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    // A tap acts on its click, which comes after the mouse events a touch is also reported as: acting earlier
    // (opening a dialog on pointerup) would let those land on what just opened.
    onClick(event: MouseEvent) {
      if (touched.current && !pressed.current && onTap && !(event.target as Element).closest("dialog")) onTap(event);
    },
    onContextMenu(event: MouseEvent) {
      // Touch browsers turn a long press into a context menu; mouse users keep theirs.
      if (!touched.current) return;
      event.preventDefault();
      if (!pressed.current) fire();
    },
    onClickCapture(event: MouseEvent) {
      if (!pressed.current) return;
      pressed.current = false;
      event.preventDefault();
      event.stopPropagation();
    },
  };
}
