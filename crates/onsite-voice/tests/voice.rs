//! The voice with its real parts: the Piper voice and ONNX Runtime that `make setup`
//! (scripts/fetch-voice) installs into the checkout's models/voice/, and espeak-ng.

use std::path::{Path, PathBuf};

use onsite_voice::library::{self, Library};
use onsite_voice::{Audio, VoiceKind};

/// The checkout's installed voice folder; fails saying what to run when it is not there.
fn checkout_voice_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/voice");
    assert!(
        dir.join("en_US-joe-medium.onnx").is_file(),
        "the Piper voice is missing from {}: run `make setup` (or scripts/fetch-voice) first",
        dir.display()
    );
    dir
}

fn runtime_file(dir: &Path) -> PathBuf {
    Library::new(vec![dir.to_path_buf()])
        .runtime()
        .expect("libonnxruntime.so in the voice folder")
}

/// A private copy of the installed voice, put in place by the real installer.
fn private_voice() -> (tempfile::TempDir, PathBuf) {
    let src = checkout_voice_dir();
    let tmp = tempfile::tempdir().expect("tempdir");
    let dest = tmp.path().join("voice");
    library::install(
        &src.join("en_US-joe-medium.onnx"),
        Some(&runtime_file(&src)),
        &dest,
    )
    .expect("install");
    (tmp, dest)
}

fn assert_speech(audio: &Audio, min_s: f64, max_s: f64) {
    let d = audio.duration_secs();
    assert!((min_s..=max_s).contains(&d), "{d:.2} s of audio");
    assert!(
        audio.rms() > 0.02,
        "too quiet to be speech: rms {}",
        audio.rms()
    );
    assert!(audio.samples.iter().all(|s| s.abs() <= 1.0));
}

#[test]
fn piper_says_a_sentence_at_its_rate_with_plausible_length() {
    let lib = Library::new(vec![checkout_voice_dir()]);
    let mut voice = lib.open(None).expect("the default voice opens");
    assert_eq!(voice.kind(), VoiceKind::Piper);
    assert_eq!(voice.name(), onsite_voice::DEFAULT_VOICE);
    assert_eq!(voice.sample_rate(), 22_050);
    let audio = voice
        .synthesize_sentence("Tell me about a system you designed and scaled.", 1.0)
        .expect("synthesis");
    assert_eq!(audio.sample_rate, 22_050);
    // Nine words at a conversational pace (2 to 4 words a second).
    assert_speech(&audio, 2.0, 4.5);

    // Faster speech is shorter; the sentence is the same.
    let fast = voice
        .synthesize_sentence("Tell me about a system you designed and scaled.", 1.5)
        .expect("synthesis");
    assert!(fast.duration_secs() < audio.duration_secs() * 0.85);

    // Sentence by sentence: the callback sees each one before the whole text is done.
    let mut seen = Vec::new();
    let all = onsite_voice::speak(
        voice.as_mut(),
        "First question. Second question?",
        1.0,
        &mut |i, s, a| seen.push((i, s.to_string(), a.samples.len())),
    )
    .expect("speak");
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[1].1, "Second question?");
    assert!(
        all.samples.len() > seen[0].2 + seen[1].2,
        "a gap between sentences"
    );
}

#[test]
fn espeak_speaks_when_the_piper_voice_is_absent_and_says_why() {
    let empty = tempfile::tempdir().expect("tempdir");
    let lib = Library::new(vec![empty.path().to_path_buf()]);
    let opened = lib.open_or_fallback(None).expect("the fallback opens");
    let reason = opened.fallback_reason.expect("a reason");
    assert_eq!(reason.code(), "voice_unknown");
    let msg = reason.to_string();
    assert!(
        msg.contains("en_US-joe-medium") && msg.contains("make setup"),
        "{msg}"
    );
    let mut voice = opened.voice;
    assert_eq!(voice.kind(), VoiceKind::Espeak);
    let audio = voice
        .synthesize_sentence("Tell me about a system you designed and scaled.", 1.0)
        .expect("espeak-ng says it");
    assert_eq!(audio.sample_rate, 22_050);
    assert_speech(&audio, 1.5, 6.0);
    // A voice named explicitly is not silently replaced.
    assert_eq!(
        lib.open(Some("en_US-joe-medium")).unwrap_err().code(),
        "voice_unknown"
    );
}

#[test]
fn missing_and_damaged_voice_files_give_their_typed_errors() {
    let (_tmp, dir) = private_voice();
    let lib = Library::new(vec![dir.clone()]);
    let model = dir.join("en_US-joe-medium.onnx");
    let config = dir.join("en_US-joe-medium.onnx.json");
    let runtime = runtime_file(&dir);

    // A changed byte in the model: its recorded sha256 no longer matches.
    let original = std::fs::read(&model).expect("read model");
    let mut changed = original.clone();
    let mid = changed.len() / 2;
    changed[mid] ^= 0xff;
    std::fs::write(&model, &changed).expect("write");
    let err = lib.open(None).unwrap_err();
    assert_eq!(err.code(), "voice_checksum", "{err}");
    assert!(err.to_string().contains("fetch-voice"), "{err}");

    // A truncated model dropped in without a recorded sha256: ONNX Runtime refuses it.
    std::fs::write(&model, &original[..original.len() / 3]).expect("write");
    std::fs::remove_file(dir.join("en_US-joe-medium.onnx.sha256")).expect("rm sidecar");
    let err = lib.open(None).unwrap_err();
    assert_eq!(err.code(), "voice_model", "{err}");
    assert!(err.to_string().contains("en_US-joe-medium.onnx"), "{err}");

    // A config that is not JSON.
    std::fs::write(&config, b"{ not json").expect("write");
    std::fs::remove_file(dir.join("en_US-joe-medium.onnx.json.sha256")).expect("rm sidecar");
    assert_eq!(lib.open(None).unwrap_err().code(), "voice_config");
    let listed = lib.list();
    assert_eq!(
        listed[0].problem_code.as_deref(),
        Some("voice_config"),
        "{listed:?}"
    );

    // No ONNX Runtime library.
    std::fs::write(
        &config,
        std::fs::read(checkout_voice_dir().join("en_US-joe-medium.onnx.json")).expect("read"),
    )
    .expect("write");
    std::fs::remove_file(&runtime).expect("rm runtime");
    let err = lib.open(None).unwrap_err();
    assert_eq!(err.code(), "voice_not_found", "{err}");
    assert!(err.to_string().contains("libonnxruntime"), "{err}");

    // The installer refuses a file that is no ONNX model and copies nothing.
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let fake = elsewhere.path().join("fake.onnx");
    std::fs::write(&fake, b"PK\x03\x04 a zip, not a model").expect("write");
    std::fs::copy(&config, elsewhere.path().join("fake.onnx.json")).expect("copy config");
    let out = elsewhere.path().join("out");
    assert_eq!(
        library::install(&fake, None, &out).unwrap_err().code(),
        "voice_model"
    );
    assert!(!out.exists());
}

#[test]
fn a_prepared_first_sentence_is_handed_back_without_synthesis_and_as_wav() {
    let lib = Library::new(vec![checkout_voice_dir()]);
    let mut speaker = onsite_voice::Speaker::new(lib.open(None).expect("the default voice"));
    let text = "Design a URL shortener. How would it scale?";
    // Cold: the first sentence is synthesised on request.
    let cold = speaker.sentence(text, 0, 1.0).expect("cold");
    assert!(!cold.prepared);
    assert!(cold.synthesis > std::time::Duration::ZERO);
    assert_speech(&cold.audio, 1.0, 3.5);

    // Another speed is not prepared; preparing it synthesises once, then it is handed back.
    assert!(speaker.prepare(text, 1.2).expect("prepare"));
    let warm = speaker.sentence(text, 0, 1.2).expect("warm");
    assert!(warm.prepared);
    assert_speech(&warm.audio, 0.8, 3.0);
    assert!(warm.audio.duration_secs() < cold.audio.duration_secs());
    // The second sentence was never prepared.
    let second = speaker.sentence(text, 1, 1.2).expect("second");
    assert!(!second.prepared);
    assert_speech(&second.audio, 0.8, 3.0);

    // As a WAV file's bytes: a RIFF header, then 16-bit samples at the voice's rate.
    let wav = onsite_voice::wav_bytes(&warm.audio).expect("wav");
    let read = hound::WavReader::new(std::io::Cursor::new(&wav)).expect("a WAV file");
    assert_eq!(read.spec().sample_rate, 22_050);
    assert_eq!(read.len() as usize, warm.audio.samples.len());
}
