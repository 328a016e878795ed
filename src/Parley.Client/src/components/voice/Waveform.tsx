/** Bars drawn when a voice message came without a waveform: a flat line still shows where the playhead is. */
const FlatBars = 48;
/** The share of each bar's slot that is bar (the rest is the gap), and the shortest bar, in percent. */
const BarShare = 0.6;
const MinHeight = 8;

/**
 * Peaks (0–100) as bars spread over the whole width, whatever their number; those before `played` (0–1) in the
 * accent colour. Decorative: the seek bar around it is what assistive technology reads.
 */
export function Waveform({ peaks, played = 0, className = "voice-waveform" }: { peaks: readonly number[] | null; played?: number; className?: string }) {
  const bars = peaks && peaks.length > 0 ? peaks : Array<number>(FlatBars).fill(0);
  const slot = 100 / bars.length;
  return (
    <svg className={className} aria-hidden="true" focusable="false" data-bars={bars.length}>
      {bars.map((peak, index) => {
        const height = Math.max(MinHeight, Math.min(100, Math.max(0, peak)));
        return (
          <rect
            key={index}
            className={(index + 0.5) / bars.length <= played ? "voice-bar voice-bar-played" : "voice-bar"}
            x={`${index * slot + (slot * (1 - BarShare)) / 2}%`}
            y={`${(100 - height) / 2}%`}
            width={`${slot * BarShare}%`}
            height={`${height}%`}
            rx={1}
          />
        );
      })}
    </svg>
  );
}
