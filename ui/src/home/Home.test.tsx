import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Home } from "./Home";

// mockIPC replaces only the transport under @tauri-apps/api's invoke: the generated bindings,
// the result mapping and the component run for real.
describe("Home", () => {
  it("shows the home screen and the data folder the shell reports", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "app_info") return { version: "9.8.7", data_dir: "/home/ada/.local/share/onsite" };
      throw new Error(`unexpected command ${cmd}`);
    });

    render(<Home />);

    expect(screen.getByRole("heading", { level: 1, name: "Onsite" })).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Recent sessions" })).toBeInTheDocument();
    expect(screen.getByText(/^None yet\./)).toBeInTheDocument();
    expect(await screen.findByTestId("data-dir")).toHaveTextContent(
      "/home/ada/.local/share/onsite",
    );
    expect(screen.getByText(/Version 9\.8\.7/)).toBeInTheDocument();
    expect(calls).toEqual(["app_info"]);
  });

  it("shows the shell's error message when the data folder is unusable", async () => {
    mockIPC(() => {
      // A command's Err crosses IPC as a rejected { code, message } value.
      throw { code: "data_dir_not_a_directory", message: "/x exists but is not a folder" };
    });

    render(<Home />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("/x exists but is not a folder");
    expect(alert).toHaveAttribute("data-code", "data_dir_not_a_directory");
    expect(screen.queryByTestId("data-dir")).not.toBeInTheDocument();
  });

  it("disables the start button, saying why, until sessions can be started", () => {
    mockIPC(() => ({ version: "0.1.0", data_dir: "/d" }));

    render(<Home />);

    const start = screen.getByRole("button", { name: "Start a practice session" });
    expect(start).toBeDisabled();
    expect(start).toHaveAccessibleDescription(
      "Practice sessions are not available in this build yet.",
    );
  });

  it("starts a session when the button is pressed", async () => {
    mockIPC(() => ({ version: "0.1.0", data_dir: "/d" }));
    const onStart = vi.fn();

    render(<Home onStartSession={onStart} />);
    await userEvent.click(screen.getByRole("button", { name: "Start a practice session" }));

    expect(onStart).toHaveBeenCalledTimes(1);
    expect(screen.queryByText(/not available in this build/)).not.toBeInTheDocument();
  });
});
