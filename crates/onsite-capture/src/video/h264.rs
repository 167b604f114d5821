//! H.264 encoding with OpenH264 in bitrate rate-control mode, output ready for MP4 (AVCC).

use openh264::encoder::{
    BitRate, Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod, RateControlMode,
    UsageType,
};
use openh264::formats::YUVSlices;
use openh264::OpenH264API;

use super::frame::I420Frame;
use crate::error::{CaptureError, Result};

/// Encoder settings for one take.
#[derive(Debug, Clone, Copy)]
pub struct VideoSettings {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub bitrate_bps: u32,
}

impl VideoSettings {
    /// 720p30 at 1.5 Mb/s: a face on a plain background; ~170 MB per 15 minutes.
    pub fn hd() -> Self {
        Self {
            width: 1280,
            height: 720,
            fps: 30,
            bitrate_bps: 1_500_000,
        }
    }
}

/// One encoded picture.
#[derive(Debug, Clone)]
pub struct EncodedFrame {
    /// NAL units with 4-byte length prefixes, parameter sets removed.
    pub avcc: Vec<u8>,
    pub keyframe: bool,
    /// Present on keyframes: what the MP4 `avcC` box needs.
    pub sps: Option<Vec<u8>>,
    pub pps: Option<Vec<u8>>,
}

pub struct H264Encoder {
    encoder: Encoder,
    settings: VideoSettings,
    annexb: Vec<u8>,
}

impl std::fmt::Debug for H264Encoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("H264Encoder")
            .field("settings", &self.settings)
            .finish()
    }
}

impl H264Encoder {
    pub fn new(settings: VideoSettings) -> Result<Self> {
        let config = EncoderConfig::new()
            .usage_type(UsageType::CameraVideoRealTime)
            .rate_control_mode(RateControlMode::Bitrate)
            .bitrate(BitRate::from_bps(settings.bitrate_bps))
            .max_frame_rate(FrameRate::from_hz(settings.fps as f32))
            // A keyframe every 2 s bounds what a crash or a seek has to decode from.
            .intra_frame_period(IntraFramePeriod::from_num_frames(settings.fps * 2))
            // OpenH264 only holds the bitrate when it may skip frames; skips are handled.
            .skip_frames(true)
            .num_threads(1);
        let encoder = Encoder::with_api_config(OpenH264API::from_source(), config)
            .map_err(|e| CaptureError::VideoEncoder(e.to_string()))?;
        Ok(Self {
            encoder,
            settings,
            annexb: Vec::new(),
        })
    }

    pub fn settings(&self) -> VideoSettings {
        self.settings
    }

    /// Encodes one frame; `None` when the encoder skipped it.
    pub fn encode(&mut self, frame: &I420Frame) -> Result<Option<EncodedFrame>> {
        if frame.width() != self.settings.width || frame.height() != self.settings.height {
            return Err(CaptureError::VideoEncoder(format!(
                "frame is {}x{}, encoder expects {}x{}",
                frame.width(),
                frame.height(),
                self.settings.width,
                self.settings.height
            )));
        }
        let (w, h) = (frame.width() as usize, frame.height() as usize);
        let (y, u, v) = frame.planes();
        let src = YUVSlices::new((y, u, v), (w, h), (w, w / 2, w / 2));
        let bitstream = self
            .encoder
            .encode(&src)
            .map_err(|e| CaptureError::VideoEncoder(e.to_string()))?;
        let keyframe = matches!(bitstream.frame_type(), FrameType::IDR | FrameType::I);
        if matches!(bitstream.frame_type(), FrameType::Skip | FrameType::Invalid) {
            return Ok(None);
        }
        self.annexb.clear();
        bitstream.write_vec(&mut self.annexb);
        let mut out = EncodedFrame {
            avcc: Vec::with_capacity(self.annexb.len()),
            keyframe,
            sps: None,
            pps: None,
        };
        for nal in muxide::codec::AnnexBNalIter::new(&self.annexb) {
            match nal.first().map(|b| b & 0x1f) {
                None => continue,
                Some(7) => out.sps = Some(nal.to_vec()),
                Some(8) => out.pps = Some(nal.to_vec()),
                Some(_) => {
                    out.avcc
                        .extend_from_slice(&(nal.len() as u32).to_be_bytes());
                    out.avcc.extend_from_slice(nal);
                }
            }
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::video::pattern;

    #[test]
    fn first_frame_is_a_keyframe_with_parameter_sets() {
        let settings = VideoSettings {
            width: 320,
            height: 240,
            fps: 30,
            bitrate_bps: 300_000,
        };
        let mut enc = H264Encoder::new(settings).expect("encoder");
        let mut frame = I420Frame::black(320, 240).expect("frame");
        pattern::draw(&mut frame, 1, 30);
        let first = enc.encode(&frame).expect("encode").expect("not skipped");
        assert!(first.keyframe);
        assert_eq!(first.sps.as_ref().map(|s| s[0] & 0x1f), Some(7));
        assert_eq!(first.pps.as_ref().map(|s| s[0] & 0x1f), Some(8));
        let len = u32::from_be_bytes([first.avcc[0], first.avcc[1], first.avcc[2], first.avcc[3]]);
        assert_eq!(first.avcc[4] & 0x1f, 5, "IDR slice after the length prefix");
        assert!(len as usize <= first.avcc.len() - 4);
        pattern::draw(&mut frame, 2, 30);
        let second = enc.encode(&frame).expect("encode").expect("not skipped");
        assert!(!second.keyframe);
        assert!(second.sps.is_none());
        let wrong = I420Frame::black(64, 64).expect("frame");
        assert_eq!(
            enc.encode(&wrong).map_err(|e| e.code()).err(),
            Some("video_encoder")
        );
    }
}
