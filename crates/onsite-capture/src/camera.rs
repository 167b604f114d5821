//! Cameras: listing and opening them with nokhwa, and the synthetic test camera.

use std::time::{Duration, Instant};

use nokhwa::pixel_format::RgbFormat;
use nokhwa::utils::{
    ApiBackend, CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType,
    Resolution,
};

use crate::error::{CaptureError, Result};
use crate::source::{CapturedFrame, VideoSource};
use crate::video::frame::I420Frame;
use crate::video::pattern;

/// One camera as `onsite devices` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CameraInfo {
    pub id: String,
    pub name: String,
    pub description: String,
}

/// Which camera a take uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraChoice {
    None,
    Synthetic,
    Device(String),
}

impl CameraChoice {
    /// `none`, `synthetic`, or a device id.
    pub fn from_id(id: &str) -> Self {
        match id {
            "none" => Self::None,
            "synthetic" => Self::Synthetic,
            other => Self::Device(other.to_owned()),
        }
    }
}

impl std::str::FromStr for CameraChoice {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(Self::from_id(s))
    }
}

/// Lists cameras. A machine without cameras (no `/dev/video*`) gives an empty list.
pub fn list_cameras() -> Result<Vec<CameraInfo>> {
    let cameras = match nokhwa::query(ApiBackend::Auto) {
        Ok(c) => c,
        // V4L reports a missing /dev as an error; for the user that simply means no cameras.
        Err(e) => {
            tracing::debug!(error = %e, "camera query failed; treating as no cameras");
            Vec::new()
        }
    };
    Ok(cameras
        .into_iter()
        .map(|c| CameraInfo {
            id: c.index().to_string(),
            name: c.human_name(),
            description: c.description().to_owned(),
        })
        .collect())
}

/// A real camera through nokhwa, delivering I420 at the format closest to the request.
pub struct DeviceCamera {
    camera: nokhwa::Camera,
    width: u32,
    height: u32,
    fps: u32,
}

impl std::fmt::Debug for DeviceCamera {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "DeviceCamera({}x{}@{})",
            self.width, self.height, self.fps
        )
    }
}

impl DeviceCamera {
    /// Opens camera `id` (an index like "0" or a device path) at 1280x720@30 or the closest.
    pub fn open(id: &str) -> Result<Self> {
        if !list_cameras()?.iter().any(|c| c.id == id) {
            return Err(CaptureError::CameraNotFound(id.to_owned()));
        }
        let index = match id.parse::<u32>() {
            Ok(n) => CameraIndex::Index(n),
            Err(_) => CameraIndex::String(id.to_owned()),
        };
        let wanted = CameraFormat::new(Resolution::new(1280, 720), FrameFormat::MJPEG, 30);
        let request = RequestedFormat::new::<RgbFormat>(RequestedFormatType::Closest(wanted));
        let mut camera = nokhwa::Camera::new(index, request)
            .map_err(|e| CaptureError::CameraOpen(e.to_string()))?;
        camera
            .open_stream()
            .map_err(|e| CaptureError::CameraOpen(e.to_string()))?;
        let format = camera.camera_format();
        Ok(Self {
            width: format.width() & !1,
            height: format.height() & !1,
            fps: format.frame_rate().max(1),
            camera,
        })
    }
}

impl VideoSource for DeviceCamera {
    fn width(&self) -> u32 {
        self.width
    }
    fn height(&self) -> u32 {
        self.height
    }
    fn fps(&self) -> u32 {
        self.fps
    }

    fn next_frame(&mut self) -> Result<CapturedFrame> {
        let buffer = self
            .camera
            .frame()
            .map_err(|e| CaptureError::CameraFailed(e.to_string()))?;
        let captured_at = Instant::now();
        let res = buffer.resolution();
        let frame = match buffer.source_frame_format() {
            FrameFormat::MJPEG => I420Frame::from_mjpeg(buffer.buffer())?,
            FrameFormat::YUYV => I420Frame::from_yuyv(res.width(), res.height(), buffer.buffer())?,
            FrameFormat::RAWRGB => I420Frame::from_rgb(res.width(), res.height(), buffer.buffer())?,
            other => return Err(CaptureError::UnsupportedFrameFormat(other.to_string())),
        };
        Ok(CapturedFrame { frame, captured_at })
    }
}

/// A test camera: the moving pattern of [`pattern::draw`], paced in real time from `epoch`
/// (frame `n` is due at `epoch + n/fps`), so frame `k*fps` — the flash — lands on second `k`.
#[derive(Debug)]
pub struct SyntheticCamera {
    width: u32,
    height: u32,
    fps: u32,
    epoch: Instant,
    next: u64,
    frame: I420Frame,
}

impl SyntheticCamera {
    pub fn new(width: u32, height: u32, fps: u32, epoch: Instant) -> Result<Self> {
        Ok(Self {
            frame: I420Frame::black(width, height)?,
            width,
            height,
            fps: fps.max(1),
            epoch,
            next: 0,
        })
    }
}

impl VideoSource for SyntheticCamera {
    fn width(&self) -> u32 {
        self.width
    }
    fn height(&self) -> u32 {
        self.height
    }
    fn fps(&self) -> u32 {
        self.fps
    }

    fn next_frame(&mut self) -> Result<CapturedFrame> {
        let due = self.epoch + Duration::from_secs_f64(self.next as f64 / f64::from(self.fps));
        let now = Instant::now();
        if due > now {
            std::thread::sleep(due - now);
        } else if now - due > Duration::from_secs_f64(1.0 / f64::from(self.fps)) {
            // Like a real camera, frames the consumer was too slow for are lost, not queued.
            let behind = (now - self.epoch).as_secs_f64() * f64::from(self.fps);
            self.next = behind as u64;
        }
        let due = self.epoch + Duration::from_secs_f64(self.next as f64 / f64::from(self.fps));
        pattern::draw(&mut self.frame, self.next, self.fps);
        self.next += 1;
        Ok(CapturedFrame {
            frame: self.frame.clone(),
            captured_at: due,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_cameras_here_is_an_empty_list_and_opening_one_is_a_clear_error() {
        // This machine has no /dev/video*; the real nokhwa V4L path must cope with that.
        assert!(
            !std::path::Path::new("/dev/video0").exists(),
            "test assumes no camera"
        );
        let cameras = list_cameras().expect("listing never fails for a missing camera");
        assert!(cameras.is_empty());
        let err = DeviceCamera::open("0").expect_err("no camera to open");
        assert_eq!(err.code(), "camera_not_found");
        assert!(err.to_string().contains("onsite devices"));
    }

    #[test]
    fn synthetic_camera_paces_frames_and_flashes_each_second() {
        let epoch = Instant::now();
        let mut cam = SyntheticCamera::new(64, 48, 30, epoch).expect("camera");
        let first = cam.next_frame().expect("frame");
        assert!(first.frame.mean_luma() > 230.0, "frame 0 is a flash");
        for _ in 1..30 {
            let f = cam.next_frame().expect("frame");
            assert!(f.frame.mean_luma() < 200.0);
        }
        let flash = cam.next_frame().expect("frame");
        assert!(flash.frame.mean_luma() > 230.0);
        assert_eq!(flash.captured_at - epoch, Duration::from_secs(1));
        assert!(
            epoch.elapsed() >= Duration::from_millis(990),
            "paced in real time"
        );
    }
}
