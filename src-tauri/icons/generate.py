#!/usr/bin/env python3
"""Draws Onsite's app icon (a ring around a dot on a blue rounded square) as RGBA PNGs.

Standard library only, so it runs anywhere: `python3 src-tauri/icons/generate.py`.
Tauri's generate_context! needs RGBA PNGs; the committed files are this script's output.
"""
import math
import os
import struct
import zlib

BLUE = (43, 89, 195)
WHITE = (255, 255, 255)
AMBER = (245, 182, 66)
SUPERSAMPLE = 4


def coverage(x, y):
    """Colour at (x, y) in a unit square, or None where the icon is transparent."""
    margin, radius = 0.03, 0.19
    cx = min(max(x, margin + radius), 1 - margin - radius)
    cy = min(max(y, margin + radius), 1 - margin - radius)
    if math.hypot(x - cx, y - cy) > radius:
        return None
    d = math.hypot(x - 0.5, y - 0.5)
    if 0.228 <= d <= 0.312:
        return WHITE
    if d <= 0.083:
        return AMBER
    return BLUE


def render(size):
    rows = []
    n = SUPERSAMPLE
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                for sx in range(n):
                    c = coverage((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    if c:
                        r, g, b, a = r + c[0], g + c[1], b + c[2], a + 1
            if a:
                row += bytes([r // a, g // a, b // a, 255 * a // (n * n)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return b"".join(rows)


def png(size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(render(size), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        with open(os.path.join(here, name), "wb") as f:
            f.write(png(size))
