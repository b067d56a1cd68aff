"""A timeline of a case's events, painted from their fuzzy dates.

Each dated event is a row: a diamond for a known day, a bar from the first to the last possible
day for a month, a year or a range (to ``end_date`` when one is given), drawn hatched when the
date is approximate. Undated events are listed underneath. Clicking a row selects the event.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from fieldnotes.i18n import _

ROW = 26
AXIS = 30
LABEL_W = 200   # at most: a narrow timeline gives its dates room first
PAD = 16
MARK = 8      # half a diamond, plus its pen
INK = QColor("#1f2a2c")
TEAL = QColor("#2f6f73")
GRID = QColor("#dcdfda")


def span(rec: dict) -> tuple[date, date, bool] | None:
    """(first day, last day, approximate) of an event, or None if undated."""
    data = rec["data"]
    d = data.get("date")
    if not d:
        return None
    start = date.fromisoformat(d["start"])
    end = date.fromisoformat(d["end"])
    if data.get("end_date"):
        end = max(end, date.fromisoformat(data["end_date"]["end"]))
    approximate = d["precision"] == "approximate" or (
        data.get("end_date", {}).get("precision") == "approximate")
    return start, end, approximate


class TimelineWidget(QWidget):
    event_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.rows: list[tuple[dict, tuple[date, date, bool] | None]] = []
        self.selected: str | None = None
        self.setMouseTracking(False)

    def set_events(self, records: list[dict]) -> None:
        dated = [(r, span(r)) for r in records]
        dated.sort(key=lambda rs: (rs[1] is None, rs[1][0] if rs[1] else date.max))
        self.rows = dated
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_events([])

    def select(self, record_id: str | None) -> None:
        self.selected = record_id
        self.update()

    @property
    def label_w(self) -> int:
        return max(100, min(LABEL_W, self.width() // 3))

    def row_rect(self, record_id: str) -> QRectF | None:
        """Where an event's row is drawn (to scroll it into view)."""
        for i, (rec, _s) in enumerate(self.rows):
            if rec["id"] == record_id:
                return QRectF(0, AXIS + i * ROW, self.width(), ROW)
        return None

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, AXIS + ROW * max(1, len(self.rows)) + PAD + MARK)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, self.sizeHint().height())

    def _range(self) -> tuple[date, date] | None:
        spans = [s for _, s in self.rows if s]
        if not spans:
            return None
        lo = min(s[0] for s in spans)
        hi = max(s[1] for s in spans)
        lo = date(lo.year, 1, 1)
        hi = date(hi.year, 12, 31)
        return lo, hi

    def _x(self, d: date, lo: date, hi: date) -> float:
        # MARK on each side: a diamond on the first or last day is drawn whole, never clipped
        # by the edge or sitting on the last grid line.
        width = max(1, self.width() - self.label_w - 2 * PAD - 2 * MARK)
        total = max(1, (hi - lo).days + 1)
        return self.label_w + PAD + MARK + width * (d - lo).days / total

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetrics(self.font())
        bounds = self._range()
        if not self.rows:
            p.setPen(QColor("#6a7674"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No events in this case yet."))
            return
        if bounds:
            lo, hi = bounds
            p.setPen(QPen(GRID))
            years = hi.year - lo.year + 1
            per_year = max(1.0, (self.width() - self.label_w - 2 * PAD) / years)
            step = max(1, -(-fm.horizontalAdvance("20000") // int(per_year)))  # labels never touch
            for year in range(lo.year, hi.year + 2, step):
                x = self._x(date(year, 1, 1), lo, hi) if year <= hi.year else self._x(hi, lo, hi)
                p.drawLine(QPointF(x, AXIS - 6), QPointF(x, self.height()))
                if year <= hi.year:
                    p.setPen(INK)
                    p.drawText(QPointF(x + 3, AXIS - 10), str(year))
                    p.setPen(QPen(GRID))
        for i, (rec, s) in enumerate(self.rows):
            top = AXIS + i * ROW
            if rec["id"] == self.selected:
                p.fillRect(QRectF(0, top, self.width(), ROW), QColor("#e3eeee"))
            p.setPen(INK)
            title = rec["title"] or _("(untitled)")
            if s is None:
                title = _("{title}  — no date").format(title=title)
            text = fm.elidedText(title, Qt.TextElideMode.ElideRight, self.label_w - 12)
            p.drawText(QRectF(8, top, self.label_w - 8, ROW),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            if s is None or bounds is None:
                continue
            start, end, approximate = s
            x0 = self._x(start, *bounds)
            x1 = self._x(end, *bounds)
            cy = top + ROW / 2
            colour = QColor(TEAL)
            if start == end:
                pts = [QPointF(x0, cy - 7), QPointF(x0 + 7, cy), QPointF(x0, cy + 7),
                       QPointF(x0 - 7, cy)]
                p.setPen(QPen(colour, 1.5))
                p.setBrush(QBrush(colour, Qt.BrushStyle.Dense4Pattern if approximate
                                  else Qt.BrushStyle.SolidPattern))
                p.drawPolygon(QPolygonF(pts))
            else:
                rect = QRectF(x0, cy - 6, max(4.0, x1 - x0), 12)
                pen = QPen(colour, 1.5, Qt.PenStyle.DashLine if approximate
                           else Qt.PenStyle.SolidLine)
                p.setPen(pen)
                p.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern if approximate
                                  else Qt.BrushStyle.SolidPattern))
                p.drawRoundedRect(rect, 3, 3)
        p.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802
        row = int((event.position().y() - AXIS) // ROW)
        if 0 <= row < len(self.rows) and event.position().y() >= AXIS:
            rid = self.rows[row][0]["id"]
            self.select(rid)
            self.event_clicked.emit(rid)
