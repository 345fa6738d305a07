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
  const height = 16;
  // One path of bars on a grid of 3 units a bin (2 drawn, 1 gap), each bar a relative move
  // from the last: about 16 bytes a bar, where a <rect> element cost over 100 (and the page
  // carries the drawing twice, in its HTML and in its React payload).
  let bars = "";
  let last = 0;
  bins.forEach((value, index) => {
    if (value === 0) return;
    const barHeight = Math.round((value / max) * (height - 1) * 10) / 10;
    bars += `m${(index - last) * 3} 0v-${barHeight}h2v${barHeight}z`;
    last = index;
  });
  const gridWidth = Math.max(1, bins.length * 3);
  return (
    <svg
      role="img"
      width={84}
      height={height}
      viewBox={`0 0 ${gridWidth} ${height}`}
      preserveAspectRatio="none"
      className="sparkline"
      data-testid="sparkline"
    >
      <title>{label}</title>
      <path
        d={`M0 ${height - 0.5}H${gridWidth}`}
        stroke="currentColor"
        strokeOpacity="0.2"
        vectorEffect="non-scaling-stroke"
      />
      {bars && <path d={`M0 ${height}${bars}`} fill="currentColor" fillOpacity="0.75" />}
    </svg>
  );
}
