import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ExportReport } from "./ExportReport";

describe("ExportReport", () => {
  it("exports in the chosen format and shows where the file went", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "report_export") {
        calls.push(args);
        return { path: "/data/exports/onsite-s1.pdf", bytes: 1234 };
      }
    });
    render(<ExportReport sessionId="s1" />);

    await userEvent.selectOptions(screen.getByLabelText("Report"), "pdf");
    await userEvent.click(screen.getByRole("button", { name: "Export" }));

    expect(await screen.findByTestId("report-path")).toHaveTextContent("/data/exports/onsite-s1.pdf");
    expect(calls).toEqual([{ sessionId: "s1", format: "pdf" }]);
  });

  it("says what went wrong when the export fails", async () => {
    mockIPC((cmd) => {
      if (cmd === "report_export") {
        throw { code: "report_unknown_session", message: "no session s1; pick one from History" };
      }
    });
    render(<ExportReport sessionId="s1" />);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("no session s1");
    expect(alert).toHaveAttribute("data-code", "report_unknown_session");
  });
});
