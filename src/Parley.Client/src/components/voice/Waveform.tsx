/** Bars drawn when a voice message came without a waveform: a flat line still shows where the playhead is. */
const FlatBars = 48;
const Height = 28;
const Pitch = 3;
const BarWidth = 2;

/**
 * Peaks (0–100) as bars; those before `played` (0–1) in the accent colour. Decorative: the seek bar around it is
 * what assistive technology reads.
 */
export function Waveform({ peaks, played = 0, className = "voice-waveform" }: { peaks: readonly number[] | null; played?: number; className?: string }) {
  const bars = peaks && peaks.length > 0 ? peaks : Array<number>(FlatBars).fill(0);
  const width = bars.length * Pitch;
  return (
    <svg className={className} viewBox={`0 0 ${width} ${Height}`} preserveAspectRatio="none" aria-hidden="true" focusable="false" data-bars={bars.length}>
      {bars.map((peak, index) => {
        const height = Math.max(2, (Math.min(100, Math.max(0, peak)) / 100) * Height);
        return (
          <rect
            key={index}
            className={(index + 0.5) / bars.length <= played ? "voice-bar voice-bar-played" : "voice-bar"}
            x={index * Pitch}
            y={(Height - height) / 2}
            width={BarWidth}
            height={height}
            rx={1}
          />
        );
      })}
    </svg>
  );
}
