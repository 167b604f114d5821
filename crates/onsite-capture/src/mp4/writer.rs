//! Appends a take to disk as it is recorded: the init segment, then each fragment, each one
//! synced so a crash loses at most the fragment being built. A `.recording` marker next to the
//! file says it was not finalized; [`recover_unfinished`] finalizes such takes at the next start.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use muxide::api::AudioCodec;
use muxide::fragmented::{FragmentAudioConfig, FragmentConfig, FragmentedMuxer};

use super::boxes::{children, find};
use super::finalize::{finalize, TakeInfo};
use super::MEHD_SIZE;
use crate::error::{CaptureError, Result};

/// Video timescale: 90 kHz, the MPEG convention (exact for 25, 30 and 60 fps).
pub const VIDEO_TIMESCALE: u32 = 90_000;

/// The H.264 parameters the init segment needs.
#[derive(Debug, Clone)]
pub struct VideoTrack {
    pub width: u32,
    pub height: u32,
    pub sps: Vec<u8>,
    pub pps: Vec<u8>,
}

/// Where the "not finalized" marker of `path` lives.
pub fn marker_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".recording");
    path.with_file_name(name)
}

#[derive(Debug)]
pub struct FragmentWriter {
    path: PathBuf,
    file: File,
    muxer: FragmentedMuxer,
    fragments: usize,
    bytes: u64,
}

impl FragmentWriter {
    /// Creates the file (refusing to overwrite one) and writes the init segment.
    pub fn create(path: &Path, video: Option<VideoTrack>, audio: bool) -> Result<Self> {
        let audio_config = audio.then_some(FragmentAudioConfig {
            codec: AudioCodec::Opus,
            sample_rate: 48_000,
            channels: 1,
        });
        let mux_err = |e: muxide::fragmented::FragmentedError| CaptureError::Mux(e.to_string());
        let mut muxer = match (video, audio_config) {
            (Some(v), audio) => {
                let mut config = FragmentConfig::new(v.width, v.height, VIDEO_TIMESCALE)
                    .with_fragment_duration_ms(1000);
                config.sps = v.sps;
                config.pps = v.pps;
                match audio {
                    Some(a) => FragmentedMuxer::new_with_audio(config, a).map_err(mux_err)?,
                    None => FragmentedMuxer::new(config).map_err(mux_err)?,
                }
            }
            (None, Some(a)) => FragmentedMuxer::new_audio_only(a).map_err(mux_err)?,
            (None, None) => return Err(CaptureError::NothingToRecord),
        };
        let init = reserve_mehd(&muxer.init_segment())?;
        private_options()
            .truncate(true)
            .open(marker_path(path))
            .map_err(|e| CaptureError::io(marker_path(path), e))?;
        let mut file = private_options()
            .create_new(true)
            .open(path)
            .map_err(|e| CaptureError::io(path, e))?;
        file.write_all(&init)
            .map_err(|e| CaptureError::io(path, e))?;
        file.sync_all().map_err(|e| CaptureError::io(path, e))?;
        Ok(Self {
            path: path.to_owned(),
            file,
            muxer,
            fragments: 0,
            bytes: init.len() as u64,
        })
    }

    /// Queues one video sample; `dts` in [`VIDEO_TIMESCALE`] units.
    pub fn video(&mut self, dts: u64, avcc: &[u8], keyframe: bool) -> Result<()> {
        self.muxer
            .write_video(dts, dts, avcc, keyframe)
            .map_err(|e| CaptureError::Mux(e.to_string()))
    }

    /// Queues one Opus packet; `pts` in 48 kHz samples.
    pub fn audio(&mut self, pts: u64, packet: &[u8]) -> Result<()> {
        self.muxer
            .write_audio(pts, pts, packet)
            .map_err(|e| CaptureError::Mux(e.to_string()))
    }

    /// Writes the queued samples as one fragment and syncs it to disk.
    pub fn flush(&mut self) -> Result<()> {
        if let Some(segment) = self.muxer.flush_segment() {
            let io = |e| CaptureError::io(&self.path, e);
            self.file.write_all(&segment).map_err(io)?;
            self.file.sync_data().map_err(io)?;
            self.fragments += 1;
            self.bytes += segment.len() as u64;
        }
        Ok(())
    }

    pub fn bytes_written(&self) -> u64 {
        self.bytes
    }

    /// Flushes the last fragment, sets the durations and removes the marker.
    pub fn finish(mut self) -> Result<TakeInfo> {
        self.flush()?;
        drop(self.file);
        let info = finalize(&self.path)?;
        let marker = marker_path(&self.path);
        std::fs::remove_file(&marker).map_err(|e| CaptureError::io(marker, e))?;
        Ok(info)
    }
}

/// Finalizes every take in `dir` left unfinalized by a crash; returns what was recovered.
pub fn recover_unfinished(dir: &Path) -> Result<Vec<(PathBuf, Result<TakeInfo>)>> {
    let mut out = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| CaptureError::io(dir, e))?;
    for entry in entries.flatten() {
        let marker = entry.path();
        let Some(name) = marker.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(take_name) = name.strip_suffix(".recording") else {
            continue;
        };
        let take = marker.with_file_name(take_name);
        if !take.exists() {
            let _ = std::fs::remove_file(&marker);
            continue;
        }
        let result = recover(&take);
        out.push((take, result));
    }
    Ok(out)
}

/// Finalizes one take left by a crash and clears its marker.
pub fn recover(take: &Path) -> Result<TakeInfo> {
    let info = finalize(take)?;
    let marker = marker_path(take);
    if marker.exists() {
        std::fs::remove_file(&marker).map_err(|e| CaptureError::io(marker, e))?;
    }
    tracing::info!(take = %take.display(), duration_ms = info.duration_ms, trimmed = info.trimmed_bytes, "recovered take");
    Ok(info)
}

/// Inserts a `free` box the size of a `mehd` as the first child of `mvex` (where `mehd`
/// belongs), growing `mvex` and `moov` to match.
fn reserve_mehd(init: &[u8]) -> Result<Vec<u8>> {
    let bad = |why: &str| CaptureError::Mux(format!("unexpected init segment: {why}"));
    let top = children(init, 0..init.len());
    let moov = find(&top, b"moov").ok_or_else(|| bad("no moov"))?;
    let mvex = find(&children(init, moov.payload()), b"mvex").ok_or_else(|| bad("no mvex"))?;
    if moov.header != 8 || mvex.header != 8 {
        return Err(bad("64-bit box sizes"));
    }
    let mut out = Vec::with_capacity(init.len() + MEHD_SIZE);
    let at = mvex.start as usize + 8;
    out.extend_from_slice(&init[..at]);
    out.extend_from_slice(&(MEHD_SIZE as u32).to_be_bytes());
    out.extend_from_slice(b"free");
    out.extend_from_slice(&[0u8; MEHD_SIZE - 8]);
    out.extend_from_slice(&init[at..]);
    for b in [moov, mvex] {
        let at = b.start as usize;
        let size = (b.size as usize + MEHD_SIZE) as u32;
        out[at..at + 4].copy_from_slice(&size.to_be_bytes());
    }
    Ok(out)
}

/// Write-only options for a new file that only its owner can read: a take is a recording of
/// the candidate's face and voice.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}
