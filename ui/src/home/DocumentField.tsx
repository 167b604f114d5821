import { useId, useState } from "react";
import { settle } from "../lib/ipc";
import { live } from "../lib/live";

/** The shell refuses larger documents; saying so here spares a long upload over IPC. */
const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = ".txt,.md,.pdf,.docx,text/plain,text/markdown,application/pdf";

export interface DocumentFieldProps {
  label: string;
  hint: string;
  value: string;
  onChange: (text: string) => void;
}

/**
 * A résumé or job description: pasted text, or a file read here in the window and turned into
 * text by the shell's document parser (`document_text`), which the user can then edit.
 */
export function DocumentField({ label, hint, value, onChange }: DocumentFieldProps) {
  const id = useId();
  const [reading, setReading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is larger than 10 MB; paste the text instead.`);
      return;
    }
    setReading(file.name);
    const bytes = Array.from(new Uint8Array(await file.arrayBuffer()));
    const result = await settle(live.documentText(file.name, bytes));
    setReading(null);
    if (result.status === "ok") onChange(result.data);
    else setError(result.error.message);
  };

  return (
    <div className="field document-field">
      <div className="field-head">
        <label htmlFor={`${id}-text`}>{label}</label>
        <label className="file-button secondary small">
          Choose file…
          <input
            type="file"
            accept={ACCEPT}
            className="visually-hidden"
            aria-label={`${label}: read from a file`}
            onChange={(e) => {
              void onFile(e.currentTarget.files?.[0]);
              e.currentTarget.value = "";
            }}
          />
        </label>
        {value && (
          <button type="button" className="link small" onClick={() => onChange("")}>
            Clear
          </button>
        )}
      </div>
      <textarea
        id={`${id}-text`}
        rows={3}
        value={value}
        placeholder={hint}
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {reading && (
        <p role="status" className="hint">
          <span className="spinner" aria-hidden="true" /> Reading {reading}…
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="error hint">
          {error}
        </p>
      )}
    </div>
  );
}
