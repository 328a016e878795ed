import { failureSentence } from "./problem";
import { createStore, type Store } from "./store";

// Recording a voice message: the microphone is opened on demand, recorded with MediaRecorder while a level meter
// samples how loud it is (the live meter, and the waveform stored with the message), and released as soon as the
// recording ends so the browser's microphone indicator goes off. A recording is previewed before it is sent, and
// kept when sending fails so it can be retried.

/** What MediaRecorder records in, best first: Opus where the browser records it, AAC in MP4 where it only records that (Safari). */
export const VoiceMimeTypes = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"] as const;

/** The server's default when it cannot be asked (Parley:Files:MaxVoiceSeconds). */
export const DefaultMaxVoiceSeconds = 300;

/** The server stores at most this many waveform values, each 0–100. */
export const MaxWaveformBars = 100;

/**
 * Recording stops this much before the limit: the server measures the file (its last audio frame), which can run a
 * little past this clock, and refuses anything over the limit.
 */
export const LimitMarginMs = 500;

/** How often the meter is read and the timer moves while recording. */
export const SampleIntervalMs = 50;

/** How many recent levels the live meter shows while recording. */
export const LiveBars = 40;

/** The first of our types the browser records; null when it records none of them (it then picks its own). */
export function chooseVoiceMimeType(isTypeSupported: (type: string) => boolean): string | null {
  return VoiceMimeTypes.find((type) => isTypeSupported(type)) ?? null;
}

/** The name the upload carries; the server decides the type from the content, so this only needs to read well. */
export function voiceFileName(mimeType: string): string {
  if (mimeType.startsWith("audio/ogg")) return "voice message.ogg";
  if (mimeType.startsWith("audio/mp4")) return "voice message.m4a";
  return "voice message.webm";
}

/**
 * Reduces sampled levels (0–1, one per meter reading) to at most `bars` peaks, each the loudest reading in its
 * stretch of the recording, scaled so the loudest is 100: a quiet voice still draws a readable waveform.
 */
export function reducePeaks(levels: readonly number[], bars = MaxWaveformBars): number[] {
  const clean = levels.map((level) => (Number.isFinite(level) ? Math.min(1, Math.max(0, Math.abs(level))) : 0));
  const count = Math.min(bars, clean.length);
  const peaks: number[] = [];
  for (let bar = 0; bar < count; bar++) {
    const from = Math.floor((bar * clean.length) / count);
    const to = Math.floor(((bar + 1) * clean.length) / count);
    let peak = 0;
    for (let i = from; i < to; i++) peak = Math.max(peak, clean[i]!);
    peaks.push(peak);
  }
  const loudest = Math.max(0, ...peaks);
  return peaks.map((peak) => (loudest > 0 ? Math.round((peak / loudest) * 100) : 0));
}

/** A length of time as a clock shows it: "0:07", "4:59", "1:02:03"; whole seconds, rounded down. */
export function formatDuration(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** What to tell someone whose microphone could not be opened, by the error getUserMedia gave. */
export function microphoneProblem(error: unknown): string {
  const name = error instanceof Error || isDomException(error) ? (error as { name: string }).name : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "Parley may not use your microphone. Allow it in your browser's site settings to record a voice message.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No microphone was found. Connect one to record a voice message.";
    case "NotReadableError":
    case "AbortError":
      return "The microphone could not be started. Another app may be using it.";
    case "UnsupportedError":
      return "This browser cannot record audio here. Recording needs a secure (HTTPS) address and a current browser.";
    default:
      return "The microphone could not be started.";
  }
}

function isDomException(error: unknown): boolean {
  return typeof error === "object" && error !== null && typeof (error as { name?: unknown }).name === "string";
}

/** A finished recording, ready to preview and send. */
export interface VoiceClip {
  blob: Blob;
  mimeType: string;
  fileName: string;
  durationMs: number;
  /** ≤ 100 peaks, 0–100. */
  waveform: number[];
}

export type VoiceState =
  | { phase: "idle"; problem: string | null }
  | { phase: "starting" }
  | { phase: "recording"; elapsedMs: number; maxMs: number; levels: readonly number[] }
  | { phase: "stopping" }
  | { phase: "preview"; clip: VoiceClip; note: string | null }
  | { phase: "sending"; clip: VoiceClip; progress: number }
  | { phase: "failed"; clip: VoiceClip; error: string };

/** The part of MediaRecorder the recorder uses. */
export interface RecorderLike {
  readonly mimeType: string;
  ondataavailable: ((event: { data: Blob }) => void) | null;
  onstop: (() => void) | null;
  start(): void;
  stop(): void;
}

/** How loud the microphone is now, 0–1. */
export interface LevelMeter {
  level(): number;
  close(): void;
}

/** Sends a finished clip: uploads it and sends the message; progress is 0–1. */
export type DeliverClip = (clip: VoiceClip, onProgress: (fraction: number) => void, signal: AbortSignal) => Promise<void>;

/** What the recorder needs from the browser (and the server), so tests can stand in for it. */
export interface VoiceDevices {
  openMicrophone(): Promise<MediaStream>;
  createRecorder(stream: MediaStream): RecorderLike;
  /** Null when the browser cannot measure levels: the clip is then sent without a waveform. */
  createMeter(stream: MediaStream): LevelMeter | null;
  maxVoiceSeconds(): Promise<number>;
  now(): number;
}

/** One composer's recorder: idle → starting → recording → stopping → preview → sending → idle (or failed, kept for a retry). */
export class VoiceRecorderMachine {
  readonly state: Store<VoiceState> = createStore<VoiceState>({ phase: "idle", problem: null });
  /** Bumped whenever what is under way is abandoned, so late answers (a microphone, a recorder's data) are dropped. */
  private generation = 0;
  private session: Session | null = null;
  private upload: AbortController | null = null;

  constructor(
    private readonly devices: VoiceDevices,
    private readonly deliver: DeliverClip,
  ) {}

  async start(): Promise<void> {
    const current = this.state.get();
    if (current.phase !== "idle") return;
    const generation = ++this.generation;
    this.state.set({ phase: "starting" });
    let stream: MediaStream;
    let maxSeconds: number;
    try {
      [stream, maxSeconds] = await Promise.all([this.devices.openMicrophone(), this.limit()]);
    } catch (error) {
      if (generation === this.generation) this.state.set({ phase: "idle", problem: microphoneProblem(error) });
      return;
    }
    if (generation !== this.generation) {
      // Cancelled while the browser was asking for the microphone: let it go at once.
      stopTracks(stream);
      return;
    }
    let recorder: RecorderLike;
    try {
      recorder = this.devices.createRecorder(stream);
    } catch (error) {
      stopTracks(stream);
      this.state.set({ phase: "idle", problem: microphoneProblem(error) });
      return;
    }
    const session: Session = {
      generation,
      stream,
      recorder,
      meter: this.devices.createMeter(stream),
      chunks: [],
      levels: [],
      startedAt: this.devices.now(),
      stoppedAt: null,
      maxMs: maxSeconds * 1000,
      hitLimit: false,
      timer: null,
    };
    this.session = session;
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) session.chunks.push(event.data);
    };
    recorder.onstop = () => this.finish(session);
    recorder.start();
    session.timer = setInterval(() => this.sample(session), SampleIntervalMs);
    this.state.set({ phase: "recording", elapsedMs: 0, maxMs: session.maxMs, levels: [] });
  }

  /** Ends the recording and shows it for preview. */
  stop(): void {
    const session = this.session;
    if (!session || this.state.get().phase !== "recording") return;
    session.stoppedAt = this.devices.now();
    this.halt(session);
    this.state.set({ phase: "stopping" });
    session.recorder.stop();
  }

  /** Throws away whatever is under way: the microphone request, the recording, the preview, or an upload in flight. */
  cancel(): void {
    const current = this.state.get();
    if (current.phase === "sending") {
      this.upload?.abort();
      return;
    }
    this.generation++;
    const session = this.session;
    this.session = null;
    if (session) {
      this.halt(session);
      if (current.phase === "recording") session.recorder.stop();
      this.release(session);
    }
    this.state.set({ phase: "idle", problem: null });
  }

  /** Sends the previewed clip; also the retry after a failure. */
  async send(): Promise<void> {
    const current = this.state.get();
    if (current.phase !== "preview" && current.phase !== "failed") return;
    const { clip } = current;
    const upload = new AbortController();
    this.upload = upload;
    this.state.set({ phase: "sending", clip, progress: 0 });
    try {
      await this.deliver(
        clip,
        (progress) => {
          const now = this.state.get();
          if (now.phase === "sending" && now.clip === clip) this.state.set({ phase: "sending", clip, progress });
        },
        upload.signal,
      );
      this.state.set({ phase: "idle", problem: null });
    } catch (error) {
      // Cancelled by the person: back to the preview, the clip kept.
      if (upload.signal.aborted) this.state.set({ phase: "preview", clip, note: null });
      else this.state.set({ phase: "failed", clip, error: failureSentence(error, "The voice message could not be sent.") });
    } finally {
      if (this.upload === upload) this.upload = null;
    }
  }

  dismissProblem(): void {
    if (this.state.get().phase === "idle") this.state.set({ phase: "idle", problem: null });
  }

  /** Leaving the composer: nothing keeps the microphone open. An upload in flight still finishes and sends. */
  dispose(): void {
    if (this.state.get().phase !== "sending") this.cancel();
  }

  private async limit(): Promise<number> {
    try {
      const seconds = await this.devices.maxVoiceSeconds();
      return Number.isFinite(seconds) && seconds > 0 ? seconds : DefaultMaxVoiceSeconds;
    } catch {
      return DefaultMaxVoiceSeconds;
    }
  }

  private sample(session: Session): void {
    if (this.session !== session || this.state.get().phase !== "recording") return;
    const elapsedMs = this.devices.now() - session.startedAt;
    if (session.meter) session.levels.push(session.meter.level());
    if (elapsedMs >= session.maxMs - LimitMarginMs) {
      session.hitLimit = true;
      this.stop();
      return;
    }
    this.state.set({ phase: "recording", elapsedMs, maxMs: session.maxMs, levels: session.levels.slice(-LiveBars) });
  }

  private finish(session: Session): void {
    this.release(session);
    if (this.session !== session || session.generation !== this.generation) return;
    this.session = null;
    const mimeType = session.recorder.mimeType || session.chunks[0]?.type || "audio/webm";
    const blob = new Blob(session.chunks, { type: mimeType });
    if (blob.size === 0) {
      this.state.set({ phase: "idle", problem: "Nothing was recorded. Check your microphone and try again." });
      return;
    }
    const clip: VoiceClip = {
      blob,
      mimeType,
      fileName: voiceFileName(mimeType),
      durationMs: (session.stoppedAt ?? this.devices.now()) - session.startedAt,
      waveform: reducePeaks(session.levels),
    };
    const note = session.hitLimit ? `Recording stopped at the limit of ${formatDuration(session.maxMs)}.` : null;
    this.state.set({ phase: "preview", clip, note });
  }

  private halt(session: Session): void {
    if (session.timer !== null) clearInterval(session.timer);
    session.timer = null;
  }

  /** The microphone goes off (and the browser's indicator with it) as soon as nothing records. */
  private release(session: Session): void {
    this.halt(session);
    stopTracks(session.stream);
    session.meter?.close();
    session.meter = null;
  }
}

interface Session {
  generation: number;
  stream: MediaStream;
  recorder: RecorderLike;
  meter: LevelMeter | null;
  chunks: Blob[];
  levels: number[];
  startedAt: number;
  stoppedAt: number | null;
  maxMs: number;
  hitLimit: boolean;
  timer: ReturnType<typeof setInterval> | null;
}

/** The browser's microphone, MediaRecorder and Web Audio meter. */
export function browserVoiceDevices(maxVoiceSeconds: () => Promise<number>): VoiceDevices {
  return {
    async openMicrophone() {
      // Only secure contexts (HTTPS, localhost) have mediaDevices; older browsers lack MediaRecorder.
      if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === "undefined") {
        throw new DOMException("Recording is not available here.", "UnsupportedError");
      }
      return navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
    },
    createRecorder(stream) {
      const mimeType = chooseVoiceMimeType((type) => MediaRecorder.isTypeSupported(type));
      const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
      const like: RecorderLike = {
        get mimeType() {
          return recorder.mimeType;
        },
        ondataavailable: null,
        onstop: null,
        start: () => recorder.start(),
        stop: () => recorder.stop(),
      };
      recorder.ondataavailable = (event) => like.ondataavailable?.(event);
      // Also when the microphone goes away mid-recording (unplugged): what was recorded is kept for the preview.
      recorder.onstop = () => like.onstop?.();
      return like;
    },
    createMeter(stream) {
      if (typeof AudioContext === "undefined") return null;
      const context = new AudioContext();
      // Created after a click, but a browser may still start it suspended.
      void context.resume().catch(() => undefined);
      const analyser = context.createAnalyser();
      analyser.fftSize = 2048;
      context.createMediaStreamSource(stream).connect(analyser);
      const samples = new Float32Array(analyser.fftSize);
      return {
        level() {
          analyser.getFloatTimeDomainData(samples);
          let peak = 0;
          for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
          return peak;
        },
        close() {
          void context.close().catch(() => undefined);
        },
      };
    },
    maxVoiceSeconds,
    now: () => performance.now(),
  };
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}
