//! The synthetic camera's picture: moving colour bars, the frame number, a flash every second.

use super::frame::I420Frame;

/// 3x5 bitmaps of the digits 0-9, one bit per pixel, rows top to bottom.
const DIGITS: [[u8; 5]; 10] = [
    [7, 5, 5, 5, 7],
    [2, 6, 2, 2, 7],
    [7, 1, 7, 4, 7],
    [7, 1, 7, 1, 7],
    [5, 5, 7, 1, 1],
    [7, 4, 7, 1, 7],
    [7, 4, 7, 5, 7],
    [7, 1, 1, 1, 1],
    [7, 5, 7, 5, 7],
    [7, 5, 7, 1, 7],
];

/// Draws frame `index` of a `fps` pattern into `frame`. Frames whose index is a multiple of
/// `fps` (the first frame of each second) are white: the flash the A/V sync test looks for.
pub fn draw(frame: &mut I420Frame, index: u64, fps: u32) {
    let (w, h) = (frame.width() as usize, frame.height() as usize);
    let flash = fps > 0 && index.is_multiple_of(u64::from(fps));
    let (y, u, v) = frame.planes_mut();
    if flash {
        y.fill(235);
        u.fill(128);
        v.fill(128);
        return;
    }
    // Bars scroll 4 px per frame so the encoder sees motion, as from a real camera.
    let shift = (index as usize * 4) % w.max(1);
    let bar = (w / 8).max(1);
    const BARS: [(u8, u8, u8); 8] = [
        (180, 128, 128),
        (162, 44, 142),
        (131, 156, 44),
        (112, 72, 58),
        (84, 184, 198),
        (65, 100, 212),
        (35, 212, 114),
        (40, 128, 128),
    ];
    for row in 0..h {
        for x in 0..w {
            let b = ((x + shift) / bar) % 8;
            y[row * w + x] = BARS[b].0;
        }
    }
    for row in 0..h / 2 {
        for x in 0..w / 2 {
            let b = ((x * 2 + shift) / bar) % 8;
            u[row * (w / 2) + x] = BARS[b].1;
            v[row * (w / 2) + x] = BARS[b].2;
        }
    }
    draw_number(y, w, h, index);
}

fn draw_number(y: &mut [u8], w: usize, h: usize, n: u64) {
    let scale = (h / 60).max(2);
    let text = n.to_string();
    let (x0, y0) = (scale * 2, scale * 2);
    for (i, ch) in text.bytes().enumerate() {
        let digit = DIGITS[usize::from(ch - b'0')];
        for (r, bits) in digit.iter().enumerate() {
            for c in 0..3 {
                let on = bits & (4 >> c) != 0;
                let value = if on { 235 } else { 16 };
                for dy in 0..scale {
                    for dx in 0..scale {
                        let px = x0 + (i * 4 + c) * scale + dx;
                        let py = y0 + r * scale + dy;
                        if px < w && py < h {
                            y[py * w + px] = value;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flashes_on_the_first_frame_of_each_second_only() {
        let mut f = I420Frame::black(64, 48).expect("frame");
        draw(&mut f, 30, 30);
        assert!(f.mean_luma() > 230.0);
        draw(&mut f, 31, 30);
        assert!(f.mean_luma() < 200.0);
        let before = f.clone();
        draw(&mut f, 32, 30);
        assert_ne!(before, f, "consecutive frames differ (motion)");
    }
}
