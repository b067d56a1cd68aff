"""Global search results: title, kind, case and a snippet with the hits in bold."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from fieldnotes import search
from fieldnotes.i18n import _, ngettext
from ui.models.search_results import HTML_ROLE, RESULT_ROLE, SearchResultsModel
from ui.widgets.basic import label


class HtmlDelegate(QStyledItemDelegate):
    def _doc(self, option, index) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(100, option.rect.width() - 16))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text,
                                 option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(option.rect.left() + 8, option.rect.top() + 4)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 8, option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        doc = self._doc(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 8)


class SearchView(QWidget):
    open_record = Signal(dict)
    closed = Signal()

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.heading = label("", "subtitle")
        back = QPushButton(_("Back to the case"))
        back.clicked.connect(self.closed)
        self.model = SearchResultsModel(self)
        self.list = QListView()
        self.list.setAccessibleName(_("Search results"))
        self.list.setModel(self.model)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.activated.connect(self._open)
        self.list.clicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(back)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addLayout(top)
        lay.addWidget(self.list, 1)

    def run(self, query: str) -> int:
        results = search.search(self.session.conn, query, limit=200)
        titles = {c["id"]: c["title"] for c in self.session.store.list("case")}
        self.model.set_results(results, titles)
        n = len(results)
        if search.to_match(query) is None:
            self.heading.setText(_("Type a word or a name to search."))
        else:
            self.heading.setText(ngettext("{n} result for “{query}”",
                                          "{n} results for “{query}”", n).format(n=n, query=query)
                                 if n else _("Nothing found for “{query}”.").format(query=query))
        return n

    def _open(self, index: QModelIndex) -> None:
        result = index.data(RESULT_ROLE)
        if result:
            self.open_record.emit(result)

    def clear(self) -> None:
        self.model.clear()
        self.heading.clear()
