import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from "react";
import { formatDuration, type VoiceClip } from "../../state/voiceRecording";
import type { Attachment } from "../../types";
import { ClipPlayback, type Playable } from "./clipPlayback";
import { Waveform } from "./Waveform";
import "../../styles/voice.css";

/** The speeds offered, in the order the speed button steps through them. */
const PlaybackRates = [1, 1.5, 2] as const;

/** How far ←/→ move in a voice message. */
const SeekStepSeconds = 5;

/** The voice message playing now: starting another pauses it, as two voices at once cannot be followed. */
let playingNow: Playable | null = null;

/**
 * A sent voice message. The duration is the server's (MediaRecorder's WebM carries none, so the browser would say
 * "Infinity"); the audio loads only when played, so a long history of voice messages costs nothing until then.
 */
export function VoicePlayer({ attachment }: { attachment: Attachment }) {
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  return (
    <PlayerView media={audio} durationMs={attachment.durationMs} waveform={attachment.waveform} offerSpeeds>
      <audio ref={setAudio} src={attachment.url} preload="none" />
    </PlayerView>
  );
}

/** A recording before it is sent, played from memory. */
export function ClipPlayer({ clip }: { clip: VoiceClip }) {
  const media = useMemo(() => new ClipPlayback(clip.blob), [clip]);
  useEffect(() => () => media.close(), [media]);
  return <PlayerView media={media} durationMs={clip.durationMs} waveform={clip.waveform} offerSpeeds={false} />;
}

/**
 * Play/pause, the waveform as the seek bar (click, drag or arrow keys), elapsed and total time, and the speed.
 */
function PlayerView({
  media,
  durationMs: knownDurationMs,
  waveform,
  offerSpeeds,
  children,
}: {
  media: Playable | null;
  durationMs: number | null;
  waveform: number[] | null;
  offerSpeeds: boolean;
  children?: ReactNode;
}) {
  const [playing, setPlaying] = useState(false);
  const [positionMs, setPositionMs] = useState(0);
  const [mediaDurationMs, setMediaDurationMs] = useState<number | null>(null);
  const [rate, setRate] = useState<number>(1);
  const [failed, setFailed] = useState(false);
  const seeking = useRef(false);
  const rateRef = useRef(rate);
  rateRef.current = rate;
  const durationMs = knownDurationMs ?? mediaDurationMs ?? 0;

  useEffect(() => {
    if (!media) return;
    const listeners: Record<string, () => void> = {
      play: () => {
        if (playingNow && playingNow !== media) playingNow.pause();
        playingNow = media;
        media.playbackRate = rateRef.current;
        setPlaying(true);
      },
      pause: () => {
        if (playingNow === media) playingNow = null;
        setPlaying(false);
      },
      ended: () => {
        media.currentTime = 0;
        setPositionMs(0);
      },
      timeupdate: () => {
        if (!seeking.current) setPositionMs(media.currentTime * 1000);
      },
      durationchange: () => {
        if (Number.isFinite(media.duration)) setMediaDurationMs(media.duration * 1000);
      },
      error: () => {
        setPlaying(false);
        setFailed(true);
      },
    };
    for (const [type, listener] of Object.entries(listeners)) media.addEventListener(type, listener);
    return () => {
      for (const [type, listener] of Object.entries(listeners)) media.removeEventListener(type, listener);
      if (playingNow === media) playingNow = null;
      media.pause();
    };
  }, [media]);

  // Follows the playhead every frame while playing: timeupdate alone moves the fill in visible steps.
  useEffect(() => {
    if (!playing || !media) return;
    let frame = requestAnimationFrame(function follow() {
      if (!seeking.current) setPositionMs(media.currentTime * 1000);
      frame = requestAnimationFrame(follow);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing, media]);

  const toggle = () => {
    if (!media) return;
    if (media.paused) {
      setFailed(false);
      // A refusal arrives as the error event too.
      media.play().catch(() => undefined);
    } else {
      media.pause();
    }
  };

  const seekTo = (ms: number) => {
    const clamped = Math.max(0, Math.min(durationMs, ms));
    setPositionMs(clamped);
    if (media) media.currentTime = clamped / 1000;
  };

  const seekFromPointer = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    if (box.width > 0) seekTo(((event.clientX - box.left) / box.width) * durationMs);
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
    const step = SeekStepSeconds * 1000;
    const targets: Record<string, number> = {
      ArrowLeft: positionMs - step,
      ArrowDown: positionMs - step,
      ArrowRight: positionMs + step,
      ArrowUp: positionMs + step,
      Home: 0,
      End: durationMs,
    };
    const target = targets[event.key];
    if (target === undefined || durationMs <= 0) return;
    event.preventDefault();
    seekTo(target);
  };

  const changeRate = () => {
    const next = PlaybackRates[(PlaybackRates.indexOf(rate as (typeof PlaybackRates)[number]) + 1) % PlaybackRates.length]!;
    setRate(next);
    if (media) media.playbackRate = next;
  };

  const played = durationMs > 0 ? Math.min(1, positionMs / durationMs) : 0;
  return (
    <div className="voice-player" data-testid="voice-player">
      {children}
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
        <Waveform peaks={waveform} played={played} />
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
      {offerSpeeds && (
        <button type="button" className="voice-rate" aria-label={`Playback speed ${rate}×`} title="Playback speed" onClick={changeRate}>
          {rate}×
        </button>
      )}
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
