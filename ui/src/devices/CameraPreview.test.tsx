import { mockIPC } from "@tauri-apps/api/mocks";
import { render, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { wireFrame } from "../test/deviceFixtures";
import { CameraPreview } from "./CameraPreview";

beforeEach(() => {
  vi.stubGlobal("createImageBitmap", async () => ({ close: () => undefined }));
});

describe("CameraPreview", () => {
  it("draws frames as they come and measures the rate it achieves", async () => {
    let seq = 0;
    mockIPC(async (cmd) => {
      if (cmd !== "preview_frame") throw new Error(`unexpected ${cmd}`);
      await new Promise((r) => setTimeout(r, 25)); // a 40 fps camera
      seq += 1;
      return wireFrame(seq, 320, 180);
    });
    const onFps = vi.fn();
    const { container } = render(<CameraPreview label="Camera" onFps={onFps} showFps />);
    expect(screen.getByRole("status")).toHaveTextContent("Starting the camera…");
    const canvas = await screen.findByRole("img", { name: "Camera: live picture" });
    await waitFor(() => expect(onFps).toHaveBeenCalled(), { timeout: 3000 });
    const fps = onFps.mock.calls.at(-1)?.[0] as number;
    expect(fps).toBeGreaterThan(15);
    expect(fps).toBeLessThan(45);
    expect(Number(container.querySelector("figure")?.getAttribute("data-fps"))).toBeCloseTo(fps, 0);
    expect((canvas as HTMLCanvasElement).width).toBe(320);
    expect((canvas as HTMLCanvasElement).height).toBe(180);
  });

  it("says when no picture comes, and shows a failed camera's error", async () => {
    let failing = false;
    mockIPC(async (cmd) => {
      if (cmd !== "preview_frame") throw new Error(`unexpected ${cmd}`);
      await new Promise((r) => setTimeout(r, 5));
      if (failing) throw { code: "camera_failed", message: "the camera stopped: unplugged. Check it is connected, then retry" };
      return new ArrayBuffer(0);
    });
    render(<CameraPreview emptyText="No picture from the camera." />);
    expect(await screen.findByText("No picture from the camera.")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: "Your camera: no picture" })).toBeInTheDocument();
    failing = true;
    expect(await screen.findByRole("alert")).toHaveTextContent("the camera stopped: unplugged");
  });
});
