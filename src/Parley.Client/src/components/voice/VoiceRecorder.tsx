import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { sendMessage } from "../../state/outbox";
import { cancelReply, replyTargetsStore } from "../../state/replies";
import { getFileUsage, uploadFile } from "../../state/upload";
import { browserVoiceDevices, formatDuration, LiveBars, VoiceRecorderMachine, type DeliverClip } from "../../state/voiceRecording";
import type { Conversation, Me } from "../../types";
import { useStore } from "../common/useStore";
import { ClipPlayer } from "./VoicePlayer";
import { Waveform } from "./Waveform";
import "../../styles/voice.css";
import { summaryOf } from "../../state/users";

/** A press on the microphone longer than this is hold-to-record: letting go stops. A shorter one is a click. */
const HoldMs = 400;
/** Sliding this far from the microphone while holding cancels, as in the phone apps people know. */
const SlideToCancelPx = 80;

/**
 * The composer's microphone. Click to record (then Stop or Cancel), or press and hold (let go to stop, slide away to
 * cancel); either way the recording is previewed, then sent as an upload plus a message through the outbox.
 */
export function VoiceRecorder({ conversation, me }: { conversation: Conversation; me: Me }) {
  const target = useRef({ conversation, me });
  target.current = { conversation, me };
  const machine = useMemo(() => {
    const deliver: DeliverClip = async (clip, onProgress, signal) => {
      const { conversation: to, me: author } = target.current;
      const attachment = await uploadFile(
        to.id,
        clip.blob,
        clip.fileName,
        { voice: true, waveform: clip.waveform },
        (sent, total) => onProgress(total > 0 ? sent / total : 0),
        signal,
      );
      const replyTo = replyTargetsStore.get().get(to.id) ?? null;
      sendMessage(to.id, "", summaryOf(author), replyTo, [attachment]);
      cancelReply(to.id);
    };
    return new VoiceRecorderMachine(
      browserVoiceDevices(() => getFileUsage().then((usage) => usage.maxVoiceSeconds)),
      deliver,
    );
  }, []);
  const state = useStore(machine.state);
  const [held, setHeld] = useState(false);
  const press = useRef<{ pointerId: number; x: number; y: number; at: number } | null>(null);
  const micButton = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => () => machine.dispose(), [machine]);

  // Keyboard users land on the panel's main action; when it closes, back on the microphone if focus was in it.
  const phase = state.phase;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (phase === "idle") {
      if (wasOpen.current && document.activeElement === document.body) micButton.current?.focus();
      wasOpen.current = false;
      return;
    }
    wasOpen.current = true;
    if (held) return;
    panel.current?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
  }, [phase, held]);

  // The panel covers the whole composer: what lies under it must not take focus or be read out while it is open.
  // The microphone stays live, since a press-and-hold recording ends with its pointer release.
  const open = phase !== "idle";
  useEffect(() => {
    const form = panel.current?.closest("form");
    if (!open || !form) return;
    const covered = [...form.children].filter(
      (child): child is HTMLElement => child instanceof HTMLElement && child !== panel.current && child !== micButton.current && !child.inert,
    );
    for (const child of covered) child.inert = true;
    return () => {
      for (const child of covered) child.inert = false;
    };
  }, [open]);

  const pointerDown = (event: PointerEvent<HTMLButtonElement>) => {
    if (event.button !== 0 || machine.state.get().phase !== "idle") return;
    event.currentTarget.setPointerCapture(event.pointerId);
    press.current = { pointerId: event.pointerId, x: event.clientX, y: event.clientY, at: performance.now() };
    setHeld(true);
    void machine.start();
  };

  const pointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    const start = press.current;
    if (!start || start.pointerId !== event.pointerId) return;
    if (Math.hypot(event.clientX - start.x, event.clientY - start.y) > SlideToCancelPx) {
      press.current = null;
      setHeld(false);
      machine.cancel();
    }
  };

  const pointerUp = (event: PointerEvent<HTMLButtonElement>) => {
    const start = press.current;
    if (!start || start.pointerId !== event.pointerId) return;
    press.current = null;
    setHeld(false);
    // A short press was a click: the recording goes on until Stop. A hold let go before the microphone opened recorded nothing.
    if (performance.now() - start.at < HoldMs) return;
    if (machine.state.get().phase === "recording") machine.stop();
    else machine.cancel();
  };

  const pointerCancel = () => {
    if (!press.current) return;
    press.current = null;
    setHeld(false);
    machine.cancel();
  };

  // Escape abandons a recording under way; a finished one is only thrown away by Discard.
  const panelKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const phase = machine.state.get().phase;
    if (event.key !== "Escape" || (phase !== "starting" && phase !== "recording")) return;
    event.preventDefault();
    event.stopPropagation();
    machine.cancel();
  };

  return (
    <>
      <button
        ref={micButton}
        type="button"
        className="composer-voice"
        aria-label="Record voice message"
        title="Record voice message (click, or press and hold)"
        onPointerDown={pointerDown}
        onPointerMove={pointerMove}
        onPointerUp={pointerUp}
        onPointerCancel={pointerCancel}
        onContextMenu={(event) => event.preventDefault()}
        // Pointers start recording on press; this is the keyboard's Enter or Space.
        onClick={(event) => event.detail === 0 && void machine.start()}
      >
        <MicrophoneGlyph />
      </button>
      {state.phase === "idle" && state.problem && (
        <div className="voice-problem" role="alert">
          <span>{state.problem}</span>
          <button type="button" className="button button-small" onClick={() => machine.dismissProblem()}>
            Dismiss
          </button>
        </div>
      )}
      {state.phase !== "idle" && (
        <div ref={panel} className="voice-panel" role="group" aria-label="Voice message" onKeyDown={panelKeyDown}>
          {state.phase === "starting" && (
            <>
              <span className="voice-status">Waiting for the microphone…</span>
              <button type="button" className="button button-small" data-autofocus onClick={() => machine.cancel()}>
                Cancel
              </button>
            </>
          )}
          {(state.phase === "recording" || state.phase === "stopping") && (
            <>
              <span className="voice-recording-dot" aria-hidden="true" />
              <span className="voice-timer" role="timer">
                {formatDuration(state.phase === "recording" ? state.elapsedMs : 0)}
              </span>
              <Waveform
                className="voice-live"
                peaks={state.phase === "recording" ? padLevels(state.levels) : null}
              />
              {held ? (
                <span className="voice-status">Release to stop, slide away to cancel</span>
              ) : (
                <>
                  {state.phase === "recording" && <span className="voice-limit">max {formatDuration(state.maxMs)}</span>}
                  <button type="button" className="button button-small" onClick={() => machine.cancel()}>
                    Cancel
                  </button>
                  <button
                    type="button"
                    className="button button-small button-primary"
                    data-autofocus
                    disabled={state.phase !== "recording"}
                    onClick={() => machine.stop()}
                  >
                    Stop
                  </button>
                </>
              )}
            </>
          )}
          {(state.phase === "preview" || state.phase === "failed") && (
            <>
              <ClipPlayer clip={state.clip} />
              {state.phase === "preview" && state.note && (
                <span className="voice-status" role="status">
                  {state.note}
                </span>
              )}
              {state.phase === "failed" && (
                <span className="voice-error" role="alert">
                  {state.error}
                </span>
              )}
              <button type="button" className="button button-small" onClick={() => machine.cancel()}>
                Discard
              </button>
              <button type="button" className="button button-small button-primary" data-autofocus onClick={() => void machine.send()}>
                {state.phase === "failed" ? "Retry" : "Send"}
              </button>
            </>
          )}
          {state.phase === "sending" && (
            <>
              <span className="voice-status">Sending voice message…</span>
              <progress className="voice-progress" aria-label="Uploading voice message" max={1} value={state.progress} />
              <span className="voice-percent" aria-hidden="true">
                {Math.round(state.progress * 100)}%
              </span>
              <button type="button" className="button button-small" data-autofocus onClick={() => machine.cancel()}>
                Cancel
              </button>
            </>
          )}
        </div>
      )}
    </>
  );
}

/** The live meter fills from the right, as the newest level arrives, so it reads like a scrolling trace. */
function padLevels(levels: readonly number[]): number[] {
  const scaled = levels.map((level) => Math.min(100, Math.round(level * 250)));
  return [...Array<number>(Math.max(0, LiveBars - scaled.length)).fill(0), ...scaled];
}

function MicrophoneGlyph() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <rect x="9" y="3" width="6" height="11" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v3" />
    </svg>
  );
}
