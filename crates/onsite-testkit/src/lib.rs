//! Test-only helpers shared by the engine crates' integration tests and the end-to-end tests.
//!
//! Boundaries: a dev-dependency only, never linked into a shipped binary. It holds the real
//! things the tests drive the production code paths with (where the checkout's fixtures, model
//! manifest and default Whisper model are, a private PulseAudio server as the microphone, a
//! store seeded with the real rubric's results); no mocks. Helpers panic with a message when
//! the machine lacks what they need: in a test, that is the test failing and saying why.

pub mod alsa;
pub mod answers;
pub mod checkout;
pub mod media;
pub mod pulse;
pub mod run;
pub mod seed;
pub mod speech;

pub use checkout::{
    default_ct2_dir, default_model, jfk_wav, manifest, repo_root, JFK_TXT, JFK_WAV,
};
pub use pulse::Pulse;
pub use run::{onsite, Onsite, Ran};
pub use speech::{espeak, espeak_with};
