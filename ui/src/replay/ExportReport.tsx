import { useState } from "react";
import { commands, type ReportFormat } from "../bindings";
import { settle, type Settled } from "../lib/ipc";
import type { ExportedReport } from "../bindings";

const FORMATS: { value: ReportFormat; label: string }[] = [
  { value: "html", label: "HTML (one file)" },
  { value: "pdf", label: "PDF" },
  { value: "md", label: "Markdown" },
];

/**
 * Exports the session's report (the same one `onsite report` writes) into the data folder's
 * exports folder and says where it went; nothing is uploaded or opened elsewhere.
 */
export function ExportReport({ sessionId }: { sessionId: string }) {
  const [format, setFormat] = useState<ReportFormat>("html");
  const [state, setState] = useState<"idle" | "busy" | Settled<ExportedReport>>("idle");

  async function run() {
    setState("busy");
    setState(await settle(commands.reportExport(sessionId, format)));
  }

  return (
    <div className="export-report">
      <label htmlFor="export-format">Report</label>{" "}
      <select
        id="export-format"
        value={format}
        onChange={(e) => setFormat(e.target.value as ReportFormat)}
        disabled={state === "busy"}
      >
        {FORMATS.map((f) => (
          <option key={f.value} value={f.value}>
            {f.label}
          </option>
        ))}
      </select>{" "}
      <button type="button" onClick={run} disabled={state === "busy"}>
        {state === "busy" ? "Exporting…" : "Export"}
      </button>
      {typeof state === "object" && state.status === "ok" && (
        <p role="status" className="muted">
          Saved to <code data-testid="report-path">{state.data.path}</code>
        </p>
      )}
      {typeof state === "object" && state.status === "error" && (
        <p role="alert" className="error" data-code={state.error.code}>
          {state.error.message}
        </p>
      )}
    </div>
  );
}
