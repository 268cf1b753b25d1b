#!/usr/bin/env python3
"""Draw the portal's favicon as ``static/root/favicon.ico`` (16, 32 and 48 pixels).

The same picture as ``static/img/favicon.svg``, which modern browsers take from the page's
``<link rel="icon">``: three yellow points joined on the portal's dark ground. The .ico is what
browsers and feed readers ask for at ``/favicon.ico`` whatever the page says; WhiteNoise serves
it from ``static/root/`` (WHITENOISE_ROOT). Needs Pillow (a development machine has it).

    .venv/bin/python scripts/build_favicon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
DARK, YELLOW = (0x1D, 0x1D, 0x1B, 255), (0xFF, 0xDD, 0x00, 255)
SCALE = 8  # drawn large, then reduced: smooth edges at every size


def draw(size: int) -> Image.Image:
    """The icon at ``size`` pixels, on the SVG's 32-unit grid."""
    big = size * SCALE
    unit = big / 32
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=6 * unit, fill=DARK)
    points = [(16 * unit, 9 * unit), (9 * unit, 22 * unit), (23 * unit, 22 * unit)]
    pen.line([*points, points[0]], fill=YELLOW, width=round(2.5 * unit), joint="curve")
    for x, y in points:
        pen.ellipse((x - 4 * unit, y - 4 * unit, x + 4 * unit, y + 4 * unit), fill=YELLOW)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    target = ROOT / "static" / "root" / "favicon.ico"
    target.parent.mkdir(parents=True, exist_ok=True)
    draw(48).save(target, sizes=[(16, 16), (32, 32), (48, 48)], append_images=[draw(16), draw(32)])
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
