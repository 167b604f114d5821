//! A microphone made of a file, through ALSA's file plugin: for tests that need the app's
//! real capture path to hear known speech but not in real time (the plugin over the null
//! device hands over the whole file the moment the device opens; [`crate::Pulse`] is the paced
//! one).

use std::path::Path;
use std::process::Command;

/// Writes `home/.asoundrc` whose default capture device is ALSA's file plugin reading `raw`
/// (signed 16-bit little-endian, `rate` Hz, mono). A process whose `HOME` is `home` hears it as
/// its default microphone.
///
/// Playback goes to ALSA's null device, not through the file plugin: WebKitGTK's audio output
/// (opened by the device check for the interviewer's voice) never starts on the file plugin,
/// and WebKit waits for it synchronously on the page's thread, which froze the window and the
/// WebDriver session with it (the hung CI run of session 26).
pub fn file_mic(home: &Path, raw: &Path, rate: u32) {
    let conf = format!(
        "pcm.micfile {{ type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"{}\"; format \"raw\" }}\n\
         pcm.micplug {{ type plug; slave {{ pcm \"micfile\"; format S16_LE; rate {rate}; channels 1 }} }}\n\
         pcm.!default {{ type asym; capture.pcm \"micplug\"; playback.pcm \"null\" }}\n",
        raw.display()
    );
    std::fs::write(home.join(".asoundrc"), conf).expect("write .asoundrc");
}

/// `wav`'s samples written to `raw` by sox as [`file_mic`] reads them (signed 16-bit, 16 kHz,
/// mono), after the sox `effects` (e.g. `["trim", "3.2", "3.8"]`).
pub fn raw_16k(wav: &Path, raw: &Path, effects: &[&str]) {
    let status = Command::new("sox")
        .arg(wav)
        .args([
            "-t", "raw", "-e", "signed", "-b", "16", "-r", "16000", "-c", "1",
        ])
        .arg(raw)
        .args(effects)
        .status()
        .expect("sox is installed (scripts/setup)");
    assert!(status.success(), "sox failed to write {}", raw.display());
}
