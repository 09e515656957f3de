#!/usr/bin/env python3
"""Subset Noto Sans SC TTFs to GB2312 + kiosk UI characters.

Usage:
    python3 subset.py INPUT.ttf [INPUT.ttf ...] OUTPUT_DIR

Each output is named "<PostScript name>-GB2312.ttf", taken from the input's
name table (ID 6), e.g. NotoSansSC-Regular-GB2312.ttf. Needs only fontTools
(`pip install fonttools`); it downloads nothing.

The subsetting is the same as running
    pyftsubset INPUT.ttf --unicodes=<set below> --no-hinting \
        --output-file=OUTPUT_DIR/<PSName>-GB2312.ttf
(glyph names off, default layout features, default name IDs, TTF output).
After subsetting, each output's cmap is checked against the full character
set and its family name is printed.
"""
import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

UI_SYMBOLS = (
    "·、。，：；！？（）《》“”‘’—…￥×÷←→↑↓✓✗○●★☆①②③④⑤⑥⑦⑧⑨⑩"
)
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
UI_WORDS = (
    "保养维修钣喷保险理赔保修索赔排队号请到号服务台维修进度待检维修中待料"
    "质检待交车已交车自助签到预约直接到店"
)


def gb2312_chars():
    """Every character encodable as a valid 2-byte GB2312 code (0xA1A1-0xF7FE)."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes((hi, lo)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(s)
    return chars


def required_codepoints():
    chars = gb2312_chars()
    chars.update(chr(c) for c in range(0x20, 0x7F))      # printable ASCII
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width forms
    chars.add("\u3000")                                  # ideographic space
    chars.update(UI_SYMBOLS)
    chars.update(PROVINCES)
    chars.update(UI_WORDS)
    return sorted(ord(c) for c in chars)


def family_name(font):
    name = font["name"]
    typo = name.getDebugName(16)
    return typo or name.getDebugName(1)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    inputs, out_dir = argv[1:-1], argv[-1]
    os.makedirs(out_dir, exist_ok=True)
    cps = required_codepoints()
    unicodes = ",".join("U+%04X" % c for c in cps)
    print("required code points: %d" % len(cps))

    failed = False
    for src in inputs:
        ps_name = TTFont(src, lazy=True)["name"].getDebugName(6)
        out = os.path.join(out_dir, "%s-GB2312.ttf" % ps_name)
        args = [
            src,
            "--unicodes=" + unicodes,
            "--no-hinting",
            "--output-file=" + out,
        ]
        print("pyftsubset %s --unicodes=<%d code points> --no-hinting "
              "--output-file=%s" % (src, len(cps), out))
        subset.main(args)

        font = TTFont(out)
        cmap = font.getBestCmap()
        missing = [c for c in cps if c not in cmap]
        print("  %s: %d bytes, %d glyphs, family name: %r"
              % (out, os.path.getsize(out), len(font.getGlyphOrder()),
                 family_name(font)))
        if missing:
            print("  MISSING %d: %s" % (
                len(missing),
                " ".join("U+%04X(%s)" % (c, chr(c)) for c in missing)))
            src_cmap = TTFont(src, lazy=True).getBestCmap()
            absent = [c for c in missing if c not in src_cmap]
            if len(absent) != len(missing):
                failed = True  # lost in subsetting: a real error
            else:
                print("  (all missing code points are absent from the "
                      "source font too)")
        else:
            print("  all required code points covered")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
