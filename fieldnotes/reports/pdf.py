"""A small layer over fpdf2 for our reports: embedded CJK fonts, headings, paragraphs, label and
value lines, hashes in a monospaced face, a drawn timeline, page numbers, and a safe write.

fpdf2 is pure Python (fontTools for the fonts), needs no Qt and writes nothing but the output:
the PDF is built in memory and written once, to the file the user named (an explicit export,
like saving a decrypted copy), through a temporary name in the same folder and a rename.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from fieldnotes import userfiles
from fieldnotes.i18n import _, language
from fieldnotes.reports import fonts

TEXT, MONO = "fn-text", "fn-mono"
GREY = (90, 90, 90)
_NEXT = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}


class Document(FPDF):
    def __init__(self, title: str, kind: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.kind = kind
        texts, mono = fonts.faces(language())
        fallbacks = []
        for n, face in enumerate(texts):
            family = TEXT if n == 0 else f"{TEXT}-{n}"
            self.add_font(family, "", str(face.path), collection_font_number=face.index)
            fallbacks.append(family)
        self.add_font(MONO, "", str(mono.path), collection_font_number=mono.index)
        self.set_fallback_fonts(fallbacks[1:])
        self.set_title(title)
        self.set_creator("Fieldnotes")
        self.set_lang({"zh_CN": "zh-CN", "zh_TW": "zh-TW"}.get(language(), "en"))
        self.set_creation_date(datetime.now(UTC))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)
        self.made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.add_page()

    # -- page furniture -------------------------------------------------------------------

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(TEXT, size=7.5)
        self.set_text_color(*GREY)
        self.cell(0, 5, _("{kind} · made {time} with Fieldnotes · page {page} of {pages}").format(
            kind=self.kind, time=self.made, page=self.page_no(), pages="{nb}"), align="C")
        self.set_text_color(0, 0, 0)

    # -- text -----------------------------------------------------------------------------

    def title_block(self, title: str, subtitle: str) -> None:
        self.set_font(TEXT, size=17)
        self.multi_cell(0, 8.5, title, align="L", **_NEXT)
        self.set_font(TEXT, size=9.5)
        self.set_text_color(*GREY)
        self.multi_cell(0, 5, subtitle, align="L", **_NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(3)

    def heading(self, text: str, level: int = 1) -> None:
        size = {1: 13.5, 2: 11}[level]
        # Room for the heading and what starts under it (for a section, a level-2 heading and
        # its first lines): a heading never ends a page alone.
        if self.will_page_break(size * 2 + (22 if level == 1 else 0)):
            self.add_page()
        self.ln(3 if level == 1 else 1.5)
        self.set_font(TEXT, size=size)
        self.multi_cell(0, size * 0.55, text, align="L", **_NEXT)
        if level == 1:
            y = self.get_y() + 0.8
            self.set_draw_color(150, 150, 150)
            self.line(self.l_margin, y, self.w - self.r_margin, y)
            self.ln(2.5)
        else:
            self.ln(0.8)

    def para(self, text: str, size: float = 9.5, grey: bool = False) -> None:
        self.set_font(TEXT, size=size)
        if grey:
            self.set_text_color(*GREY)
        self.multi_cell(0, size * 0.5, text, align="L", **_NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1)

    def field(self, label: str, value, mono: bool = False) -> None:
        """``label: value`` with the value wrapped beside the label."""
        if value in (None, "", []):
            return
        self.set_font(TEXT, size=8.5)
        self.set_text_color(*GREY)
        self.cell(38, 4.6, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_text_color(0, 0, 0)
        self.set_font(MONO if mono else TEXT, size=8 if mono else 9)
        self.multi_cell(0, 4.6, str(value), align="L", **_NEXT)

    def hashes(self, label: str, values: list[str]) -> None:
        for n, value in enumerate(values):
            self.field(label if n == 0 else "", value, mono=True)

    def code(self, text: str) -> None:
        """A command someone can type, in the monospaced face on a light band."""
        self.set_font(MONO, size=7.8)
        self.set_fill_color(240, 240, 240)
        self.multi_cell(0, 4.2, text, align="L", fill=True, **_NEXT)
        self.ln(1)

    def gap(self, mm: float = 2) -> None:
        self.ln(mm)

    # -- the timeline ---------------------------------------------------------------------

    def timeline(self, points: list[tuple[date, date, str]]) -> None:
        """A horizontal axis from the earliest to the latest date; each event a dot (or a bar
        for a range) with its number from the event list above the axis."""
        if not points:
            return
        if self.will_page_break(34):
            self.add_page()
        x0, x1 = self.l_margin + 4, self.w - self.r_margin - 4
        y = self.get_y() + 16
        lo = min(p[0] for p in points)
        hi = max(p[1] for p in points)
        if (hi - lo).days < 365:  # a short span still reads as a stretch of a year
            middle = lo + (hi - lo) / 2
            lo, hi = middle - timedelta(days=183), middle + timedelta(days=183)
        span = (hi - lo).days

        def x_of(d: date) -> float:
            return x0 + (x1 - x0) * (d - lo).days / span

        self.set_draw_color(60, 60, 60)
        self.set_line_width(0.4)
        self.line(x0, y, x1, y)
        self.set_font(TEXT, size=7)
        self.set_text_color(*GREY)
        years = range(lo.year, hi.year + 2)
        step = max(1, len(years) // 10)
        for year in years[::step]:
            d = date(year, 1, 1)
            if lo <= d <= hi or year == lo.year:
                x = x_of(max(d, lo))
                self.line(x, y - 1.2, x, y + 1.2)
                self.text(x - 3.5, y + 5, str(year))
        self.set_text_color(0, 0, 0)
        self.set_fill_color(170, 30, 30)
        self.set_draw_color(170, 30, 30)
        rows: list[float] = []  # the right end of the last label in each row, to avoid overlap
        for start, end, label in points:
            xs, xe = x_of(start), x_of(end)
            if xe - xs > 1.5:
                self.set_line_width(1.2)
                self.line(xs, y, xe, y)
            self.ellipse(xs - 1.1, y - 1.1, 2.2, 2.2, style="F")
            width = self.get_string_width(label) + 1
            row = next((i for i, right in enumerate(rows) if right < xs), len(rows))
            if row == len(rows):
                rows.append(0.0)
            rows[row] = xs + width
            self.text(xs - 0.6, y - 3 - 3.2 * (row % 3), label)
        self.set_line_width(0.2)
        self.set_draw_color(0, 0, 0)
        self.set_y(y + 8)

    # -- output ---------------------------------------------------------------------------

    def write_to(self, out_path) -> Path:
        """Write the PDF to ``out_path`` (refusing to replace a file) via a temporary name."""
        out = Path(out_path)
        userfiles.check_new(out)
        data = bytes(self.output())
        tmp = out.with_name(f".{out.name}.{os.getpid()}.part")
        try:
            with open(tmp, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, out)
        except OSError as exc:
            raise userfiles.write_error(out, exc) from None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return out
