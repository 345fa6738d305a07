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
      <line x1="0" y1={height - 0.5} x2={width} y2={height - 0.5} stroke="currentColor" strokeOpacity="0.2" />
      {bins.map((value, index) =>
        value === 0 ? null : (
          <rect
            key={index}
            x={index * barWidth + 0.3}
            y={height - (value / max) * (height - 1)}
            width={Math.max(0.8, barWidth - 0.6)}
            height={(value / max) * (height - 1)}
            fill="currentColor"
            fillOpacity="0.75"
          />
        ),
      )}
    </svg>
  );
}
