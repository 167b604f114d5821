//! I420 frames, and conversion from what cameras deliver (YUYV, MJPEG) to I420.

use crate::error::{CaptureError, Result};

/// A planar 4:2:0 picture (Y, then U, then V), even width and height.
#[derive(Clone, PartialEq, Eq)]
pub struct I420Frame {
    width: u32,
    height: u32,
    data: Vec<u8>,
}

impl std::fmt::Debug for I420Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "I420Frame({}x{})", self.width, self.height)
    }
}

impl I420Frame {
    /// A black frame. Odd sizes are rejected: 4:2:0 chroma needs even dimensions.
    pub fn black(width: u32, height: u32) -> Result<Self> {
        if width == 0 || height == 0 || !width.is_multiple_of(2) || !height.is_multiple_of(2) {
            return Err(CaptureError::UnsupportedFrameFormat(format!(
                "{width}x{height} (needs even, non-zero sizes)"
            )));
        }
        let luma = (width * height) as usize;
        let mut data = vec![16u8; luma + luma / 2];
        data[luma..].fill(128);
        Ok(Self {
            width,
            height,
            data,
        })
    }

    pub fn width(&self) -> u32 {
        self.width
    }
    pub fn height(&self) -> u32 {
        self.height
    }

    /// (Y, U, V) planes.
    pub fn planes(&self) -> (&[u8], &[u8], &[u8]) {
        let luma = (self.width * self.height) as usize;
        let (y, uv) = self.data.split_at(luma);
        let (u, v) = uv.split_at(luma / 4);
        (y, u, v)
    }

    pub fn planes_mut(&mut self) -> (&mut [u8], &mut [u8], &mut [u8]) {
        let luma = (self.width * self.height) as usize;
        let (y, uv) = self.data.split_at_mut(luma);
        let (u, v) = uv.split_at_mut(luma / 4);
        (y, u, v)
    }

    /// Mean luma, used by tests to find the synthetic camera's flash.
    pub fn mean_luma(&self) -> f32 {
        let (y, _, _) = self.planes();
        y.iter().map(|&p| f32::from(p)).sum::<f32>() / y.len() as f32
    }

    /// Packed YUYV 4:2:2 (a common webcam format) to I420, averaging chroma of row pairs.
    pub fn from_yuyv(width: u32, height: u32, yuyv: &[u8]) -> Result<Self> {
        let mut frame = Self::black(width, height)?;
        let (w, h) = (width as usize, height as usize);
        if yuyv.len() < w * h * 2 {
            return Err(CaptureError::FrameDecode(format!(
                "YUYV frame of {} bytes is too short for {width}x{height}",
                yuyv.len()
            )));
        }
        let (y, u, v) = frame.planes_mut();
        for row in 0..h {
            let src = &yuyv[row * w * 2..(row + 1) * w * 2];
            for (x, px) in src.chunks_exact(2).enumerate() {
                y[row * w + x] = px[0];
            }
        }
        for row in (0..h).step_by(2) {
            let a = &yuyv[row * w * 2..(row + 1) * w * 2];
            let b = &yuyv[(row + 1) * w * 2..(row + 2) * w * 2];
            for cx in 0..w / 2 {
                let i = cx * 4;
                let c = (row / 2) * (w / 2) + cx;
                u[c] = ((u16::from(a[i + 1]) + u16::from(b[i + 1])) / 2) as u8;
                v[c] = ((u16::from(a[i + 3]) + u16::from(b[i + 3])) / 2) as u8;
            }
        }
        Ok(frame)
    }

    /// Packed RGB24 to I420 (BT.601 limited range, what the encoder signals by default).
    pub fn from_rgb(width: u32, height: u32, rgb: &[u8]) -> Result<Self> {
        let mut frame = Self::black(width, height)?;
        let (w, h) = (width as usize, height as usize);
        if rgb.len() < w * h * 3 {
            return Err(CaptureError::FrameDecode(format!(
                "RGB frame of {} bytes is too short for {width}x{height}",
                rgb.len()
            )));
        }
        let (y, u, v) = frame.planes_mut();
        let px = |x: usize, yy: usize| {
            let i = (yy * w + x) * 3;
            (
                i32::from(rgb[i]),
                i32::from(rgb[i + 1]),
                i32::from(rgb[i + 2]),
            )
        };
        for row in 0..h {
            for x in 0..w {
                let (r, g, b) = px(x, row);
                y[row * w + x] =
                    (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16).clamp(0, 255) as u8;
            }
        }
        for row in (0..h).step_by(2) {
            for x in (0..w).step_by(2) {
                let (r, g, b) = px(x, row);
                let c = (row / 2) * (w / 2) + x / 2;
                u[c] = (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128).clamp(0, 255) as u8;
                v[c] = (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128).clamp(0, 255) as u8;
            }
        }
        Ok(frame)
    }

    /// A Motion-JPEG frame (one JPEG image) to I420.
    pub fn from_mjpeg(jpeg: &[u8]) -> Result<Self> {
        use zune_jpeg::zune_core::colorspace::ColorSpace;
        use zune_jpeg::zune_core::options::DecoderOptions;
        let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
        let mut decoder = zune_jpeg::JpegDecoder::new_with_options(jpeg, options);
        let rgb = decoder
            .decode()
            .map_err(|e| CaptureError::FrameDecode(format!("MJPEG: {e:?}")))?;
        let (w, h) = decoder
            .dimensions()
            .ok_or_else(|| CaptureError::FrameDecode("MJPEG without dimensions".into()))?;
        // 4:2:0 needs even sizes; a camera's odd edge pixel is dropped.
        let (ew, eh) = ((w & !1) as u32, (h & !1) as u32);
        if ew as usize == w && eh as usize == h {
            return Self::from_rgb(ew, eh, &rgb);
        }
        let mut cropped = Vec::with_capacity(ew as usize * eh as usize * 3);
        for row in 0..eh as usize {
            cropped.extend_from_slice(&rgb[row * w * 3..row * w * 3 + ew as usize * 3]);
        }
        Self::from_rgb(ew, eh, &cropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_keeps_luma_and_averages_chroma() {
        // 2x2: row 0 = Y 10,20 U 100 V 200; row 1 = Y 30,40 U 110 V 210.
        let yuyv = [10, 100, 20, 200, 30, 110, 40, 210];
        let f = I420Frame::from_yuyv(2, 2, &yuyv).expect("convert");
        let (y, u, v) = f.planes();
        assert_eq!(y, &[10, 20, 30, 40]);
        assert_eq!(u, &[105]);
        assert_eq!(v, &[205]);
    }

    #[test]
    fn short_or_odd_input_is_an_error_not_a_panic() {
        assert_eq!(
            I420Frame::from_yuyv(4, 4, &[0; 10])
                .map_err(|e| e.code())
                .err(),
            Some("frame_decode")
        );
        assert!(I420Frame::black(3, 2).is_err());
        assert_eq!(
            I420Frame::from_mjpeg(b"not a jpeg")
                .map_err(|e| e.code())
                .err(),
            Some("frame_decode")
        );
    }

    #[test]
    fn rgb_white_and_black_map_to_video_range() {
        let white = I420Frame::from_rgb(2, 2, &[255; 12]).expect("convert");
        assert_eq!(white.planes().0, &[235, 235, 235, 235]);
        assert_eq!(white.planes().1, &[128]);
        let black = I420Frame::from_rgb(2, 2, &[0; 12]).expect("convert");
        assert_eq!(black.planes().0, &[16, 16, 16, 16]);
    }
}
