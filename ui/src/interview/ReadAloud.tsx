import { useEffect, useState } from "react";

/** The platform's on-device voices (never a network voice: `localService` must be true). */
export function useLocalVoices(): SpeechSynthesisVoice[] {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>([]);
  useEffect(() => {
    const synth = typeof window !== "undefined" ? window.speechSynthesis : undefined;
    if (!synth) return;
    const refresh = () => setVoices(synth.getVoices().filter((v) => v.localService));
    refresh();
    synth.addEventListener("voiceschanged", refresh);
    return () => {
      synth.removeEventListener("voiceschanged", refresh);
      synth.cancel();
    };
  }, []);
  return voices;
}

/** Reads the question with an on-device voice; renders nothing when the platform has none. */
export function ReadAloud({ text }: { text: string }) {
  const voices = useLocalVoices();
  const [speaking, setSpeaking] = useState(false);
  const voice = voices.find((v) => v.default) ?? voices[0];

  useEffect(() => {
    // A new question stops the old one being read.
    window.speechSynthesis?.cancel();
    setSpeaking(false);
  }, [text]);

  if (!voice) return null;
  const toggle = () => {
    const synth = window.speechSynthesis;
    if (speaking) {
      synth.cancel();
      setSpeaking(false);
      return;
    }
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.voice = voice;
    utterance.onend = () => setSpeaking(false);
    utterance.onerror = () => setSpeaking(false);
    setSpeaking(true);
    synth.speak(utterance);
  };
  return (
    <button type="button" className="secondary small" onClick={toggle} aria-pressed={speaking}>
      {speaking ? "Stop reading" : "Read aloud"}
    </button>
  );
}
