import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./problem";
import {
  chooseVoiceMimeType,
  DefaultMaxVoiceSeconds,
  formatDuration,
  LimitMarginMs,
  microphoneProblem,
  reducePeaks,
  SampleIntervalMs,
  voiceFileName,
  VoiceRecorderMachine,
  type DeliverClip,
  type RecorderLike,
  type VoiceDevices,
  type VoiceState,
} from "./voiceRecording";

describe("reducePeaks", () => {
  it("reduces a long recording to 100 bars of 0–100, each the loudest of its stretch", () => {
    const levels: number[] = Array.from({ length: 3000 }, (_, i) => (i % 30 === 7 ? 0.5 : 0.05));
    levels[1234] = 0.8;
    const peaks = reducePeaks(levels);
    expect(peaks).toHaveLength(100);
    expect(peaks.every((p) => Number.isInteger(p) && p >= 0 && p <= 100)).toBe(true);
    // 3000 readings in 100 bars of 30: every bar holds one 0.5 reading; bar 41 (1230–1259) holds the 0.8 one.
    expect(peaks[41]).toBe(100);
    expect(peaks.filter((p) => p === 63)).toHaveLength(99);
  });

  it("keeps one bar per reading when there are fewer than 100", () => {
    expect(reducePeaks([0.1, 0.2, 0.4])).toEqual([25, 50, 100]);
  });

  it("draws silence flat and ignores readings that are not numbers or out of range", () => {
    expect(reducePeaks([0, 0, 0])).toEqual([0, 0, 0]);
    expect(reducePeaks([Number.NaN, 2, -0.5])).toEqual([0, 100, 50]);
    expect(reducePeaks([])).toEqual([]);
  });

  it("never gives more bars than asked for, however the readings divide", () => {
    for (const n of [99, 100, 101, 150, 199, 7777]) {
      const peaks = reducePeaks(Array.from({ length: n }, (_, i) => (i + 1) / n));
      expect(peaks).toHaveLength(Math.min(n, 100));
      expect(peaks.at(-1)).toBe(100);
    }
  });
});

describe("chooseVoiceMimeType", () => {
  it("prefers Opus in WebM, then Opus in Ogg, then MP4 (Safari)", () => {
    expect(chooseVoiceMimeType(() => true)).toBe("audio/webm;codecs=opus");
    expect(chooseVoiceMimeType((t) => t.startsWith("audio/ogg") || t === "audio/mp4")).toBe("audio/ogg;codecs=opus");
    expect(chooseVoiceMimeType((t) => t === "audio/mp4")).toBe("audio/mp4");
  });

  it("leaves the choice to the browser when it records none of them", () => {
    expect(chooseVoiceMimeType(() => false)).toBeNull();
  });

  it("names the upload after what was recorded", () => {
    expect(voiceFileName("audio/webm;codecs=opus")).toBe("voice message.webm");
    expect(voiceFileName("audio/ogg;codecs=opus")).toBe("voice message.ogg");
    expect(voiceFileName("audio/mp4;codecs=mp4a.40.2")).toBe("voice message.m4a");
  });
});

describe("formatDuration", () => {
  it("shows minutes and seconds, rounded down", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(1999)).toBe("0:01");
    expect(formatDuration(2000)).toBe("0:02");
    expect(formatDuration(65_000)).toBe("1:05");
    expect(formatDuration(300_000)).toBe("5:00");
  });

  it("adds hours for long audio and treats unknown lengths as zero", () => {
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0:00");
    expect(formatDuration(Number.NaN)).toBe("0:00");
    expect(formatDuration(-5)).toBe("0:00");
  });
});

describe("microphoneProblem", () => {
  it("says what to do when the microphone is refused or missing", () => {
    expect(microphoneProblem(new DOMException("denied", "NotAllowedError"))).toMatch(/Allow it in your browser/);
    expect(microphoneProblem(new DOMException("none", "NotFoundError"))).toMatch(/No microphone was found/);
    expect(microphoneProblem(new DOMException("busy", "NotReadableError"))).toMatch(/Another app/);
    expect(microphoneProblem(new DOMException("insecure", "UnsupportedError"))).toMatch(/secure \(HTTPS\)/);
  });
});

class FakeRecorder implements RecorderLike {
  mimeType = "audio/webm;codecs=opus";
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  recording = false;
  start() {
    this.recording = true;
  }
  stop() {
    if (!this.recording) throw new Error("InvalidStateError: not recording");
    this.recording = false;
    // MediaRecorder hands over its data, then says it stopped, each in a task of its own.
    queueMicrotask(() => {
      this.ondataavailable?.({ data: new Blob(["opus frames"], { type: this.mimeType }) });
      this.onstop?.();
    });
  }
}

function setup(options: { maxSeconds?: number | Error; microphone?: Error; deliver?: DeliverClip } = {}) {
  let clock = 1000;
  const track = { stopped: false, stop() { this.stopped = true; } };
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  const recorder = new FakeRecorder();
  let meterClosed = false;
  let loudness = 0.2;
  const devices: VoiceDevices = {
    openMicrophone: () => (options.microphone ? Promise.reject(options.microphone) : Promise.resolve(stream)),
    createRecorder: () => recorder,
    createMeter: () => ({ level: () => loudness, close: () => (meterClosed = true) }),
    maxVoiceSeconds: () => (options.maxSeconds instanceof Error ? Promise.reject(options.maxSeconds) : Promise.resolve(options.maxSeconds ?? 300)),
    now: () => clock,
  };
  const deliver = vi.fn<DeliverClip>(options.deliver ?? (async () => undefined));
  const machine = new VoiceRecorderMachine(devices, deliver);
  const phases: VoiceState["phase"][] = [];
  machine.state.subscribe(() => {
    const phase = machine.state.get().phase;
    if (phases.at(-1) !== phase) phases.push(phase);
  });
  return {
    machine,
    deliver,
    recorder,
    track,
    phases,
    get meterClosed() {
      return meterClosed;
    },
    setLoudness(value: number) {
      loudness = value;
    },
    /** Moves the clock and the sampling timer on together. */
    advance(ms: number) {
      for (let t = 0; t < ms; t += SampleIntervalMs) {
        clock += SampleIntervalMs;
        vi.advanceTimersByTime(SampleIntervalMs);
      }
    },
    state: () => machine.state.get(),
  };
}

/** Lets the fake recorder's data and stop events run. */
const settle = () => new Promise<void>((resolve) => queueMicrotask(() => queueMicrotask(resolve)));

describe("VoiceRecorderMachine", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("records, previews and sends: idle → starting → recording → stopping → preview → sending → idle", async () => {
    const t = setup();
    await t.machine.start();
    expect(t.state()).toMatchObject({ phase: "recording", elapsedMs: 0, maxMs: 300_000 });
    t.advance(1000);
    t.setLoudness(0.8);
    t.advance(1000);
    expect(t.state()).toMatchObject({ phase: "recording", elapsedMs: 2000 });
    t.machine.stop();
    await settle();

    const preview = t.state();
    expect(preview.phase).toBe("preview");
    if (preview.phase !== "preview") return;
    expect(preview.note).toBeNull();
    expect(preview.clip).toMatchObject({ durationMs: 2000, fileName: "voice message.webm", mimeType: "audio/webm;codecs=opus" });
    expect(preview.clip.blob.size).toBeGreaterThan(0);
    // One reading per sample: the first second's at 0.2, the second's at 0.8, the loudest scaled to 100.
    const perSecond = 1000 / SampleIntervalMs;
    expect(preview.clip.waveform).toEqual([...Array(perSecond).fill(25), ...Array(perSecond).fill(100)]);
    // The microphone is released when the recording ends, before anything is sent.
    expect(t.track.stopped).toBe(true);
    expect(t.meterClosed).toBe(true);

    await t.machine.send();
    expect(t.deliver).toHaveBeenCalledWith(preview.clip, expect.any(Function), expect.any(AbortSignal));
    expect(t.state()).toEqual({ phase: "idle", problem: null });
    expect(t.phases).toEqual(["starting", "recording", "stopping", "preview", "sending", "idle"]);
  });

  it("stops by itself at the server's maximum and says so in the preview", async () => {
    const t = setup({ maxSeconds: 3 });
    await t.machine.start();
    // It stops just short of the limit: the server refuses a file that runs even a frame over.
    t.advance(3000 - LimitMarginMs - SampleIntervalMs);
    expect(t.state().phase).toBe("recording");
    t.advance(SampleIntervalMs);
    expect(t.state().phase).toBe("stopping");
    expect(t.track.stopped).toBe(false);
    await settle();
    const preview = t.state();
    expect(preview).toMatchObject({ phase: "preview", note: "Recording stopped at the limit of 0:03." });
    if (preview.phase === "preview") expect(preview.clip.durationMs).toBe(3000 - LimitMarginMs);
    expect(t.track.stopped).toBe(true);
  });

  it("uses the default maximum when the server cannot be asked", async () => {
    const t = setup({ maxSeconds: new Error("offline") });
    await t.machine.start();
    expect(t.state()).toMatchObject({ phase: "recording", maxMs: DefaultMaxVoiceSeconds * 1000 });
  });

  it("cancelling a recording throws it away and releases the microphone", async () => {
    const t = setup();
    await t.machine.start();
    t.advance(500);
    t.machine.cancel();
    await settle();
    expect(t.state()).toEqual({ phase: "idle", problem: null });
    expect(t.track.stopped).toBe(true);
    expect(t.meterClosed).toBe(true);
    expect(t.deliver).not.toHaveBeenCalled();
  });

  it("discarding a preview sends nothing", async () => {
    const t = setup();
    await t.machine.start();
    t.advance(1000);
    t.machine.stop();
    await settle();
    t.machine.cancel();
    expect(t.state()).toEqual({ phase: "idle", problem: null });
    expect(t.deliver).not.toHaveBeenCalled();
  });

  it("a microphone refused ends in idle with the reason to show", async () => {
    const t = setup({ microphone: new DOMException("Permission denied", "NotAllowedError") });
    await t.machine.start();
    const state = t.state();
    expect(state.phase).toBe("idle");
    if (state.phase === "idle") expect(state.problem).toMatch(/may not use your microphone/);
  });

  it("keeps the recording when sending fails, and sends it again on retry", async () => {
    let attempts = 0;
    const t = setup({
      deliver: async (_clip, onProgress) => {
        onProgress(0.5);
        if (++attempts === 1) throw new ApiError(413, "file_too_large", "The file is larger than 25 MB.");
      },
    });
    await t.machine.start();
    t.advance(1000);
    t.machine.stop();
    await settle();
    await t.machine.send();
    const failed = t.state();
    expect(failed).toMatchObject({ phase: "failed", error: "The file is larger than 25 MB." });

    await t.machine.send();
    expect(t.state()).toEqual({ phase: "idle", problem: null });
    expect(t.deliver).toHaveBeenCalledTimes(2);
    expect(t.deliver.mock.calls[1]![0]).toBe(failed.phase === "failed" ? failed.clip : null);
  });

  it("cancelling an upload goes back to the preview with the recording kept", async () => {
    const t = setup({
      deliver: (_clip, onProgress, signal) =>
        new Promise((_, reject) => {
          onProgress(0.25);
          signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        }),
    });
    await t.machine.start();
    t.advance(1000);
    t.machine.stop();
    await settle();
    const sending = t.machine.send();
    expect(t.state()).toMatchObject({ phase: "sending", progress: 0.25 });
    t.machine.cancel();
    await sending;
    expect(t.state()).toMatchObject({ phase: "preview", note: null });
  });

  it("a microphone granted after cancelling is released at once", async () => {
    const t = setup();
    const starting = t.machine.start();
    expect(t.state().phase).toBe("starting");
    t.machine.cancel();
    await starting;
    expect(t.state()).toEqual({ phase: "idle", problem: null });
    expect(t.track.stopped).toBe(true);
    expect(t.recorder.recording).toBe(false);
  });
});
