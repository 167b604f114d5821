//! A take in progress: the manager that owns the capture, encode and mux threads.
//!
//! Data flows one way: the audio worker drains the microphone's ring buffer, resamples (48 kHz
//! for Opus, 16 kHz mono for speech) and encodes; the video worker pulls camera frames and
//! encodes H.264; both send packets to the mux worker, which owns the file. Every timestamp is
//! measured from one monotonic instant, the take's start, so audio and video stay in sync.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::audio::level::{Level, LevelMeter};
use crate::audio::opus_encoder::OpusEncoder;
use crate::audio::resample::MonoResampler;
use crate::audio::{downmix_into, RECORD_RATE, SPEECH_RATE};
use crate::camera::{CameraChoice, DeviceCamera, SyntheticCamera};
use crate::error::{CaptureError, Result};
use crate::mic::{MicChoice, MicStream};
use crate::mp4::finalize::TakeInfo;
use crate::mp4::writer::{FragmentWriter, VideoTrack, VIDEO_TIMESCALE};
use crate::pause::PauseClock;
use crate::preview::PreviewTap;
use crate::session_mic::MicTap;
use crate::source::{AudioSource, SourceState, SyntheticMic, VideoSource};
use crate::video::h264::{H264Encoder, VideoSettings};

/// A fragment is cut once this much media is queued.
const FRAGMENT: Duration = Duration::from_secs(1);
/// A microphone that delivers nothing for this long is treated as unplugged.
const STALL: Duration = Duration::from_secs(2);

/// Where the audio of a take comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudioChoice {
    Mic(MicChoice),
    /// [`SyntheticMic`]: beeps on the take's clock, for sync tests and benchmarks.
    Synthetic,
}

/// Everything needed to start a take.
#[derive(Debug)]
pub struct RecordOptions {
    pub out: PathBuf,
    pub camera: CameraChoice,
    pub audio: AudioChoice,
    /// Used for the synthetic camera; a real camera records at the format it opened with.
    pub video: VideoSettings,
    /// Stop by itself after this long (media time), e.g. `onsite record --seconds`.
    pub max_duration: Option<Duration>,
    /// Receives 16 kHz mono f32 blocks for live transcription.
    pub speech: Option<mpsc::Sender<Vec<f32>>>,
    /// Receives the camera's frames, downscaled, for the UI's live preview.
    pub preview: Option<PreviewTap>,
}

/// What a finished take produced.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TakeSummary {
    pub path: PathBuf,
    pub info: TakeInfo,
    pub video_frames: u64,
    pub audio_packets: u64,
    pub dropped_audio_samples: u64,
    /// Set when a device failed mid-take: the take ended early but keeps what was captured.
    pub device_error: Option<String>,
}

enum Packet {
    Video {
        dts: u64,
        data: Vec<u8>,
        keyframe: bool,
        params: Option<(Vec<u8>, Vec<u8>)>,
        size: (u32, u32),
    },
    Audio {
        pts: u64,
        data: Vec<u8>,
    },
}

#[derive(Debug, Default)]
struct Shared {
    stop: AtomicBool,
    level: LevelMeter,
    device_error: Mutex<Option<String>>,
    dropped: std::sync::atomic::AtomicU64,
    pauses: Mutex<PauseClock>,
}

impl Shared {
    /// A copy of the paused stretches (a worker holds the lock only for the copy).
    fn pauses(&self) -> PauseClock {
        self.pauses
            .lock()
            .map(|c| c.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    fn fail(&self, message: String) {
        tracing::error!(%message, "device failed; ending the take");
        if let Ok(mut slot) = self.device_error.lock() {
            slot.get_or_insert(message);
        }
        self.stop.store(true, Ordering::Release);
    }
}

/// A running take. [`Recording::stop`] finishes and finalizes the file.
#[derive(Debug)]
pub struct Recording {
    shared: Arc<Shared>,
    started: Instant,
    max_duration: Option<Duration>,
    workers: Vec<thread::JoinHandle<Result<()>>>,
    mux: Option<thread::JoinHandle<Result<(TakeInfo, u64, u64)>>>,
    path: PathBuf,
}

impl Recording {
    /// Opens the devices and starts recording to `options.out` (which must not exist).
    pub fn start(options: RecordOptions) -> Result<Self> {
        let has_audio = !matches!(options.audio, AudioChoice::Mic(MicChoice::None));
        check_out(&options, has_audio)?;
        // Open the microphone before the take's clock starts (opening can take a second
        // through some ALSA set-ups), and here so a missing device is an error from `start`.
        let mic: Option<Box<dyn AudioSource>> = match &options.audio {
            AudioChoice::Mic(MicChoice::None) | AudioChoice::Synthetic => None,
            AudioChoice::Mic(choice) => Some(Box::new(MicStream::open(choice)?)),
        };
        let started = Instant::now();
        let audio = match options.audio {
            AudioChoice::Synthetic => Some(Box::new(SyntheticMic::start(started)) as _),
            _ => mic,
        };
        Self::launch(options, started, audio)
    }

    /// Records from a microphone the session keeps open ([`crate::session_mic::SessionMic`])
    /// instead of `options.audio`. The take's clock starts at [`MicTap::from`], which may lie
    /// a moment in the past: the take begins with the sound from then, so words spoken as the
    /// candidate pressed "start" are not lost while the camera and encoders start.
    pub fn start_from_tap(options: RecordOptions, tap: MicTap) -> Result<Self> {
        check_out(&options, true)?;
        let started = tap.from();
        Self::launch(options, started, Some(Box::new(tap)))
    }

    fn launch(
        options: RecordOptions,
        started: Instant,
        audio: Option<Box<dyn AudioSource>>,
    ) -> Result<Self> {
        let has_audio = audio.is_some();
        let has_video = options.camera != CameraChoice::None;
        let shared = Arc::new(Shared::default());
        let (tx, rx) = mpsc::sync_channel::<Packet>(256);
        let mut workers = Vec::new();
        if has_video {
            let camera = options.camera.clone();
            let settings = options.video;
            let (tx, worker_shared) = (tx.clone(), Arc::clone(&shared));
            let limit = options.max_duration;
            let preview = options.preview.clone();
            // The camera is opened on its own thread (nokhwa handles are not always Send).
            let (ready_tx, ready_rx) = mpsc::sync_channel::<Result<()>>(1);
            workers.push(spawn("onsite-video", move || {
                let source: Box<dyn VideoSource> = match camera {
                    CameraChoice::Synthetic => match SyntheticCamera::new(
                        settings.width,
                        settings.height,
                        settings.fps,
                        started,
                    ) {
                        Ok(c) => Box::new(c),
                        Err(e) => return fail_ready(&ready_tx, e),
                    },
                    CameraChoice::Device(id) => match DeviceCamera::open(&id) {
                        Ok(c) => Box::new(c),
                        Err(e) => return fail_ready(&ready_tx, e),
                    },
                    CameraChoice::None => return Ok(()),
                };
                let _ = ready_tx.send(Ok(()));
                video_worker(
                    source,
                    settings.bitrate_bps,
                    started,
                    limit,
                    preview,
                    &worker_shared,
                    &tx,
                )
            })?);
            match ready_rx.recv() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    shared.stop.store(true, Ordering::Release);
                    return Err(e);
                }
                Err(_) => return Err(CaptureError::CameraOpen("camera thread ended".into())),
            }
        }
        if let Some(source) = audio {
            let (tx, shared) = (tx.clone(), Arc::clone(&shared));
            let limit = options.max_duration;
            let speech = options.speech;
            workers.push(spawn("onsite-audio", move || {
                audio_worker(source, started, limit, speech, &shared, &tx)
            })?);
        }
        drop(tx);
        let path = options.out.clone();
        let mux_path = options.out;
        let mux_shared = Arc::clone(&shared);
        let mux = thread::Builder::new()
            .name("onsite-mux".into())
            .spawn(move || {
                let result = mux_worker(&mux_path, has_video, has_audio, rx);
                if result.is_err() {
                    // A write that failed (a full disk) ends the take now rather than at its
                    // time limit: the caller sees is_done(), and stop() returns the error.
                    mux_shared.stop.store(true, Ordering::Release);
                }
                result
            })
            .map_err(|e| CaptureError::io(&path, e))?;
        tracing::info!(out = %path.display(), has_video, has_audio, "take started");
        Ok(Self {
            shared,
            started,
            max_duration: options.max_duration,
            workers,
            mux: Some(mux),
            path,
        })
    }

    pub fn level(&self) -> Level {
        self.shared.level.read()
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True once a device failed or the maximum duration (of media, pauses excluded) was
    /// reached.
    pub fn is_done(&self) -> bool {
        self.shared.stop.load(Ordering::Acquire)
            || self.max_duration.is_some_and(|m| {
                let now = Instant::now();
                let paused = self.shared.pauses().paused_before(now);
                now.saturating_duration_since(self.started) >= m + paused
            })
    }

    /// Stops recording from `at` on (sound and pictures captured from then are dropped)
    /// until [`Recording::resume`]; the take then goes on as if the pause had not happened.
    /// False when already paused.
    pub fn pause(&self, at: Instant) -> bool {
        self.edit_pauses(|c| c.pause(at))
    }

    /// Records again from `at` on. False when not paused.
    pub fn resume(&self, at: Instant) -> bool {
        self.edit_pauses(|c| c.resume(at))
    }

    pub fn is_paused(&self) -> bool {
        self.shared.pauses().is_paused()
    }

    fn edit_pauses(&self, f: impl FnOnce(&mut PauseClock) -> bool) -> bool {
        let mut clock = self.shared.pauses.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut clock)
    }

    /// Stops capture, writes the last fragment and finalizes the file.
    pub fn stop(mut self) -> Result<TakeSummary> {
        self.shared.stop.store(true, Ordering::Release);
        let mut first_err = None;
        for w in self.workers.drain(..) {
            match w.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    first_err.get_or_insert(e);
                }
                Err(_) => {
                    first_err.get_or_insert(CaptureError::Mux("a capture thread panicked".into()));
                }
            }
        }
        let mux = self
            .mux
            .take()
            .ok_or_else(|| CaptureError::Mux("take already stopped".into()))?;
        let (info, video_frames, audio_packets) = mux
            .join()
            .map_err(|_| CaptureError::Mux("the mux thread panicked".into()))??;
        if let Some(e) = first_err {
            tracing::warn!(error = %e, "a capture worker ended with an error");
        }
        let device_error = self.shared.device_error.lock().ok().and_then(|s| s.clone());
        Ok(TakeSummary {
            path: self.path.clone(),
            info,
            video_frames,
            audio_packets,
            dropped_audio_samples: self.shared.dropped.load(Ordering::Relaxed),
            device_error,
        })
    }
}

fn check_out(options: &RecordOptions, has_audio: bool) -> Result<()> {
    if !has_audio && options.camera == CameraChoice::None {
        return Err(CaptureError::NothingToRecord);
    }
    if options.out.exists() {
        return Err(CaptureError::io(
            &options.out,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "refusing to overwrite"),
        ));
    }
    Ok(())
}

impl Drop for Recording {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Release);
    }
}

fn spawn(
    name: &str,
    f: impl FnOnce() -> Result<()> + Send + 'static,
) -> Result<thread::JoinHandle<Result<()>>> {
    thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map_err(|e| CaptureError::Mux(format!("cannot start {name}: {e}")))
}

fn fail_ready(ready: &mpsc::SyncSender<Result<()>>, e: CaptureError) -> Result<()> {
    let message = e.to_string();
    let _ = ready.send(Err(e));
    Err(CaptureError::CameraOpen(message))
}

fn video_worker(
    mut source: Box<dyn VideoSource>,
    bitrate_bps: u32,
    started: Instant,
    limit: Option<Duration>,
    preview: Option<PreviewTap>,
    shared: &Shared,
    tx: &mpsc::SyncSender<Packet>,
) -> Result<()> {
    let settings = VideoSettings {
        width: source.width(),
        height: source.height(),
        fps: source.fps(),
        bitrate_bps,
    };
    let mut encoder = H264Encoder::new(settings)?;
    let mut first = true;
    let mut last_dts = 0u64;
    while !shared.stop.load(Ordering::Acquire) {
        let captured = match source.next_frame() {
            Ok(f) => f,
            Err(e) => {
                shared.fail(e.to_string());
                return Err(e);
            }
        };
        if let Some(tap) = &preview {
            // The candidate still sees themselves while paused.
            tap.publish(&captured.frame, captured.captured_at);
        }
        let pauses = shared.pauses();
        if pauses.paused_at(captured.captured_at) {
            continue;
        }
        let at = captured
            .captured_at
            .saturating_duration_since(started)
            .saturating_sub(pauses.paused_before(captured.captured_at));
        if limit.is_some_and(|l| at >= l) {
            break;
        }
        let Some(encoded) = encoder.encode(&captured.frame)? else {
            continue;
        };
        // The first frame is shown from 0 so both tracks start together (muxide starts each
        // track's first fragment at 0).
        let dts = if first {
            0
        } else {
            ((at.as_nanos() * u128::from(VIDEO_TIMESCALE) + 500_000_000) / 1_000_000_000) as u64
        };
        let dts = dts.max(last_dts + 1);
        last_dts = dts;
        let params = match (first, encoded.sps, encoded.pps) {
            (true, Some(s), Some(p)) => Some((s, p)),
            (true, _, _) => {
                return Err(CaptureError::VideoEncoder(
                    "first frame carried no SPS/PPS".into(),
                ))
            }
            _ => None,
        };
        first = false;
        let packet = Packet::Video {
            dts,
            data: encoded.avcc,
            keyframe: encoded.keyframe,
            params,
            size: (settings.width, settings.height),
        };
        if tx.send(packet).is_err() {
            break;
        }
    }
    Ok(())
}

fn audio_worker(
    mut source: Box<dyn AudioSource>,
    started: Instant,
    limit: Option<Duration>,
    speech: Option<mpsc::Sender<Vec<f32>>>,
    shared: &Shared,
    tx: &mpsc::SyncSender<Packet>,
) -> Result<()> {
    let format = source.format();
    let mut to_record = MonoResampler::new(format.sample_rate, RECORD_RATE)?;
    let mut to_speech = MonoResampler::new(format.sample_rate, SPEECH_RATE)?;
    let mut opus = OpusEncoder::new()?;
    let limit_samples = limit.map(|l| (l.as_secs_f64() * f64::from(RECORD_RATE)).round() as u64);
    let mut raw = Vec::with_capacity(format.sample_rate as usize);
    let mut mono = Vec::with_capacity(format.sample_rate as usize);
    let mut rec = Vec::with_capacity(RECORD_RATE as usize);
    let mut pts = 0u64;
    let mut produced = 0u64; // 48 kHz samples handed to Opus
    let mut padded = false;
    let mut last_data = Instant::now();
    let mut skip = 0usize;
    let mut send_err = false;
    // Frames read since the first one, dated from the source's first sample: what a pause
    // cuts is decided by when the sound was captured, not when it was read.
    let mut first_at: Option<Instant> = None;
    let mut read_frames = 0u64;
    let mut kept = Vec::with_capacity(format.sample_rate as usize);
    loop {
        let stopping = shared.stop.load(Ordering::Acquire);
        raw.clear();
        if source.read(&mut raw) > 0 {
            last_data = Instant::now();
        }
        if let SourceState::Failed(message) = source.state() {
            shared.fail(format!("microphone: {message}"));
        } else if padded && last_data.elapsed() > STALL && !stopping {
            // Some back ends (PulseAudio through ALSA) report nothing when the device goes
            // away; the stream just stops. A capture device never pauses, so silence from
            // the driver itself means it is gone.
            shared.fail(format!(
                "microphone: no sound from the device for {} s (unplugged?)",
                STALL.as_secs()
            ));
        }
        mono.clear();
        downmix_into(&raw, format.channels, &mut mono);
        shared.level.record(&mono);
        if first_at.is_none() {
            first_at = source.first_sample_at();
        }
        let block_start = read_frames;
        read_frames += mono.len() as u64;
        let pauses = shared.pauses();
        if let (false, Some(first)) = (pauses.is_empty(), first_at) {
            let rate = f64::from(format.sample_rate);
            kept.clear();
            kept.extend(mono.iter().enumerate().filter_map(|(i, &s)| {
                let at = first + Duration::from_secs_f64((block_start + i as u64) as f64 / rate);
                (!pauses.paused_at(at)).then_some(s)
            }));
            std::mem::swap(&mut mono, &mut kept);
        }
        if let Some(speech) = &speech {
            let mut block = Vec::with_capacity(mono.len() / 2 + 16);
            to_speech.process(&mono, &mut block)?;
            if !block.is_empty() {
                let _ = speech.send(block);
            }
        }
        rec.clear();
        if !padded {
            if let Some(first) = source.first_sample_at() {
                // Align the first captured sample with the take's clock: silence for a
                // device that started late, dropping what one captured before the start.
                let secs = |d: Duration| (d.as_secs_f64() * f64::from(RECORD_RATE)).round();
                rec.resize(secs(first.saturating_duration_since(started)) as usize, 0.0);
                skip = secs(started.saturating_duration_since(first)) as usize;
                padded = true;
            }
        }
        to_record.process(&mono, &mut rec)?;
        if skip > 0 {
            let n = skip.min(rec.len());
            rec.drain(..n);
            skip -= n;
        }
        if stopping {
            to_record.flush(&mut rec)?;
        }
        if let Some(max) = limit_samples {
            let room = max.saturating_sub(produced) as usize;
            rec.truncate(room);
        }
        produced += rec.len() as u64;
        opus.push(&rec, |packet| {
            if tx
                .send(Packet::Audio {
                    pts,
                    data: packet.to_vec(),
                })
                .is_err()
            {
                send_err = true;
            }
            pts += crate::audio::opus_encoder::FRAME as u64;
        })?;
        let reached = limit_samples.is_some_and(|m| produced >= m);
        if stopping || reached || send_err {
            break;
        }
        thread::sleep(Duration::from_millis(10));
    }
    opus.finish(|packet| {
        let _ = tx.send(Packet::Audio {
            pts,
            data: packet.to_vec(),
        });
        pts += crate::audio::opus_encoder::FRAME as u64;
    })?;
    shared
        .dropped
        .store(source.dropped_samples(), Ordering::Relaxed);
    Ok(())
}

fn mux_worker(
    path: &Path,
    has_video: bool,
    has_audio: bool,
    rx: mpsc::Receiver<Packet>,
) -> Result<(TakeInfo, u64, u64)> {
    let mut writer: Option<FragmentWriter> = None;
    // Audio that arrives before the first video frame (whose SPS/PPS the header needs).
    let mut early_audio: Vec<(u64, Vec<u8>)> = Vec::new();
    let (mut video_frames, mut audio_packets) = (0u64, 0u64);
    let mut fragment_end = FRAGMENT.as_secs_f64();
    // Video frames in the fragment being filled. A frame's duration in the file is the gap to
    // the next frame of its fragment; a frame alone in one gets a guess (1/60 s), leaving a
    // hole a browser's player stalls at. That happens when a take starts from a moment in the
    // past (a session microphone's history): audio past 1 s arrives before the second frame.
    let mut fragment_frames = 0usize;
    for packet in rx {
        // Cut a fragment before the first packet of the next second, so fragment k holds
        // [k-1 s, k s) and a crash loses at most the second in progress; with video, only
        // before a frame and once the fragment holds two.
        let t = match &packet {
            Packet::Video { dts, .. } => *dts as f64 / f64::from(VIDEO_TIMESCALE),
            Packet::Audio { pts, .. } => *pts as f64 / f64::from(RECORD_RATE),
        };
        let may_cut = !has_video || matches!(packet, Packet::Video { .. }) && fragment_frames >= 2;
        if t >= fragment_end && may_cut {
            fragment_frames = 0;
            if let Some(w) = writer.as_mut() {
                w.flush()?;
                fragment_end = (t / FRAGMENT.as_secs_f64()).floor() * FRAGMENT.as_secs_f64()
                    + FRAGMENT.as_secs_f64();
            }
        }
        match packet {
            Packet::Video {
                dts,
                data,
                keyframe,
                params,
                size,
            } => {
                if writer.is_none() {
                    let Some((sps, pps)) = params else {
                        continue;
                    };
                    let video = VideoTrack {
                        width: size.0,
                        height: size.1,
                        sps,
                        pps,
                    };
                    let mut w = FragmentWriter::create(path, Some(video), has_audio)?;
                    for (pts, data) in early_audio.drain(..) {
                        w.audio(pts, &data)?;
                    }
                    writer = Some(w);
                }
                if let Some(w) = writer.as_mut() {
                    w.video(dts, &data, keyframe)?;
                }
                video_frames += 1;
                fragment_frames += 1;
            }
            Packet::Audio { pts, data } => {
                audio_packets += 1;
                match writer.as_mut() {
                    Some(w) => w.audio(pts, &data)?,
                    None if has_video => early_audio.push((pts, data)),
                    None => {
                        let mut w = FragmentWriter::create(path, None, true)?;
                        w.audio(pts, &data)?;
                        writer = Some(w);
                    }
                }
            }
        }
    }
    let writer = match writer {
        Some(w) => w,
        // Audio only arrived although a camera was expected (it failed before its first
        // frame): keep the sound rather than lose the take.
        None if !early_audio.is_empty() => {
            let mut w = FragmentWriter::create(path, None, true)?;
            for (pts, data) in early_audio.drain(..) {
                w.audio(pts, &data)?;
            }
            w
        }
        None => {
            return Err(CaptureError::Mux(
                "nothing was captured: no frames and no audio arrived".into(),
            ))
        }
    };
    let info = writer.finish()?;
    Ok((info, video_frames, audio_packets))
}
