//! `onsite bench speech --latency`: the two figures the default model is chosen by, for each
//! installed model (or `--model`): feedback latency after a 120-second answer (from the moment
//! the answer's last audio has been spoken to the final transcript) and the streaming decode RTF
//! while it is spoken. The answer is streamed as the app streams a take: 100 ms chunks at
//! real-time pace, `StreamConfig::live()` (fewer decoder threads while recording, every core
//! after stop) and the interview prompt a question about this answer would get, so the
//! prompt's confirmation decodes are paid for as they are in a session.

use std::sync::Arc;

use onsite_speech::vocab::{interview_prompt, AnswerContext, Lexicon};
use onsite_speech::Model;
use serde::Serialize;

use super::super::load_average;

/// Length of the answer the latency target is set on.
pub const ANSWER_SECONDS: f64 = 120.0;

/// The question the espeak answer (`synth::ANSWER_SCRIPT`) answers, as a session would hold it.
fn answer_context() -> AnswerContext {
    AnswerContext {
        question: "Design the read path of a service that serves lookups to millions of daily \
                   users."
            .into(),
        talking_points: vec![
            "Clarify the constraints: users, growth, latency, freshness".into(),
            "A cache in front of the database, and what happens when it fails".into(),
            "Replicas first, sharding when writes outgrow one machine".into(),
            "Monitoring, alerting and gradual rollout".into(),
        ],
        profile_terms: Vec::new(),
    }
}

/// The interview prompt the app would decode this answer with.
pub fn answer_prompt() -> anyhow::Result<String> {
    Ok(interview_prompt(&Lexicon::builtin()?, &answer_context()))
}

/// The first `seconds` of `pcm`, cut in its quietest 50 ms within the last 3 seconds before
/// that point, so the answer ends between words as a candidate stopping would, not mid-word.
pub fn cut_answer(pcm: &[f32], seconds: f64) -> &[f32] {
    const RATE: usize = 16_000;
    const FRAME: usize = RATE / 20;
    let end = ((seconds * RATE as f64) as usize).min(pcm.len());
    let start = end.saturating_sub(3 * RATE);
    let quietest = (start..end.saturating_sub(FRAME))
        .step_by(FRAME / 2)
        .min_by(|&a, &b| {
            let energy = |i: usize| pcm[i..i + FRAME].iter().map(|s| s * s).sum::<f32>();
            energy(a).total_cmp(&energy(b))
        });
    match quietest {
        Some(i) => &pcm[..i + FRAME / 2],
        None => &pcm[..end],
    }
}

#[derive(Debug, Serialize)]
pub struct ModelLatency {
    pub model: String,
    pub answer_seconds: f64,
    pub live_threads: usize,
    pub threads_after_stop: usize,
    pub load_average: String,
    /// Decoding while the answer is spoken (final and interim captions) over its length.
    pub stream_rtf: f64,
    pub final_rtf: f64,
    pub interim_rtf: f64,
    pub feedback_latency_s: f64,
    pub words: usize,
}

pub fn measure(
    model: &Arc<Model>,
    pcm: &[f32],
    prompt: &str,
    live_threads: usize,
    threads_after_stop: usize,
) -> anyhow::Result<ModelLatency> {
    let (final_rtf, interim, latency, text) = super::stream_at_pace(
        model.clone(),
        pcm,
        live_threads,
        threads_after_stop,
        true,
        Some(prompt.to_owned()),
    )?;
    Ok(ModelLatency {
        model: model.name().to_owned(),
        answer_seconds: pcm.len() as f64 / 16_000.0,
        live_threads,
        threads_after_stop,
        load_average: load_average(),
        stream_rtf: final_rtf + interim.rtf,
        final_rtf,
        interim_rtf: interim.rtf,
        feedback_latency_s: latency.as_secs_f64(),
        words: text.split_whitespace().count(),
    })
}

pub fn print_text(r: &ModelLatency) {
    println!();
    println!(
        "latency, model {}: {:.1} s answer streamed at real-time pace with the interview prompt, \
         {} thread(s) while speaking, {} after stop, load average {}",
        r.model, r.answer_seconds, r.live_threads, r.threads_after_stop, r.load_average
    );
    println!(
        "  feedback latency (end of answer -> final transcript): {:.2} s   (target <= 1.5 s)",
        r.feedback_latency_s
    );
    println!(
        "  streaming decode RTF, final + interim captions: {:.3}   (target < 0.5); final {:.3}, \
         interim {:.3}; {} words",
        r.stream_rtf, r.final_rtf, r.interim_rtf, r.words
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_cut_in_a_pause_before_the_mark() {
        let rate = 16_000;
        // 130 s of a tone with a 200 ms silence at 118.0 s.
        let mut pcm: Vec<f32> = (0..130 * rate)
            .map(|i| (i as f32 * 0.05).sin() * 0.5)
            .collect();
        let gap = 118 * rate;
        pcm[gap..gap + rate / 5].iter_mut().for_each(|s| *s = 0.0);
        let cut = cut_answer(&pcm, ANSWER_SECONDS);
        let at = cut.len() as f64 / rate as f64;
        assert!((118.0..118.2).contains(&at), "cut at {at} s");
        // Shorter audio is cut inside itself, never past its end.
        assert!(cut_answer(&pcm[..rate], ANSWER_SECONDS).len() <= rate);
    }

    #[test]
    fn the_answers_prompt_names_its_terms_before_the_fillers() {
        let prompt = answer_prompt().unwrap();
        assert!(prompt.to_lowercase().contains("cache"), "{prompt}");
        assert!(
            prompt.ends_with(onsite_speech::whisper::FILLER_PROMPT),
            "{prompt}"
        );
    }
}
