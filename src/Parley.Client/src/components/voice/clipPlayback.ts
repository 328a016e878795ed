/** What the voice player drives: an <audio> element, or a recording not yet sent. */
export interface Playable extends EventTarget {
  readonly paused: boolean;
  readonly duration: number;
  currentTime: number;
  playbackRate: number;
  play(): Promise<void>;
  pause(): void;
}

/**
 * Plays a recording from memory with Web Audio. The page's Content-Security-Policy lets media load only from the
 * server itself, so an <audio> element cannot play a blob: URL of the preview; decoded audio needs no URL at all.
 * Raises the same events as an <audio> element: play, pause, ended, timeupdate, durationchange, error.
 */
export class ClipPlayback extends EventTarget implements Playable {
  paused = true;
  /** The preview plays at 1×: Web Audio would change the pitch with the speed. */
  playbackRate = 1;
  private context: AudioContext | null = null;
  private decoding: Promise<AudioBuffer> | null = null;
  private buffer: AudioBuffer | null = null;
  private source: AudioBufferSourceNode | null = null;
  private starting: Promise<void> | null = null;
  /** Where in the clip playback stands (paused) or started from (playing), in seconds. */
  private offset = 0;
  private startedAt = 0;

  constructor(private readonly blob: Blob) {
    super();
  }

  get duration(): number {
    return this.buffer?.duration ?? Number.NaN;
  }

  get currentTime(): number {
    if (this.paused || !this.context || !this.buffer) return this.offset;
    return Math.min(this.buffer.duration, this.offset + (this.context.currentTime - this.startedAt));
  }

  set currentTime(seconds: number) {
    const playing = !this.paused && this.source !== null;
    if (playing) this.offset = this.currentTime;
    this.stopSource();
    this.offset = Math.max(0, Math.min(seconds, this.buffer?.duration ?? seconds));
    if (playing) this.startSource();
    this.dispatchEvent(new Event("timeupdate"));
  }

  play(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    this.starting ??= this.begin().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  pause(): void {
    if (this.paused) return;
    this.offset = this.currentTime;
    this.stopSource();
    this.paused = true;
    this.dispatchEvent(new Event("pause"));
  }

  close(): void {
    this.stopSource();
    this.paused = true;
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private async begin(): Promise<void> {
    const context = (this.context ??= new AudioContext());
    this.decoding ??= this.blob.arrayBuffer().then((data) => context.decodeAudioData(data));
    try {
      await context.resume();
      const first = this.buffer === null;
      this.buffer = await this.decoding;
      if (first) this.dispatchEvent(new Event("durationchange"));
    } catch (error) {
      this.dispatchEvent(new Event("error"));
      throw error;
    }
    if (this.context !== context) return;
    if (this.offset >= this.buffer.duration) this.offset = 0;
    this.paused = false;
    this.startSource();
    this.dispatchEvent(new Event("play"));
  }

  private startSource(): void {
    if (!this.context || !this.buffer) return;
    const source = this.context.createBufferSource();
    source.buffer = this.buffer;
    source.connect(this.context.destination);
    source.onended = () => {
      // A source stopped for a pause or a seek is not the end of the clip.
      if (this.source !== source) return;
      this.source = null;
      this.offset = 0;
      this.paused = true;
      this.dispatchEvent(new Event("pause"));
      this.dispatchEvent(new Event("ended"));
    };
    this.startedAt = this.context.currentTime;
    source.start(0, this.offset);
    this.source = source;
  }

  private stopSource(): void {
    const source = this.source;
    this.source = null;
    if (!source) return;
    source.stop();
    source.disconnect();
  }
}
