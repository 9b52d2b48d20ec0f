"""Draw the program's icons into resources/ (run once; the outputs are committed).

    .venv/bin/python scripts/make_icon.py

A seal-like rounded square with one white character: 考 (red) for the program
and .kaoji year files, 任 (blue) for .kjtask department task packages, 回
(green) for .kjret returns. Every size is drawn on its own (not scaled down) so
small icons stay crisp. The .ico container is written by hand: small sizes as
32-bit DIBs (every Windows shell reads those), 128 and 256 px as PNG (Vista+).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SIZES = (16, 24, 32, 48, 64, 128, 256)
FAMILIES = ["Microsoft YaHei", "微软雅黑", "SimHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]

# name -> (character, fill colour)
ICONS = {
    "kaoji": ("考", "#c8102e"),
    "kjtask": ("任", "#1f5fa8"),
    "kjret": ("回", "#2e7d32"),
}


def draw(char: str, colour: str, size: int) -> QImage:
    """One square ARGB image of the seal at ``size`` pixels."""
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = max(0.5, size * 0.04)
    body = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = size * 0.14
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawRoundedRect(body, radius, radius)
    if size >= 32:  # the seal's inner white border; too fine to read below 32 px
        inset = size * 0.09
        pen = QPen(QColor("white"))
        pen.setWidthF(max(1.0, size * 0.03))
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        inner = body.adjusted(inset, inset, -inset, -inset)
        p.drawRoundedRect(inner, radius * 0.6, radius * 0.6)
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setWeight(QFont.Weight.Black)
    font.setPixelSize(round(size * (0.78 if size < 32 else 0.62)))
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(body, Qt.AlignmentFlag.AlignCenter, char)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def dib_bytes(img: QImage) -> bytes:
    """ICO image entry as a 32-bit BGRA DIB with an all-zero AND mask."""
    size = img.width()
    img = img.convertToFormat(QImage.Format.Format_ARGB32)  # BGRA in memory (little endian)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):  # DIBs are stored bottom-up
        rows.append(bytes(img.constScanLine(y))[: size * 4])
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + b"\0" * (mask_row * size)


def ico_bytes(images: list[QImage]) -> bytes:
    entries, blobs = [], []
    offset = 6 + 16 * len(images)
    for img in images:
        size = img.width()
        blob = png_bytes(img) if size >= 128 else dib_bytes(img)
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICONDIRENTRY
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return struct.pack("<HHH", 0, 1, len(images)) + b"".join(entries) + b"".join(blobs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841
    RESOURCES.mkdir(exist_ok=True)
    for name, (char, colour) in ICONS.items():
        images = [draw(char, colour, s) for s in SIZES]
        (RESOURCES / f"{name}.ico").write_bytes(ico_bytes(images))
        images[-1].save(str(RESOURCES / f"{name}.png"), "PNG")
        print(f"{name}: {RESOURCES / (name + '.ico')} ({len(SIZES)} sizes), {name}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
