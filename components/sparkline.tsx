/**
 * Hourly votes over the trending window as a tiny server-rendered SVG: no script, no
 * library. Hours are summed into 6-hour bins so that a week reads as 28 bars.
 */
const BIN_HOURS = 6;

export function Sparkline({ hourly, label }: { hourly: number[]; label: string }) {
  const bins: number[] = [];
  for (let i = 0; i < hourly.length; i += BIN_HOURS) {
    bins.push(hourly.slice(i, i + BIN_HOURS).reduce((sum, value) => sum + value, 0));
  }
  const max = Math.max(1, ...bins);
  const width = 84;
  const height = 16;
  const barWidth = width / Math.max(1, bins.length);
  // One path of bars, coordinates to a tenth of a pixel: 28 bars cost ~30 bytes each
  // instead of a <rect> element each (the page carries it twice: HTML and React payload).
  const round = (value: number) => Math.round(value * 10) / 10;
  const bars = bins
    .map((value, index) => {
      if (value === 0) return "";
      const barHeight = round((value / max) * (height - 1));
      return `M${round(index * barWidth + 0.3)} ${height}v-${barHeight}h${round(Math.max(0.8, barWidth - 0.6))}v${barHeight}z`;
    })
    .join("");
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className="inline-block align-middle text-accent dark:text-accent-dark"
      data-testid="sparkline"
    >
      <title>{label}</title>
      <path d={`M0 ${height - 0.5}H${width}`} stroke="currentColor" strokeOpacity="0.2" />
      {bars && <path d={bars} fill="currentColor" fillOpacity="0.75" />}
    </svg>
  );
}
