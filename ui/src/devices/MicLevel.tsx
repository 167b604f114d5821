import { useEffect, useRef, useState } from "react";
import { events, type CommandError } from "../bindings";
import "./devices.css";

/** Quieter than this (dBFS) shows as an empty meter. */
export const FLOOR_DB = -60;
/** What the shell reports for digital silence (dBFS). */
export const SILENCE_DB = -100;
/** The peak marker falls back this fast (dB per second), like a studio meter's peak hold. */
const HOLD_FALL_DB_PER_S = 15;

export interface Level {
  rmsDb: number;
  peakDb: number;
  /** The loudest recent peak, falling back slowly, so short sounds stay visible. */
  holdDb: number;
}

/** 0-100 % of the meter for a dBFS value. */
export function meterPercent(db: number | null): number {
  if (db === null || Number.isNaN(db)) return 0;
  return Math.round((Math.min(0, Math.max(FLOOR_DB, db)) / -FLOOR_DB + 1) * 100);
}

/** Advances the peak hold by one reading `dtMs` after the previous one. */
export function nextLevel(prev: Level | null, rmsDb: number, peakDb: number, dtMs: number): Level {
  const fallen = prev ? prev.holdDb - (HOLD_FALL_DB_PER_S * dtMs) / 1000 : FLOOR_DB;
  return { rmsDb, peakDb, holdDb: Math.max(peakDb, fallen, FLOOR_DB) };
}

/**
 * The microphone level from the shell's `MicLevel` events (the device check's monitor and the
 * microphone test), with a peak hold. `error` is set when the microphone stopped.
 */
export function useMicLevelEvents(): { level: Level | null; error: CommandError | null } {
  const [level, setLevel] = useState<Level | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const last = useRef<{ at: number; level: Level | null }>({ at: 0, level: null });
  useEffect(() => {
    let live = true;
    let unlisten: (() => void) | null = null;
    void events.micLevel
      .listen((event) => {
        if (!live) return;
        const { rms_db, peak_db, error: failed } = event.payload;
        if (failed) {
          setError(failed);
          return;
        }
        const now = performance.now();
        const dt = last.current.at ? now - last.current.at : 0;
        // NaN crosses IPC as null: treat it as silence.
        const next = nextLevel(last.current.level, rms_db ?? SILENCE_DB, peak_db ?? SILENCE_DB, dt);
        last.current = { at: now, level: next };
        setError(null);
        setLevel(next);
      })
      .then((stop) => {
        if (live) unlisten = stop;
        else stop();
      });
    return () => {
      live = false;
      unlisten?.();
    };
  }, []);
  return { level, error };
}

export interface MicLevelProps {
  level: Level | null;
  /** Visible label, also the meter's accessible name. */
  label?: string;
  id?: string;
}

/**
 * An accessible microphone meter (role `meter`, value in dBFS): the bar is the RMS level, the
 * marker the held peak. Feed it from `useMicLevelEvents` or a live session's level updates.
 */
export function MicLevel({ level, label = "Microphone level", id = "mic-level" }: MicLevelProps) {
  const rms = level?.rmsDb ?? null;
  const hold = level?.holdDb ?? null;
  const text =
    rms === null
      ? "no sound yet"
      : rms <= FLOOR_DB
        ? "silent"
        : `${Math.round(rms)} dB, peak ${Math.round(hold ?? rms)} dB`;
  return (
    <div className="mic-level">
      <span className="mic-level-label" id={`${id}-label`}>
        {label}
      </span>
      <div
        className="mic-level-meter"
        role="meter"
        aria-labelledby={`${id}-label`}
        aria-valuemin={FLOOR_DB}
        aria-valuemax={0}
        aria-valuenow={Math.round(Math.max(FLOOR_DB, rms ?? FLOOR_DB))}
        aria-valuetext={text}
        data-peak-db={hold === null ? undefined : Math.round(hold)}
      >
        <span className="mic-level-rms" style={{ width: `${meterPercent(rms)}%` }} />
        <span className="mic-level-hold" style={{ left: `${meterPercent(hold)}%` }} />
      </div>
    </div>
  );
}
