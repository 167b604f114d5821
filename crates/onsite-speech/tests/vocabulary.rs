//! The interview prompt on real audio: technical terms heard better, nothing invented.
//!
//! Small on purpose (a few answers of the labelled set, one voice each): `onsite bench speech`
//! measures the whole set over six voices. The model is the real default one.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use onsite_speech::eval::{count_words, talking_point_words, SetAnswer, VocabularySet};
use onsite_speech::synth::Voice;
use onsite_speech::vocab::{count_term, interview_prompt, AnswerContext, Lexicon};
use onsite_speech::whisper::FILLER_PROMPT;
use onsite_speech::{audio, transcribe_file, DecodeOptions, StreamConfig, Transcriber};

fn transcribe(wav: &Path, prompt: &str) -> String {
    let mut cfg = StreamConfig::batch();
    cfg.decode.initial_prompt = Some(prompt.to_owned());
    transcribe_file(model(), wav, cfg)
        .expect("the pipeline transcribes")
        .0
        .text
}

/// One sentence straight to Whisper with the encoder fitted to its length (as captions and the
/// tail after stop are decoded): the same decode and guard as the pipeline's, in a fraction of
/// the time of a full 30 s window, which keeps these tests to seconds.
fn decode_short(wav: &Path, prompt: &str) -> String {
    let opts = DecodeOptions {
        initial_prompt: Some(prompt.to_owned()),
        ..DecodeOptions::default()
    };
    let pcm = audio::decode_file(wav).expect("the synthesised WAV decodes");
    Transcriber::new(model(), opts)
        .expect("a transcriber")
        .transcribe_short(&pcm, 0)
        .expect("whisper decodes")
        .iter()
        .map(|s| s.text.clone())
        .collect::<Vec<_>>()
        .join(" ")
}

fn context(a: &SetAnswer) -> AnswerContext {
    AnswerContext {
        question: a.question.clone(),
        talking_points: a.talking_points.clone(),
        profile_terms: Vec::new(),
    }
}

#[test]
fn the_interview_prompt_hears_terms_tiny_en_mishears_without_it() {
    let set = VocabularySet::builtin().unwrap();
    let lexicon = Lexicon::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Without help tiny.en writes "a cash in front of the database ... posters".
    let a = set.answers[0].only(&[0]);
    let wav = Voice::EspeakUs
        .speak(&a.script(), &dir.path().join("answer.wav"))
        .unwrap();
    let plain = decode_short(&wav, FILLER_PROMPT);
    let prompted = decode_short(&wav, &interview_prompt(&lexicon, &context(&a)));
    let (without, of) = a.term_recall(&plain);
    let (with, _) = a.term_recall(&prompted);
    eprintln!("{without}/{of} terms without the prompt: {plain}\n{with}/{of} with: {prompted}");
    assert!(with > without && with >= of - 1, "{with}/{of}: {prompted}");
}

/// The guard the prompt needs: answers to the same questions that say none of the lexicon's
/// terms and avoid the talking points get no term and no more talking-point words with the
/// prompt than without it. "I like to sketch a few options" is the known trap: with the
/// catalogue question's prompt tiny.en writes "cache" (a lexicon term and a talking point's
/// word) at p 0.54, which the decode without the terms overrules.
#[test]
fn control_answers_hear_no_term_and_no_talking_point_with_the_prompt() {
    let set = VocabularySet::builtin().unwrap();
    let lexicon = Lexicon::builtin().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // Control answers to the same questions: none of their talking points, no technical term.
    for (k, (c, voice)) in [
        (set.controls[0].only(&[1]), Voice::EspeakUs),
        (set.controls[1].only(&[1]), Voice::FliteSlt),
    ]
    .into_iter()
    .enumerate()
    {
        let wav = voice
            .speak(&c.script(), &dir.path().join(format!("control{k}.wav")))
            .unwrap();
        let plain = decode_short(&wav, FILLER_PROMPT);
        let prompted = decode_short(&wav, &interview_prompt(&lexicon, &context(&c)));
        let words = onsite_speech::eval::normalize_words(&prompted);
        for t in lexicon.terms() {
            let n = count_term(&words, &onsite_speech::eval::normalize_words(t));
            assert_eq!(n, 0, "{t:?} heard in a control answer: {prompted}");
        }
        let points = talking_point_words(&c.talking_points);
        assert!(
            count_words(&prompted, &points) <= count_words(&plain, &points),
            "talking-point words heard with the prompt: {prompted} (without: {plain})"
        );
    }
}

/// Silence, noise and music with the prompt in place: through the pipeline, as the app runs
/// it, nothing at all; handed straight to Whisper (which the VAD normally spares it), no more
/// words than with the filler prompt and none of the prompt's terms.
#[test]
fn silence_noise_and_music_with_the_interview_prompt_give_no_words() {
    let set = VocabularySet::builtin().unwrap();
    let lexicon = Lexicon::builtin().unwrap();
    let prompt = interview_prompt(&lexicon, &context(&set.answers[0]));
    let dir = tempfile::tempdir().unwrap();
    let sox = |name: &str, synth: &[&str]| {
        let out = dir.path().join(name);
        run(Command::new("sox")
            .args(["-R", "-n", "-r", "16000", "-c", "1", "-b", "16"])
            .arg(&out)
            .args(synth));
        out
    };
    let silence = sox("silence.wav", &["trim", "0", "4"]);
    let noise = sox("noise.wav", &["synth", "4", "brownnoise", "vol", "0.05"]);
    // A few bars of plucked chords: tonal, loud and rhythmic, what a radio in the room plays.
    let music = sox(
        "music.wav",
        &[
            "synth", "4", "pluck", "C3", "pluck", "E3", "pluck", "G3", "tremolo", "2", "40", "vol",
            "0.5",
        ],
    );
    let opts = DecodeOptions {
        initial_prompt: Some(prompt.clone()),
        ..DecodeOptions::default()
    };
    let mut prompted = Transcriber::new(model(), opts).unwrap();
    let mut plain = Transcriber::new(model(), DecodeOptions::default()).unwrap();
    let text = |segs: Vec<onsite_speech::Segment>| {
        segs.iter()
            .map(|s| s.text.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    for wav in [&silence, &noise, &music] {
        let pcm = audio::decode_file(wav).unwrap();
        // The encoder fitted to the 4 s of audio (as for captions and the tail), to keep the
        // test to a few seconds.
        let with = text(prompted.transcribe_short(&pcm, 0).unwrap());
        let without = text(plain.transcribe_short(&pcm, 0).unwrap());
        let words = onsite_speech::eval::normalize_words(&with);
        assert!(
            words.len() <= onsite_speech::eval::normalize_words(&without).len(),
            "{}: {with:?} with the prompt, {without:?} without",
            wav.display()
        );
        for t in lexicon.terms() {
            let n = count_term(&words, &onsite_speech::eval::normalize_words(t));
            assert_eq!(n, 0, "{}: {t:?} heard in {with:?}", wav.display());
        }
        let piped = transcribe(wav, &prompt);
        assert!(
            piped.is_empty(),
            "{} through the pipeline: {piped}",
            wav.display()
        );
    }
}
