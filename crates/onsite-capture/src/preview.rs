//! Camera preview for the UI: the latest frame, downscaled, handed from a capture thread to
//! whoever draws it, and a stand-alone preview that opens a camera without recording.
//!
//! The capture side ([`PreviewTap::publish`]) never waits: it downscales into a fresh buffer
//! and swaps it in with `try_lock`, skipping the frame if a reader holds the slot at that
//! instant. Readers take the latest frame as JPEG (encoded once per frame, on the reader's
//! thread, and cached), so a webview can draw it without base64 or per-pixel work. When nobody
//! has asked for a frame for a while the tap stops downscaling, so a take whose preview is
//! hidden pays nothing for it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::camera::{CameraChoice, DeviceCamera, SyntheticCamera};
use crate::error::{CaptureError, Result};
use crate::source::VideoSource;
use crate::video::frame::I420Frame;

/// Preview frames are at most this wide (a 1280x720 camera is shown at 640x360).
pub const MAX_WIDTH: u32 = 640;
/// Bytes before the JPEG in [`PreviewJpeg::to_wire`].
pub const WIRE_HEADER_LEN: usize = 12;
/// The wire header's first four bytes.
pub const WIRE_MAGIC: &[u8; 4] = b"OSPV";
/// JPEG quality: a preview, not a recording.
const JPEG_QUALITY: u8 = 70;
/// The tap keeps publishing this long after the last read.
const IDLE_AFTER: Duration = Duration::from_secs(3);

/// One preview picture.
#[derive(Debug, Clone)]
pub struct PreviewFrame {
    /// 1 for the first frame published, then increasing.
    pub seq: u64,
    pub captured_at: Instant,
    pub frame: Arc<I420Frame>,
}

/// One preview picture encoded as JPEG.
#[derive(Debug, Clone)]
pub struct PreviewJpeg {
    pub seq: u64,
    pub width: u32,
    pub height: u32,
    pub jpeg: Arc<Vec<u8>>,
}

impl PreviewJpeg {
    /// `OSPV`, seq (u32 LE, wrapping), width and height (u16 LE), then the JPEG bytes: what
    /// the shell sends to the webview as one binary IPC response.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(WIRE_HEADER_LEN + self.jpeg.len());
        out.extend_from_slice(WIRE_MAGIC);
        out.extend_from_slice(&(self.seq as u32).to_le_bytes());
        out.extend_from_slice(&(self.width.min(u32::from(u16::MAX)) as u16).to_le_bytes());
        out.extend_from_slice(&(self.height.min(u32::from(u16::MAX)) as u16).to_le_bytes());
        out.extend_from_slice(&self.jpeg);
        out
    }
}

#[derive(Debug)]
struct Inner {
    max_width: u32,
    created: Instant,
    latest: Mutex<Option<PreviewFrame>>,
    fresh: Condvar,
    seq: AtomicU64,
    /// Milliseconds after `created` of the last read, plus one (0 = never read).
    last_read_ms: AtomicU64,
    jpeg: Mutex<Option<PreviewJpeg>>,
}

/// A slot for the latest preview frame, shared by one publisher and any number of readers.
/// Cloning is cheap (an `Arc`).
#[derive(Debug, Clone)]
pub struct PreviewTap {
    inner: Arc<Inner>,
}

impl Default for PreviewTap {
    fn default() -> Self {
        Self::new()
    }
}

impl PreviewTap {
    pub fn new() -> Self {
        Self::with_max_width(MAX_WIDTH)
    }

    pub fn with_max_width(max_width: u32) -> Self {
        Self {
            inner: Arc::new(Inner {
                max_width: max_width.max(2),
                created: Instant::now(),
                latest: Mutex::new(None),
                fresh: Condvar::new(),
                seq: AtomicU64::new(0),
                last_read_ms: AtomicU64::new(0),
                jpeg: Mutex::new(None),
            }),
        }
    }

    /// True while someone has read a frame recently (or never yet, so the first read finds
    /// one). The capture side may skip [`PreviewTap::publish`] otherwise.
    pub fn is_wanted(&self) -> bool {
        match self.inner.last_read_ms.load(Ordering::Relaxed) {
            0 => true,
            ms => {
                let last = Duration::from_millis(ms - 1);
                self.inner.created.elapsed().saturating_sub(last) < IDLE_AFTER
            }
        }
    }

    /// Publishes a camera frame, downscaled to at most the tap's width. Never waits for a
    /// reader: if the slot is busy this instant, the frame is skipped.
    pub fn publish(&self, frame: &I420Frame, captured_at: Instant) {
        if !self.is_wanted() {
            return;
        }
        let small = match downscale(frame, self.inner.max_width) {
            Ok(f) => f,
            Err(e) => {
                tracing::debug!(error = %e, "preview frame skipped");
                return;
            }
        };
        if let Ok(mut slot) = self.inner.latest.try_lock() {
            let seq = self.inner.seq.fetch_add(1, Ordering::AcqRel) + 1;
            *slot = Some(PreviewFrame {
                seq,
                captured_at,
                frame: Arc::new(small),
            });
            drop(slot);
            self.inner.fresh.notify_all();
        }
    }

    /// How many frames have been published.
    pub fn published(&self) -> u64 {
        self.inner.seq.load(Ordering::Acquire)
    }

    fn mark_read(&self) {
        let ms = self.inner.created.elapsed().as_millis() as u64 + 1;
        self.inner.last_read_ms.store(ms, Ordering::Relaxed);
    }

    /// The latest frame, if any.
    pub fn latest(&self) -> Option<PreviewFrame> {
        self.mark_read();
        self.inner.latest.lock().ok().and_then(|s| s.clone())
    }

    /// The latest frame newer than `after`, waiting up to `timeout` for one; `None` if no
    /// newer frame came. Blocks: call it from a worker thread, not an async runtime.
    pub fn wait_newer(&self, after: u64, timeout: Duration) -> Option<PreviewFrame> {
        self.mark_read();
        let deadline = Instant::now() + timeout;
        let mut slot = self.inner.latest.lock().ok()?;
        loop {
            if let Some(f) = slot.as_ref().filter(|f| f.seq > after) {
                return Some(f.clone());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            slot = self.inner.fresh.wait_timeout(slot, left).ok()?.0;
        }
    }

    /// Like [`PreviewTap::wait_newer`], encoded as JPEG (each frame is encoded once, however
    /// many readers ask).
    pub fn wait_newer_jpeg(&self, after: u64, timeout: Duration) -> Result<Option<PreviewJpeg>> {
        let Some(frame) = self.wait_newer(after, timeout) else {
            return Ok(None);
        };
        let mut cache = self
            .inner
            .jpeg
            .lock()
            .map_err(|_| CaptureError::FrameDecode("preview cache poisoned".into()))?;
        if let Some(hit) = cache.as_ref().filter(|c| c.seq == frame.seq) {
            return Ok(Some(hit.clone()));
        }
        let encoded = PreviewJpeg {
            seq: frame.seq,
            width: frame.frame.width(),
            height: frame.frame.height(),
            jpeg: Arc::new(encode_jpeg(&frame.frame)?),
        };
        *cache = Some(encoded.clone());
        Ok(Some(encoded))
    }

    /// Forgets the current frame (the camera stopped), so readers do not show a stale picture.
    pub fn clear(&self) {
        if let Ok(mut slot) = self.inner.latest.lock() {
            *slot = None;
        }
        if let Ok(mut cache) = self.inner.jpeg.lock() {
            *cache = None;
        }
    }
}

/// Box-filters `frame` down by the smallest whole factor that makes it at most `max_width`
/// wide (sizes kept even for 4:2:0). A frame already small enough is copied.
pub fn downscale(frame: &I420Frame, max_width: u32) -> Result<I420Frame> {
    let factor = frame.width().div_ceil(max_width.max(2)).max(1) as usize;
    if factor == 1 {
        return Ok(frame.clone());
    }
    let (sw, sh) = (frame.width() as usize, frame.height() as usize);
    let (dw, dh) = ((sw / factor) & !1, (sh / factor) & !1);
    let mut out = I420Frame::black(dw.max(2) as u32, dh.max(2) as u32)?;
    let (dw, dh) = (out.width() as usize, out.height() as usize);
    let (sy, su, sv) = frame.planes();
    let (oy, ou, ov) = out.planes_mut();
    box_filter(sy, sw, oy, dw, dh, factor);
    box_filter(su, sw / 2, ou, dw / 2, dh / 2, factor);
    box_filter(sv, sw / 2, ov, dw / 2, dh / 2, factor);
    Ok(out)
}

fn box_filter(src: &[u8], src_w: usize, dst: &mut [u8], dst_w: usize, dst_h: usize, f: usize) {
    let area = (f * f) as u32;
    for y in 0..dst_h {
        for x in 0..dst_w {
            let mut sum = 0u32;
            for r in 0..f {
                let start = (y * f + r) * src_w + x * f;
                sum += src[start..start + f]
                    .iter()
                    .map(|&p| u32::from(p))
                    .sum::<u32>();
            }
            dst[y * dst_w + x] = ((sum + area / 2) / area) as u8;
        }
    }
}

/// The frame (BT.601 limited range, as cameras and the encoder use) as a baseline JPEG
/// (JFIF full range), without a detour through RGB.
pub fn encode_jpeg(frame: &I420Frame) -> Result<Vec<u8>> {
    let too_big = |d: u32| u16::try_from(d).is_err();
    if too_big(frame.width()) || too_big(frame.height()) {
        return Err(CaptureError::FrameDecode(format!(
            "{}x{} is too large for a preview",
            frame.width(),
            frame.height()
        )));
    }
    let mut out = Vec::with_capacity((frame.width() * frame.height() / 8) as usize);
    let encoder = jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY);
    encoder
        .encode_image(FullRangeI420(frame))
        .map_err(|e| CaptureError::FrameDecode(format!("preview JPEG: {e}")))?;
    Ok(out)
}

struct FullRangeI420<'a>(&'a I420Frame);

impl jpeg_encoder::ImageBuffer for FullRangeI420<'_> {
    fn get_jpeg_color_type(&self) -> jpeg_encoder::JpegColorType {
        jpeg_encoder::JpegColorType::Ycbcr
    }
    fn width(&self) -> u16 {
        self.0.width() as u16
    }
    fn height(&self) -> u16 {
        self.0.height() as u16
    }
    fn fill_buffers(&self, row: u16, buffers: &mut [Vec<u8>; 4]) {
        let w = self.0.width() as usize;
        let row = usize::from(row);
        let (y, u, v) = self.0.planes();
        let luma = &y[row * w..(row + 1) * w];
        let (cu, cv) = (
            &u[(row / 2) * (w / 2)..(row / 2 + 1) * (w / 2)],
            &v[(row / 2) * (w / 2)..(row / 2 + 1) * (w / 2)],
        );
        // Limited range (Y 16-235, C 16-240) to JFIF full range.
        let ly = |p: u8| ((i32::from(p) - 16) * 255 / 219).clamp(0, 255) as u8;
        let lc = |p: u8| ((i32::from(p) - 128) * 255 / 224 + 128).clamp(0, 255) as u8;
        for (x, &p) in luma.iter().enumerate() {
            buffers[0].push(ly(p));
            buffers[1].push(lc(cu[x / 2]));
            buffers[2].push(lc(cv[x / 2]));
        }
    }
}

/// A camera opened for preview only (the device check): frames go to a [`PreviewTap`],
/// nothing is recorded. Stops when dropped.
#[derive(Debug)]
pub struct CameraPreview {
    stop: Arc<AtomicBool>,
    failure: Arc<Mutex<Option<String>>>,
    tap: PreviewTap,
    thread: Option<thread::JoinHandle<()>>,
}

impl CameraPreview {
    /// Opens `camera` (the synthetic one at 640x360, 30 fps) and publishes into `tap`.
    pub fn start(camera: &CameraChoice, tap: PreviewTap) -> Result<Self> {
        let camera = camera.clone();
        if camera == CameraChoice::None {
            return Err(CaptureError::CameraOpen(
                "no camera chosen: choose one to see a preview".into(),
            ));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let failure = Arc::new(Mutex::new(None));
        let (ready_tx, ready_rx) = std::sync::mpsc::sync_channel::<Result<()>>(1);
        let (t_stop, t_failure, t_tap) = (Arc::clone(&stop), Arc::clone(&failure), tap.clone());
        // Opened on its own thread: nokhwa handles are not always Send.
        let thread = thread::Builder::new()
            .name("onsite-preview".into())
            .spawn(move || {
                let opened: Result<Box<dyn VideoSource>> = match camera {
                    CameraChoice::Synthetic => {
                        SyntheticCamera::new(640, 360, 30, Instant::now()).map(|c| Box::new(c) as _)
                    }
                    CameraChoice::Device(id) => DeviceCamera::open(&id).map(|c| Box::new(c) as _),
                    CameraChoice::None => Err(CaptureError::CameraOpen("no camera".into())),
                };
                let mut source = match opened {
                    Ok(s) => {
                        let _ = ready_tx.send(Ok(()));
                        s
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                while !t_stop.load(Ordering::Acquire) {
                    match source.next_frame() {
                        Ok(f) => t_tap.publish(&f.frame, f.captured_at),
                        Err(e) => {
                            tracing::warn!(error = %e, "camera preview ended");
                            if let Ok(mut slot) = t_failure.lock() {
                                *slot = Some(e.to_string());
                            }
                            break;
                        }
                    }
                }
                t_tap.clear();
            })
            .map_err(|e| CaptureError::CameraOpen(format!("cannot start the preview: {e}")))?;
        match ready_rx.recv() {
            Ok(Ok(())) => Ok(Self {
                stop,
                failure,
                tap,
                thread: Some(thread),
            }),
            Ok(Err(e)) => {
                let _ = thread.join();
                Err(e)
            }
            Err(_) => {
                let _ = thread.join();
                Err(CaptureError::CameraOpen("the preview thread ended".into()))
            }
        }
    }

    pub fn tap(&self) -> &PreviewTap {
        &self.tap
    }

    /// Why the camera stopped delivering, if it failed.
    pub fn failure(&self) -> Option<String> {
        self.failure.lock().ok().and_then(|s| s.clone())
    }

    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for CameraPreview {
    fn drop(&mut self) {
        self.halt();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::video::pattern;

    fn pattern_frame(w: u32, h: u32, index: u64) -> I420Frame {
        let mut f = I420Frame::black(w, h).expect("frame");
        pattern::draw(&mut f, index, 30);
        f
    }

    #[test]
    fn downscale_halves_720p_and_keeps_the_mean() {
        let f = pattern_frame(1280, 720, 7);
        let small = downscale(&f, 640).expect("downscale");
        assert_eq!((small.width(), small.height()), (640, 360));
        assert!((small.mean_luma() - f.mean_luma()).abs() < 1.0);
        let same = downscale(&pattern_frame(640, 480, 3), 640).expect("copy");
        assert_eq!((same.width(), same.height()), (640, 480));
    }

    #[test]
    fn jpeg_decodes_back_to_the_picture() {
        let f = pattern_frame(640, 360, 5);
        let jpeg = encode_jpeg(&f).expect("encode");
        assert!(jpeg.starts_with(&[0xFF, 0xD8]), "a JPEG SOI marker");
        let mut decoder = zune_jpeg::JpegDecoder::new(&jpeg);
        let rgb = decoder.decode().expect("decodes");
        assert_eq!(decoder.dimensions(), Some((640, 360)));
        let back = I420Frame::from_rgb(640, 360, &rgb).expect("i420");
        assert!(
            (back.mean_luma() - f.mean_luma()).abs() < 3.0,
            "luma {} vs {}",
            back.mean_luma(),
            f.mean_luma()
        );
        // A flash frame is white, not grey: the range conversion is right.
        let white = encode_jpeg(&pattern_frame(64, 48, 0)).expect("encode");
        let rgb = zune_jpeg::JpegDecoder::new(&white)
            .decode()
            .expect("decode");
        assert!(
            rgb.iter().all(|&c| c >= 250),
            "limited-range 235 maps to 255"
        );
    }

    #[test]
    fn readers_get_the_newest_frame_once_encoded_and_wait_for_the_next() {
        let tap = PreviewTap::new();
        assert!(tap.latest().is_none());
        assert!(tap
            .wait_newer_jpeg(0, Duration::from_millis(20))
            .expect("no error")
            .is_none());
        tap.publish(&pattern_frame(1280, 720, 1), Instant::now());
        tap.publish(&pattern_frame(1280, 720, 2), Instant::now());
        let a = tap
            .wait_newer_jpeg(0, Duration::from_millis(20))
            .expect("encode")
            .expect("a frame");
        assert_eq!((a.seq, a.width, a.height), (2, 640, 360));
        let again = tap
            .wait_newer_jpeg(1, Duration::ZERO)
            .expect("encode")
            .expect("frame 2 is newer than 1");
        assert!(Arc::ptr_eq(&a.jpeg, &again.jpeg), "encoded once");
        let wire = a.to_wire();
        assert_eq!(&wire[..4], WIRE_MAGIC);
        assert_eq!(u32::from_le_bytes([wire[4], wire[5], wire[6], wire[7]]), 2);
        assert_eq!(u16::from_le_bytes([wire[8], wire[9]]), 640);
        assert_eq!(&wire[WIRE_HEADER_LEN..WIRE_HEADER_LEN + 2], &[0xFF, 0xD8]);

        let publisher = tap.clone();
        let t = thread::spawn(move || {
            thread::sleep(Duration::from_millis(50));
            publisher.publish(&pattern_frame(64, 48, 3), Instant::now());
        });
        let next = tap
            .wait_newer(2, Duration::from_secs(5))
            .expect("woken by the next frame");
        assert_eq!(next.seq, 3);
        t.join().expect("publisher");
        tap.clear();
        assert!(tap.latest().is_none());
    }

    #[test]
    fn stand_alone_preview_of_the_synthetic_camera_moves() {
        let tap = PreviewTap::new();
        let preview = CameraPreview::start(&CameraChoice::Synthetic, tap.clone()).expect("open");
        let a = tap.wait_newer(0, Duration::from_secs(5)).expect("a frame");
        let b = tap
            .wait_newer(a.seq, Duration::from_secs(5))
            .expect("another");
        assert!(b.seq > a.seq);
        assert_ne!(a.frame, b.frame, "the pattern moves");
        assert_eq!(a.frame.width(), 640);
        assert!(preview.failure().is_none());
        preview.stop();
        assert!(
            tap.latest().is_none(),
            "a stopped preview leaves no stale frame"
        );

        let err = CameraPreview::start(&CameraChoice::Device("0".into()), PreviewTap::new())
            .expect_err("no camera here");
        assert_eq!(err.code(), "camera_not_found");
    }
}
