"""Draws the effect's menu icon, Plugin/Resources/Icon.png: a 16x16 dreaming eye, 8-bit RGBA.

Run once and commit the PNG; only the standard library is needed. Each pixel is the mean of
8x8 samples, which gives the anti-aliased edges.
"""
import math
import struct
import zlib
from pathlib import Path

SIZE = 16
SAMPLES = 8


def colour(x, y):
    """RGBA (0-1, straight alpha) of the point (x, y) in [0, 16)^2, or None outside the eye."""
    cx, cy = 8.0, 8.0
    dx, dy = x - cx, y - cy
    # Almond: the intersection of two discs whose centres sit above and below the middle.
    upper = math.hypot(dx, y - (cy + 4.2)) < 9.0
    lower = math.hypot(dx, y - (cy - 4.2)) < 9.0
    if not (upper and lower):
        return None
    r = math.hypot(dx, dy)
    outline = not (math.hypot(dx, y - (cy + 4.2)) < 8.0 and math.hypot(dx, y - (cy - 4.2)) < 8.0)
    if outline:
        return (0.25, 0.10, 0.45, 1.0)
    if r < 1.5:
        return (0.05, 0.02, 0.10, 1.0)
    if r < 3.8:
        # The iris swirls from teal to violet with the angle and the radius.
        t = 0.5 + 0.5 * math.sin(3 * math.atan2(dy, dx) + 2.2 * r)
        return (0.20 + 0.55 * t, 0.55 - 0.30 * t, 0.85, 1.0)
    return (0.96, 0.94, 1.0, 1.0)


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # filter type None
        for px in range(SIZE):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    c = colour(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
                    if c is None:
                        continue
                    for i in range(3):
                        acc[i] += c[i] * c[3]
                    acc[3] += c[3]
            n = SAMPLES * SAMPLES
            alpha = acc[3] / n
            rgb = [acc[i] / acc[3] if acc[3] else 0.0 for i in range(3)]
            row += bytes(round(v * 255) for v in rgb + [alpha])
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def main():
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(render(), 9)) + chunk(b"IEND", b"")
    target = Path(__file__).resolve().parent.parent / "Plugin" / "Resources" / "Icon.png"
    target.write_bytes(png)
    print(f"{target}: {len(png)} bytes")


if __name__ == "__main__":
    main()
