//! Whisper states outlive transcribers: one answer after another reuses the state the model
//! kept (no per-answer allocation of the working buffers), concurrent streams each get their
//! own, and a reused state transcribes exactly as a fresh one did.

mod common;

use std::path::Path;

use common::*;
use onsite_speech::{transcribe_file, Model, StreamConfig};

#[test]
fn answers_in_turn_reuse_one_state_and_transcribe_the_same() {
    // A model of its own: the shared one is used by other tests in parallel.
    let model = Model::load(&model_path()).expect("the default model loads");
    assert_eq!(model.idle_states(), 0);

    let jfk = Path::new(JFK_WAV);
    let (first, _) = transcribe_file(model.clone(), jfk, StreamConfig::batch()).unwrap();
    assert_eq!(
        model.idle_states(),
        1,
        "the finished stream's state is kept"
    );
    let (second, _) = transcribe_file(model.clone(), jfk, StreamConfig::batch()).unwrap();
    assert_eq!(
        model.idle_states(),
        1,
        "the kept state was reused, not a new one made"
    );
    assert_eq!(first, second, "a reused state decodes as the fresh one did");

    // Two at once need two states; both are kept afterwards, and no more than that.
    let a = onsite_speech::Stream::start(model.clone(), StreamConfig::batch()).unwrap();
    let b = onsite_speech::Stream::start(model.clone(), StreamConfig::batch()).unwrap();
    let c = onsite_speech::Stream::start(model.clone(), StreamConfig::batch()).unwrap();
    assert_eq!(model.idle_states(), 0);
    drop((a, b, c));
    assert_eq!(model.idle_states(), 2);
}
