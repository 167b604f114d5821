//! The microphone path through real cpal and real ALSA: the default capture device is ALSA's
//! `file` plugin reading real speech (jfk.wav). The null slave is not paced, so the test stops
//! by sample count, not by time.

mod common;

use std::time::{Duration, Instant};

use onsite_capture::audio::resample::MonoResampler;
use onsite_capture::audio::AudioFormat;
use onsite_capture::mic::{list_microphones, MicChoice, MicStream};
use onsite_capture::source::{AudioSource, SourceState};

#[test]
fn captures_the_file_bit_exact_through_cpal_and_alsa() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (rate, mut speech) = common::read_wav_f32(&common::jfk_wav());
    assert_eq!(rate, 16_000);
    // The null slave delivers the whole file at once; 3 s fits the mic's 4 s ring buffer, so
    // a busy test machine draining it late cannot drop any of the samples compared below.
    speech.truncate(3 * 16_000);
    let raw = dir.path().join("mic.raw");
    let bytes: Vec<u8> = speech
        .iter()
        .flat_map(|s| ((s * 32768.0) as i16).to_le_bytes())
        .collect();
    std::fs::write(&raw, bytes).expect("raw");
    common::alsa_file_mic(dir.path(), &raw, rate);

    let mics = list_microphones().expect("list");
    assert!(
        mics.iter().any(|m| m.is_default),
        "the ALSA default device is listed as default: {mics:?}"
    );

    // A chosen device that is gone falls back to the default one.
    let want = AudioFormat {
        sample_rate: 16_000,
        channels: 1,
    };
    let mut mic = MicStream::open_with(&MicChoice::Named("unplugged usb mic".into()), Some(want))
        .expect("falls back to the default device");
    assert_eq!(mic.format(), want);

    let mut got = Vec::with_capacity(speech.len());
    let deadline = Instant::now() + Duration::from_secs(20);
    while got.len() < speech.len() && Instant::now() < deadline {
        if mic.read(&mut got) == 0 {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    assert_eq!(mic.state(), SourceState::Running);
    assert!(mic.first_sample_at().is_some());
    assert!(mic.level().peak >= 0.0);
    mic.stop();
    assert!(
        got.len() >= speech.len(),
        "captured {} of {}",
        got.len(),
        speech.len()
    );
    let got = &got[..speech.len()];
    let max_err = speech
        .iter()
        .zip(got)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(
        max_err < 1e-4,
        "capture differs from the file by up to {max_err}"
    );

    // The speech path: 16 kHz in, 16 kHz mono out is a pass-through; 48 kHz (the Opus rate)
    // and back keeps the words (correlation of the envelopes).
    let mut up = MonoResampler::new(16_000, 48_000).expect("up");
    let mut down = MonoResampler::new(48_000, 16_000).expect("down");
    let (mut hi, mut back) = (Vec::new(), Vec::new());
    up.process(got, &mut hi).expect("up");
    up.flush(&mut hi).expect("flush");
    down.process(&hi, &mut back).expect("down");
    down.flush(&mut back).expect("flush");
    let (r, _) = common::best_correlation(
        &common::envelope(got, 16_000),
        &common::envelope(&back, 16_000),
        20,
    );
    assert!(r > 0.99, "resampled speech correlates {r}");
}
