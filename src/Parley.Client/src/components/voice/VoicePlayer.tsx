import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { formatDuration } from "../../state/voiceRecording";
import type { Attachment } from "../../types";
import { Waveform } from "./Waveform";
import "../../styles/voice.css";

/** The speeds offered, in the order the speed button steps through them. */
export const PlaybackRates = [1, 1.5, 2] as const;

/** How far ←/→ move in a voice message. */
const SeekStepSeconds = 5;

/** The voice message playing now: starting another pauses it, as two voices at once cannot be followed. */
let playingNow: HTMLAudioElement | null = null;

/**
 * A voice message: play/pause, its waveform as the seek bar (click, drag or arrow keys), elapsed and total time, and
 * the speed. The duration is the server's (MediaRecorder's WebM carries none, so the browser would say "Infinity").
 */
export function VoicePlayer({ attachment }: { attachment: Attachment }) {
  const audio = useRef<HTMLAudioElement>(null);
  const [playing, setPlaying] = useState(false);
  const [positionMs, setPositionMs] = useState(0);
  const [mediaDurationMs, setMediaDurationMs] = useState<number | null>(null);
  const [rate, setRate] = useState<number>(1);
  const [failed, setFailed] = useState(false);
  const seeking = useRef(false);
  const durationMs = attachment.durationMs ?? mediaDurationMs ?? 0;

  // Follows the playhead every frame while playing: timeupdate alone moves the fill in visible steps.
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function follow() {
      if (audio.current && !seeking.current) setPositionMs(audio.current.currentTime * 1000);
      frame = requestAnimationFrame(follow);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing]);

  useEffect(() => {
    const element = audio.current;
    return () => {
      if (element && playingNow === element) playingNow = null;
      element?.pause();
    };
  }, []);

  const toggle = () => {
    const element = audio.current;
    if (!element) return;
    if (element.paused) {
      setFailed(false);
      element.play().catch(() => undefined);
    } else {
      element.pause();
    }
  };

  const seekTo = (ms: number) => {
    const element = audio.current;
    const clamped = Math.max(0, Math.min(durationMs, ms));
    setPositionMs(clamped);
    if (element) element.currentTime = clamped / 1000;
  };

  const seekFromPointer = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width <= 0) return;
    seekTo(((event.clientX - box.left) / box.width) * durationMs);
  };

  const pointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || durationMs <= 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    seeking.current = true;
    seekFromPointer(event);
  };

  const pointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (seeking.current) seekFromPointer(event);
  };

  const pointerUp = () => {
    seeking.current = false;
  };

  const keyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const position = positionMs;
    const moves: Record<string, number> = {
      ArrowLeft: position - SeekStepSeconds * 1000,
      ArrowDown: position - SeekStepSeconds * 1000,
      ArrowRight: position + SeekStepSeconds * 1000,
      ArrowUp: position + SeekStepSeconds * 1000,
      Home: 0,
      End: durationMs,
    };
    const target = moves[event.key];
    if (target === undefined || durationMs <= 0) return;
    event.preventDefault();
    seekTo(target);
  };

  const changeRate = () => {
    const next = PlaybackRates[(PlaybackRates.indexOf(rate as (typeof PlaybackRates)[number]) + 1) % PlaybackRates.length]!;
    setRate(next);
    if (audio.current) {
      audio.current.playbackRate = next;
      audio.current.defaultPlaybackRate = next;
    }
  };

  const played = durationMs > 0 ? Math.min(1, positionMs / durationMs) : 0;
  return (
    <div className="voice-player" data-testid="voice-player">
      <audio
        ref={audio}
        src={attachment.url}
        preload="none"
        onPlay={(event) => {
          if (playingNow && playingNow !== event.currentTarget) playingNow.pause();
          playingNow = event.currentTarget;
          event.currentTarget.playbackRate = rate;
          setPlaying(true);
        }}
        onPause={(event) => {
          if (playingNow === event.currentTarget) playingNow = null;
          setPlaying(false);
        }}
        onEnded={(event) => {
          event.currentTarget.currentTime = 0;
          setPositionMs(0);
        }}
        onTimeUpdate={(event) => {
          if (!seeking.current) setPositionMs(event.currentTarget.currentTime * 1000);
        }}
        onDurationChange={(event) => {
          const seconds = event.currentTarget.duration;
          if (Number.isFinite(seconds)) setMediaDurationMs(seconds * 1000);
        }}
        onError={() => {
          setPlaying(false);
          setFailed(true);
        }}
      />
      <button
        type="button"
        className="voice-play"
        aria-label={playing ? "Pause voice message" : "Play voice message"}
        title={playing ? "Pause" : "Play"}
        onClick={toggle}
      >
        {playing ? <PauseGlyph /> : <PlayGlyph />}
      </button>
      <div
        className="voice-seek"
        role="slider"
        tabIndex={0}
        aria-label="Position in voice message"
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={Math.round(positionMs / 1000)}
        aria-valuetext={`${formatDuration(positionMs)} of ${formatDuration(durationMs)}`}
        onPointerDown={pointerDown}
        onPointerMove={pointerMove}
        onPointerUp={pointerUp}
        onPointerCancel={pointerUp}
        onKeyDown={keyDown}
      >
        <Waveform peaks={attachment.waveform} played={played} />
      </div>
      <span className="voice-time">
        {failed ? (
          <span role="alert">Could not play</span>
        ) : (
          <>
            {(playing || positionMs > 0) && (
              <>
                <span data-testid="voice-elapsed">{formatDuration(positionMs)}</span>
                {" / "}
              </>
            )}
            <span data-testid="voice-duration">{formatDuration(durationMs)}</span>
          </>
        )}
      </span>
      <button type="button" className="voice-rate" aria-label={`Playback speed ${rate}×`} title="Playback speed" onClick={changeRate}>
        {rate}×
      </button>
    </div>
  );
}

function PlayGlyph() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M4 2.5v11l9-5.5z" fill="currentColor" />
    </svg>
  );
}

function PauseGlyph() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect x="3.5" y="2.5" width="3" height="11" rx="0.5" fill="currentColor" />
      <rect x="9.5" y="2.5" width="3" height="11" rx="0.5" fill="currentColor" />
    </svg>
  );
}
