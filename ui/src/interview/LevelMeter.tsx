/** dBFS shown as an empty meter; quieter than this is silence for the eye. */
const FLOOR_DB = -60;

/** The microphone level of the take being recorded, from the coordinator's level events. */
export function LevelMeter({ rmsDb, peakDb }: { rmsDb: number | null; peakDb: number | null }) {
  const pct = (db: number | null) =>
    db === null ? 0 : Math.round((Math.min(0, Math.max(FLOOR_DB, db)) / -FLOOR_DB + 1) * 100);
  const level = pct(rmsDb);
  return (
    <div className="level">
      <span className="level-label" id="mic-level-label">
        Microphone
      </span>
      <div
        className="level-meter"
        role="meter"
        aria-labelledby="mic-level-label"
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={rmsDb === null ? FLOOR_DB : Math.round(rmsDb)}
        aria-valuetext={rmsDb === null ? "no signal yet" : `${Math.round(rmsDb)} dB`}
      >
        <span className="level-rms" style={{ width: `${level}%` }} />
        <span className="level-peak" style={{ left: `${pct(peakDb)}%` }} />
      </div>
    </div>
  );
}
