import { useEffect, useState } from "react";
import { commands, type TakeScore_Serialize as TakeScore } from "../bindings";
import { FeedbackPanel } from "../feedback/FeedbackPanel";
import { settle } from "../lib/ipc";
import type { TakeFeedback } from "../lib/live";
import { ScorePanel } from "./ScorePanel";

export interface ReplayFeedbackProps {
  takeId: number;
  /** The stored score, shown while the full feedback loads or if it cannot be rebuilt. */
  score: TakeScore | null;
  onEvidence: (ms: number) => void;
  /** A drawn element the feedback quotes was chosen: show it on the take's board. */
  onElement?: (elementId: string) => void;
  headingId: string;
}

/**
 * The take's feedback as the interview room showed it (the live session's `take_feedback`,
 * rebuilt from the store), every quote a link to its moment; the stored scores when that is
 * not available (a take that was never scored, or an older result).
 */
export function ReplayFeedback({ takeId, score, onEvidence, onElement, headingId }: ReplayFeedbackProps) {
  const [feedback, setFeedback] = useState<TakeFeedback | null>(null);
  useEffect(() => {
    let live = true;
    setFeedback(null);
    if (!score) return;
    void settle(commands.takeFeedback(takeId)).then((result) => {
      if (live && result.status === "ok") setFeedback(result.data);
    });
    return () => {
      live = false;
    };
  }, [takeId, score]);

  if (feedback) {
    return (
      <div className="card replay-feedback" data-testid="replay-feedback">
        <FeedbackPanel
          feedback={feedback}
          onEvidence={onEvidence}
          onElement={onElement}
          showTranscript={false}
        />
      </div>
    );
  }
  return <ScorePanel score={score} onEvidence={onEvidence} headingId={headingId} />;
}
