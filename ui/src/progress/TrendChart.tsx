import { shortDate } from "../lib/dates";
import { score } from "../lib/format";

/** A session's score for the competency. */
export interface ChartPoint {
  session_id: string;
  started_at_ms: number;
  score: number;
}

/** Where the rubric version changed: `at_session_id` is the first point scored by `to`. */
export interface ChartRubricChange {
  at_session_id: string;
  from: string;
  to: string;
}

export interface TrendChartProps {
  title: string;
  points: ChartPoint[];
  /** Drawn as a dashed line between the two points, so a step there is not read as progress. */
  rubricChanges?: ChartRubricChange[];
}

/**
 * "rubric changed: 0.9.0 → 1.0.0": the versions alone when one pack changed version (labels
 * are `name@version`), the whole labels when the pack itself changed.
 */
export function rubricChangeLabel(from: string, to: string): string {
  const name = (label: string) => label.split("@")[0];
  const version = (label: string) => label.slice(label.indexOf("@") + 1);
  const same = from.includes("@") && to.includes("@") && name(from) === name(to);
  return `rubric changed: ${same ? version(from) : from} → ${same ? version(to) : to}`;
}

const W = 320;
const H = 140;
const PAD = { left: 28, right: 10, top: 10, bottom: 24 };

/**
 * One competency's scores over sessions, as an SVG line (drawn here: no chart library is
 * needed for six small lines, the SVG needs no inline styles under the app's CSP, and it
 * renders in component tests). The same numbers are in a table for screen readers.
 */
export function TrendChart({ title, points, rubricChanges = [] }: TrendChartProps) {
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
  // Each change sits halfway between the last point of the old version and the first of the new.
  const changes = rubricChanges.flatMap((c) => {
    const i = points.findIndex((p) => p.session_id === c.at_session_id);
    return i > 0 ? [{ ...c, x: (x(i - 1) + x(i)) / 2, at: points[i]!, label: rubricChangeLabel(c.from, c.to) }] : [];
  });

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
        {changes.map((c) => (
          <g key={`${c.at_session_id}-${c.to}`} className="rubric-change" data-testid="rubric-change">
            <line x1={c.x} x2={c.x} y1={PAD.top} y2={H - PAD.bottom} />
            <text x={c.x} y={PAD.top - 2} textAnchor="middle">
              ◆
            </text>
            <title>{`${c.label} on ${shortDate(c.at.started_at_ms)}`}</title>
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
      {changes.map((c) => (
        <p key={`${c.at_session_id}-${c.to}`} className="trend-note">
          ◆ {c.label} on {shortDate(c.at.started_at_ms)}: a step there may be the rubric's, not yours.
        </p>
      ))}
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
