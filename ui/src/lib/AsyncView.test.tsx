import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { AsyncView } from "./AsyncView";

const show = (n: number) => <p>{n} sessions</p>;

describe("AsyncView", () => {
  it("says what it waits for, then shows the content", () => {
    const { rerender } = render(
      <AsyncView state={{ status: "loading" }} loading="Loading your sessions…">
        {show}
      </AsyncView>,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Loading your sessions…");
    rerender(
      <AsyncView state={{ status: "ok", data: 3 }} loading="Loading your sessions…">
        {show}
      </AsyncView>,
    );
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
    expect(screen.getByText("3 sessions")).toBeInTheDocument();
  });

  it("shows the shell's error with its code after what failed, and offers to try again", async () => {
    const retry = vi.fn();
    render(
      <AsyncView
        state={{ status: "error", error: { code: "store_corrupt", message: "Run onsite sessions repair." } }}
        loading="Loading your sessions…"
        failed="Your sessions could not be listed"
        onRetry={retry}
      >
        {show}
      </AsyncView>,
    );
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Your sessions could not be listed: Run onsite sessions repair.");
    expect(alert).toHaveAttribute("data-code", "store_corrupt");
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("shows nothing while loading when there is nothing to say, and no retry unless offered", () => {
    const { container, rerender } = render(<AsyncView state={{ status: "loading" }}>{show}</AsyncView>);
    expect(container).toBeEmptyDOMElement();
    rerender(<AsyncView state={{ status: "error", error: { code: "ipc_failed", message: "denied" } }}>{show}</AsyncView>);
    expect(screen.getByRole("alert")).toHaveTextContent(/^denied$/);
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });
});
