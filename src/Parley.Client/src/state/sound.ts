// A short two-note chime, synthesised with the Web Audio API (no audio files to ship or fetch).

let context: AudioContext | null = null;

/**
 * Browsers only let a page make sound after the user has interacted with it: the audio context is created (or
 * resumed) on the first click or key press, so a chime later on can play.
 */
export function unlockSoundOnFirstGesture(): () => void {
  const unlock = () => {
    if (typeof AudioContext === "undefined") return;
    context ??= new AudioContext();
    void context.resume().catch(() => undefined);
    stop();
  };
  const stop = () => {
    window.removeEventListener("pointerdown", unlock);
    window.removeEventListener("keydown", unlock);
  };
  window.addEventListener("pointerdown", unlock);
  window.addEventListener("keydown", unlock);
  return stop;
}

export function playChime(): void {
  if (!context || context.state !== "running") return;
  const start = context.currentTime;
  [880, 1318.5].forEach((frequency, index) => {
    const at = start + index * 0.12;
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    // A quick rise and an exponential fade, so the note neither clicks on nor lingers.
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.12, at + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    oscillator.connect(gain).connect(context!.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.4);
  });
}
