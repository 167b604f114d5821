import { score, scorePercent } from "../lib/format";

/** A 1–5 score as a meter named by `labelledBy`; a missing score reads "not scored". */
export function ScoreBar({ value, labelledBy }: { value: number | null; labelledBy: string }) {
  return (
    <div
      className="bar"
      role="meter"
      aria-labelledby={labelledBy}
      aria-valuemin={1}
      aria-valuemax={5}
      aria-valuenow={value === null ? undefined : Number(value.toFixed(1))}
      aria-valuetext={value === null ? "not scored" : `${score(value)} out of 5`}
    >
      <span style={{ width: `${scorePercent(value)}%` }} />
    </div>
  );
}
