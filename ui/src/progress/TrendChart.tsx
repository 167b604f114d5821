import { shortDate } from "../lib/dates";
import { score } from "../lib/format";

/** A session's score for the competency. */
export interface ChartPoint {
  session_id: string;
  started_at_ms: number;
  score: number;
}

export interface TrendChartProps {
  title: string;
  points: ChartPoint[];
}

const W = 320;
const H = 140;
const PAD = { left: 28, right: 10, top: 10, bottom: 24 };

/**
 * One competency's scores over sessions, as an SVG line (drawn here: no chart library is
 * needed for six small lines, the SVG needs no inline styles under the app's CSP, and it
 * renders in component tests). The same numbers are in a table for screen readers.
 */
export function TrendChart({ title, points }: TrendChartProps) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left + (points.length <= 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => PAD.top + ((5 - Math.min(5, Math.max(1, v))) / 4) * plotH;
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  const change = first && last && points.length > 1 ? last.score - first.score : null;
  const id = `trend-${title.replace(/\W+/g, "-").toLowerCase()}`;

  return (
    <figure className="trend card" aria-labelledby={`${id}-title`}>
      <figcaption className="trend-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {last && (
          <p className="trend-latest">
            <span className="trend-value">{score(last.score)}</span>
            {change !== null && (
              <span className={change >= 0 ? "trend-up" : "trend-down"}>
                {change >= 0 ? "▲" : "▼"} {score(Math.abs(change))}
              </span>
            )}
          </p>
        )}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="trend-svg"
        role="img"
        aria-label={`${title}: ${points.map((p) => score(p.score)).join(", ")} over ${points.length} sessions`}
        data-testid="trend-chart"
      >
        {[1, 2, 3, 4, 5].map((v) => (
          <g key={v}>
            <line className="grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text className="axis" x={PAD.left - 8} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        {points.length > 1 && <path className="trend-line" d={path} />}
        {points.map((p, i) => (
          <circle key={`${p.session_id}-${i}`} className="trend-point" cx={x(i)} cy={y(p.score)} r={4}>
            <title>{`${shortDate(p.started_at_ms)}: ${score(p.score)}`}</title>
          </circle>
        ))}
        {first && (
          <text className="axis" x={x(0)} y={H - 6} textAnchor={points.length > 1 ? "start" : "middle"}>
            {shortDate(first.started_at_ms)}
          </text>
        )}
        {last && points.length > 1 && (
          <text className="axis" x={x(points.length - 1)} y={H - 6} textAnchor="end">
            {shortDate(last.started_at_ms)}
          </text>
        )}
      </svg>
      <table className="visually-hidden">
        <caption>{title} by session</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={`${p.session_id}-${i}`}>
              <td>{shortDate(p.started_at_ms)}</td>
              <td>{score(p.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
