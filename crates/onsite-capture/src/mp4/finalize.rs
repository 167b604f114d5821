//! Finalizing a take: trim a torn last fragment, then write the real durations into the
//! header boxes (mvhd, tkhd, mdhd, mehd) that muxide leaves at zero. The same code runs on
//! stop and, for a take left by a crash, at the next start.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::boxes::{be_u32, be_u64, children, find, top_level, BoxRef};
use super::MEHD_SIZE;
use crate::error::{CaptureError, Result};

/// What a take file holds, as the UI and the store need it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TakeInfo {
    /// Longest track, in milliseconds.
    pub duration_ms: u64,
    pub tracks: Vec<TrackInfo>,
    /// The MSE `SourceBuffer` type, e.g. `video/mp4; codecs="avc1.42c01f,opus"`.
    pub mime_type: String,
    pub fragments: usize,
    /// Bytes of a torn last fragment that finalizing cut off (crash recovery).
    pub trimmed_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrackInfo {
    pub id: u32,
    /// `video` or `audio`.
    pub kind: String,
    /// RFC 6381 codec id: `avc1.PPCCLL` or `opus`.
    pub codec: String,
    pub timescale: u32,
    pub duration_ms: u64,
}

struct Track {
    id: u32,
    kind: String,
    codec: String,
    timescale: u32,
    tkhd: BoxRef,
    mdhd: BoxRef,
    end: u64,
    /// The last sample of this track's latest fragment, while reading the fragments in order.
    last: Option<LastSample>,
}

/// A fragment's last video sample. The muxer cannot know how long it lasts (the next frame is
/// not written yet): it gives it the previous frame's duration, but starts the next fragment at
/// the last frame plus the fragment's *average* frame time. When frames were uneven (a camera
/// slow to deliver its second frame, a stall) the two differ, leaving a hole in the video track
/// (or an overlap), and WebKit's player stops for good in a hole. Finalizing, once the next
/// fragment is on disk, makes the sample end where that fragment begins.
#[derive(Debug, Clone, Copy)]
struct LastSample {
    /// Where its 32-bit duration field is in the file.
    duration_at: u64,
    /// Its decode time, in the track's timescale.
    start: u64,
    duration: u64,
}

impl LastSample {
    /// The duration that makes it end where the next fragment begins, when that differs (a hole,
    /// or an overlap from a guessed duration) and fits the field.
    fn reaching(self, next_base: u64) -> Option<DurationPatch> {
        let duration = next_base.checked_sub(self.start).filter(|d| *d > 0)?;
        (duration != self.duration)
            .then(|| u32::try_from(duration).ok())
            .flatten()
            .map(|duration| DurationPatch {
                at: self.duration_at,
                duration,
            })
    }
}

/// A sample duration to write at `at` in the file.
#[derive(Debug, Clone, Copy)]
struct DurationPatch {
    at: u64,
    duration: u32,
}

/// Reads a take without changing it (works on a take still being written).
pub fn inspect(path: &Path) -> Result<TakeInfo> {
    run(path, false)
}

/// Trims a torn tail and sets the durations, in place. Idempotent.
pub fn finalize(path: &Path) -> Result<TakeInfo> {
    run(path, true)
}

fn not_ours(path: &Path, reason: &str) -> CaptureError {
    CaptureError::NotARecording {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

fn run(path: &Path, write: bool) -> Result<TakeInfo> {
    let io = |e| CaptureError::io(path, e);
    let mut file = OpenOptions::new()
        .read(true)
        .write(write)
        .open(path)
        .map_err(io)?;
    let (top, _complete_end) = top_level(&mut file).map_err(io)?;
    if top.first().map(|b| &b.kind) != Some(b"ftyp") {
        return Err(not_ours(path, "no ftyp box at the start"));
    }
    let moov_ref = find(&top, b"moov").ok_or_else(|| not_ours(path, "no moov box"))?;
    let mut moov = vec![0u8; moov_ref.size as usize];
    file.seek(SeekFrom::Start(moov_ref.start)).map_err(io)?;
    file.read_exact(&mut moov).map_err(io)?;
    // Re-base the moov so offsets index into `moov`.
    let moov_box = BoxRef {
        start: 0,
        ..moov_ref
    };
    let moov_kids = children(&moov, moov_box.payload());
    let mvhd = find(&moov_kids, b"mvhd").ok_or_else(|| not_ours(path, "no mvhd"))?;
    let movie_timescale = read_timescale(&moov, mvhd);
    let mut tracks = Vec::new();
    for trak in moov_kids.iter().filter(|b| &b.kind == b"trak") {
        tracks.push(read_track(&moov, *trak).ok_or_else(|| not_ours(path, "malformed trak"))?);
    }
    if tracks.is_empty() || movie_timescale == 0 {
        return Err(not_ours(path, "no tracks"));
    }

    // Fragments: each moof must be followed by its mdat; a moof without one is torn.
    let mut keep_end = moov_ref.end();
    let mut fragments = 0;
    let mut holes: Vec<DurationPatch> = Vec::new();
    let mut i = 0;
    while i < top.len() {
        let b = top[i];
        if &b.kind == b"moof" {
            let Some(next) = top.get(i + 1).filter(|n| &n.kind == b"mdat") else {
                break;
            };
            let mut moof = vec![0u8; b.size as usize];
            file.seek(SeekFrom::Start(b.start)).map_err(io)?;
            file.read_exact(&mut moof).map_err(io)?;
            let moof_box = BoxRef { start: 0, ..b };
            for traf in children(&moof, moof_box.payload())
                .iter()
                .filter(|t| &t.kind == b"traf")
            {
                let Some(timing) = traf_timing(&moof, *traf) else {
                    continue;
                };
                if let Some(t) = tracks.iter_mut().find(|t| t.id == timing.id) {
                    if t.kind == "video" {
                        if let Some(patch) = t.last.and_then(|last| last.reaching(timing.base)) {
                            holes.push(patch);
                        }
                        t.last = timing.last_sample.map(|(at, duration)| LastSample {
                            duration_at: b.start + at as u64,
                            start: timing.base + timing.total - duration,
                            duration,
                        });
                    }
                    t.end = t.end.max(timing.base + timing.total);
                }
            }
            fragments += 1;
            keep_end = next.end();
            i += 2;
        } else {
            // Other complete boxes after the header (free, mfra, ...) are kept as they are.
            if b.start >= moov_ref.end() {
                keep_end = keep_end.max(b.end());
            }
            i += 1;
        }
    }
    let file_len = file.seek(SeekFrom::End(0)).map_err(io)?;
    let trimmed_bytes = file_len.saturating_sub(keep_end);

    let movie_duration = tracks
        .iter()
        .map(|t| scale(t.end, t.timescale, movie_timescale))
        .max()
        .unwrap_or(0);
    if write {
        for t in &tracks {
            set_duration(&mut moov, t.mdhd, 16, 24, t.end);
            set_duration(
                &mut moov,
                t.tkhd,
                20,
                28,
                scale(t.end, t.timescale, movie_timescale),
            );
        }
        set_duration(&mut moov, mvhd, 16, 24, movie_duration);
        if let Some(mvex) = find(&moov_kids, b"mvex") {
            let kids = children(&moov, mvex.payload());
            let slot = find(&kids, b"mehd")
                .or_else(|| find(&kids, b"free").filter(|f| f.size as usize == MEHD_SIZE));
            if let Some(slot) = slot.filter(|s| s.size as usize == MEHD_SIZE) {
                let at = slot.start as usize;
                moov[at..at + 4].copy_from_slice(&(MEHD_SIZE as u32).to_be_bytes());
                moov[at + 4..at + 8].copy_from_slice(b"mehd");
                moov[at + 8..at + 12].copy_from_slice(&0x0100_0000u32.to_be_bytes());
                moov[at + 12..at + 20].copy_from_slice(&movie_duration.to_be_bytes());
            }
        }
        file.seek(SeekFrom::Start(moov_ref.start)).map_err(io)?;
        file.write_all(&moov).map_err(io)?;
        for hole in holes.iter().filter(|h| h.at < keep_end) {
            file.seek(SeekFrom::Start(hole.at)).map_err(io)?;
            file.write_all(&hole.duration.to_be_bytes()).map_err(io)?;
        }
        if trimmed_bytes > 0 {
            file.set_len(keep_end).map_err(io)?;
        }
        file.sync_all().map_err(io)?;
    }

    let video = tracks.iter().any(|t| t.kind == "video");
    let codecs: Vec<&str> = tracks.iter().map(|t| t.codec.as_str()).collect();
    let mime_type = format!(
        "{}/mp4; codecs=\"{}\"",
        if video { "video" } else { "audio" },
        codecs.join(",")
    );
    Ok(TakeInfo {
        duration_ms: scale(movie_duration, movie_timescale, 1000),
        tracks: tracks
            .iter()
            .map(|t| TrackInfo {
                id: t.id,
                kind: t.kind.clone(),
                codec: t.codec.clone(),
                timescale: t.timescale,
                duration_ms: scale(t.end, t.timescale, 1000),
            })
            .collect(),
        mime_type,
        fragments,
        trimmed_bytes,
    })
}

fn scale(value: u64, from: u32, to: u32) -> u64 {
    if from == 0 {
        return 0;
    }
    (u128::from(value) * u128::from(to) / u128::from(from)) as u64
}

/// Timescale of an mvhd/mdhd (same layout up to the timescale field).
fn read_timescale(data: &[u8], b: BoxRef) -> u32 {
    let p = b.payload().start;
    if data[p] == 1 {
        be_u32(data, p + 20)
    } else {
        be_u32(data, p + 12)
    }
}

/// Writes a duration field at `v0_off`/`v1_off` bytes into the payload, by box version.
fn set_duration(data: &mut [u8], b: BoxRef, v0_off: usize, v1_off: usize, value: u64) {
    let p = b.payload().start;
    if data[p] == 1 {
        data[p + v1_off..p + v1_off + 8].copy_from_slice(&value.to_be_bytes());
    } else {
        let v = u32::try_from(value).unwrap_or(u32::MAX);
        data[p + v0_off..p + v0_off + 4].copy_from_slice(&v.to_be_bytes());
    }
}

fn read_track(moov: &[u8], trak: BoxRef) -> Option<Track> {
    let kids = children(moov, trak.payload());
    let tkhd = find(&kids, b"tkhd")?;
    let p = tkhd.payload().start;
    let id = if moov[p] == 1 {
        be_u32(moov, p + 20)
    } else {
        be_u32(moov, p + 12)
    };
    let mdia = find(&kids, b"mdia")?;
    let mdia_kids = children(moov, mdia.payload());
    let mdhd = find(&mdia_kids, b"mdhd")?;
    let hdlr = find(&mdia_kids, b"hdlr")?;
    let handler = &moov[hdlr.payload().start + 8..hdlr.payload().start + 12];
    let kind = match handler {
        b"vide" => "video",
        b"soun" => "audio",
        _ => "other",
    }
    .to_owned();
    let minf = find(&mdia_kids, b"minf")?;
    let stbl = find(&children(moov, minf.payload()), b"stbl")?;
    let stsd = find(&children(moov, stbl.payload()), b"stsd")?;
    let entries = children(moov, stsd.payload().start + 8..stsd.payload().end);
    let entry = entries.first()?;
    let codec = match &entry.kind {
        b"avc1" | b"avc3" => {
            // Visual sample entry: 78 bytes of fields, then child boxes (avcC).
            let avcc = find(
                &children(moov, entry.payload().start + 78..entry.payload().end),
                b"avcC",
            )?;
            let a = avcc.payload().start;
            format!(
                "{}.{:02x}{:02x}{:02x}",
                String::from_utf8_lossy(&entry.kind),
                moov[a + 1],
                moov[a + 2],
                moov[a + 3]
            )
        }
        b"Opus" => "opus".to_owned(),
        b"mp4a" => "mp4a.40.2".to_owned(),
        other => String::from_utf8_lossy(other).into_owned(),
    };
    Some(Track {
        id,
        kind,
        codec,
        timescale: read_timescale(moov, mdhd),
        tkhd,
        mdhd,
        end: 0,
        last: None,
    })
}

/// The timing of one `traf`: its track, where it starts and how long it lasts (in the track's
/// timescale), and where its last sample's duration field is (offset in the moof) with its value.
struct TrafTiming {
    id: u32,
    base: u64,
    total: u64,
    last_sample: Option<(usize, u64)>,
}

fn traf_timing(moof: &[u8], traf: BoxRef) -> Option<TrafTiming> {
    let kids = children(moof, traf.payload());
    let tfhd = find(&kids, b"tfhd")?;
    let p = tfhd.payload().start;
    let flags = be_u32(moof, p) & 0x00ff_ffff;
    let id = be_u32(moof, p + 4);
    let mut off = p + 8;
    if flags & 0x01 != 0 {
        off += 8; // base data offset
    }
    if flags & 0x02 != 0 {
        off += 4; // sample description index
    }
    let default_duration = if flags & 0x08 != 0 {
        u64::from(be_u32(moof, off))
    } else {
        0
    };
    let base = match find(&kids, b"tfdt") {
        Some(tfdt) => {
            let p = tfdt.payload().start;
            if moof[p] == 1 {
                be_u64(moof, p + 4)
            } else {
                u64::from(be_u32(moof, p + 4))
            }
        }
        None => 0,
    };
    let mut total = 0u64;
    let mut last_sample = None;
    for trun in kids.iter().filter(|b| &b.kind == b"trun") {
        let p = trun.payload().start;
        let flags = be_u32(moof, p) & 0x00ff_ffff;
        let count = be_u32(moof, p + 4) as usize;
        let mut at = p + 8;
        if flags & 0x001 != 0 {
            at += 4;
        }
        if flags & 0x004 != 0 {
            at += 4;
        }
        let per_sample = [0x100u32, 0x200, 0x400, 0x800]
            .iter()
            .filter(|f| flags & **f != 0)
            .count()
            * 4;
        if at + count * per_sample > trun.end() as usize {
            return None;
        }
        if flags & 0x100 != 0 {
            for s in 0..count {
                let field = at + s * per_sample;
                let duration = u64::from(be_u32(moof, field));
                total += duration;
                last_sample = Some((field, duration));
            }
        } else {
            total += default_duration * count as u64;
            last_sample = None;
        }
    }
    Some(TrafTiming {
        id,
        base,
        total,
        last_sample,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mp4::writer::{FragmentWriter, VideoTrack, VIDEO_TIMESCALE};
    use crate::video::frame::I420Frame;
    use crate::video::h264::{H264Encoder, VideoSettings};

    /// Each fragment's video (tfdt, end) as finalize reads them.
    fn video_fragments(path: &Path) -> Vec<(u64, u64)> {
        let bytes = std::fs::read(path).expect("read");
        let mut file = std::io::Cursor::new(&bytes);
        let (top, _) = top_level(&mut file).expect("boxes");
        top.iter()
            .filter(|b| &b.kind == b"moof")
            .filter_map(|b| {
                let moof = &bytes[b.start as usize..b.end() as usize];
                let at = BoxRef { start: 0, ..*b };
                children(moof, at.payload())
                    .iter()
                    .filter(|t| &t.kind == b"traf")
                    .filter_map(|t| traf_timing(moof, *t))
                    .find(|t| t.id == 1)
                    .map(|t| (t.base, t.base + t.total))
            })
            .collect()
    }

    #[test]
    fn a_camera_stall_at_a_fragment_cut_leaves_no_hole_in_the_video() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("take.mp4");
        let settings = VideoSettings {
            width: 160,
            height: 96,
            fps: 30,
            bitrate_bps: 200_000,
        };
        let mut encoder = H264Encoder::new(settings).expect("encoder");
        let frame = I420Frame::black(160, 96).expect("frame");
        let frame_ticks = u64::from(VIDEO_TIMESCALE / 30);
        // The first frame at 0, then none until 0.6 s (a camera that took a while to deliver
        // its second frame, or stalled), then 30 fps; the cut at 1 s. The muxer starts the
        // next fragment at last frame + the fragment's *average* frame time (~79 ms here) but
        // gives its last frame the previous frame's 33 ms: a 46 ms hole, enough for WebKit's
        // player to stop in (it stopped in one of 0.87 s in the end-to-end tests).
        let times: Vec<u64> = std::iter::once(0)
            .chain((0..12).map(|i| 54_000 + i * frame_ticks))
            .chain((0..15).map(|i| 90_000 + i * frame_ticks))
            .collect();
        let mut writer = None;
        for (i, dts) in times.iter().enumerate() {
            let encoded = encoder.encode(&frame).expect("encode").expect("a frame");
            let w = writer.get_or_insert_with(|| {
                let video = VideoTrack {
                    width: 160,
                    height: 96,
                    sps: encoded.sps.clone().expect("sps"),
                    pps: encoded.pps.clone().expect("pps"),
                };
                FragmentWriter::create(&path, Some(video), false).expect("create")
            });
            if i == 13 {
                w.flush().expect("cut");
            }
            w.video(*dts, &encoded.avcc, encoded.keyframe)
                .expect("write");
        }
        let before = video_fragments(&path);
        assert_eq!(
            before.len(),
            1,
            "the first fragment is on disk, the second queued"
        );
        writer.expect("written").finish().expect("finish");

        let after = video_fragments(&path);
        assert_eq!(after.len(), 2, "{after:?}");
        assert_eq!(
            after[0].1, after[1].0,
            "the first fragment's last frame lasts until the second begins: {after:?}"
        );
        assert_eq!(before[0].0, after[0].0, "only the duration changed");
        // Idempotent: finalizing again changes nothing.
        let once = std::fs::read(&path).expect("read");
        finalize(&path).expect("again");
        assert_eq!(std::fs::read(&path).expect("read"), once);
    }

    #[test]
    fn files_that_are_not_takes_are_refused_unchanged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let junk = dir.path().join("junk.mp4");
        let content = b"this is not an mp4 file at all".to_vec();
        std::fs::write(&junk, &content).expect("write");
        assert_eq!(
            finalize(&junk).map_err(|e| e.code()).err(),
            Some("not_a_recording")
        );
        assert_eq!(
            std::fs::read(&junk).expect("read"),
            content,
            "left untouched"
        );

        // An ftyp alone (crash before the header was complete) is refused too.
        let mut torn = 20u32.to_be_bytes().to_vec();
        torn.extend_from_slice(b"ftypiso5\0\0\0\0iso5");
        torn.extend_from_slice(&[0, 0, 1, 0, b'm', b'o', b'o', b'v', 1, 2]);
        std::fs::write(&junk, &torn).expect("write");
        assert_eq!(
            inspect(&junk).map_err(|e| e.code()).err(),
            Some("not_a_recording")
        );
        let missing = dir.path().join("missing.mp4");
        assert_eq!(inspect(&missing).map_err(|e| e.code()).err(), Some("io"));
    }
}
