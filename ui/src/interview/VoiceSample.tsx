import { useEffect, useRef, useState } from "react";
import { createPlayer, say, voiceCommands } from "./voice";

/** What the sample says: a typical opening line at the chosen speed. */
export const SAMPLE_TEXT = "Hello, I'm your interviewer today. Tell me about a system you designed.";

/**
 * Plays the interviewer's voice at `speed` (the device check and Settings), or says why it
 * cannot: no voice installed, or no audio in this window.
 */
export function VoiceSample({ speed = 1 }: { speed?: number }) {
  const [state, setState] = useState<"idle" | "playing">("idle");
  const [problem, setProblem] = useState<{ code: string; message: string } | null>(null);
  const token = useRef(0);
  const player = useRef(createPlayer());

  useEffect(
    () => () => {
      token.current += 1;
      player.current?.stop();
    },
    [],
  );

  const play = async () => {
    const p = player.current;
    if (!p) {
      setProblem({ code: "voice_no_audio", message: "This window cannot play audio." });
      return;
    }
    if (state === "playing") {
      token.current += 1;
      p.stop();
      setState("idle");
      return;
    }
    setProblem(null);
    const mine = ++token.current;
    setState("playing");
    const outcome = await say(p, SAMPLE_TEXT, speed, () => token.current !== mine);
    if (token.current !== mine) return;
    setState("idle");
    if (outcome.kind === "failed") setProblem({ code: outcome.code, message: outcome.message });
  };

  // Opening the voice takes a second; start it when the control shows.
  useEffect(() => {
    void voiceCommands.status();
  }, []);

  return (
    <div className="voice-sample">
      <button type="button" className="secondary" onClick={() => void play()} data-testid="voice-sample">
        {state === "playing" ? "Stop the sample" : "Play the interviewer's voice"}
      </button>
      {problem && (
        <p className="error" data-code={problem.code}>
          {problem.message}
        </p>
      )}
    </div>
  );
}
