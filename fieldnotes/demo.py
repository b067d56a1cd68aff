"""A demo vault: one fictional case to look around in before recording anything real.

Everything in it is invented — the people, the places, the events and every word of the
testimonies — and says so: the case title, each name and each text carry "fictional" (虚构 /
虛構). Nobody real is quoted or described. It holds what a newcomer needs to see every screen:
people, events on a timeline (one a range, one approximate) with people linked in roles,
testimonies in English, Simplified and Traditional Chinese under three different consents (one
shared with a contact picked by fingerprint), a note, an image and a text attachment, a
recorded interview with markers (made through the recorder's own path: a Recording writing into
the attachment store) and a PDF statement, and a record edited once so History has something to
show.

``build`` makes the vault and returns it open with its passphrase (generated, unless given),
which ``fieldnotes demo`` prints: it guards nothing real.
"""

from __future__ import annotations

import io
import math
import secrets
import struct
import time
import zlib
from pathlib import Path

from crypto.identity import Identity
from fieldnotes import attachments, consent_links, contacts
from fieldnotes.jobs import Job
from fieldnotes.records.store import Store
from fieldnotes.vault import Vault

RESEARCHER = "Demo researcher (fictional)"
COORDINATOR = "Example Coordinating Network (fictional)"
OTHER_ORGANISATION = "Riverside Legal Aid Circle (fictional)"
CASE_TITLE = "DEMO — fictional: detention of a labour lawyer"

_WORDS = ("amber", "anchor", "apricot", "basil", "beacon", "birch", "bramble", "canvas",
          "cedar", "cinder", "clover", "cobalt", "copper", "coral", "cotton", "dune", "ember",
          "fennel", "fern", "flint", "garnet", "ginger", "granite", "harbor", "hazel", "heron",
          "indigo", "ivory", "jasmine", "juniper", "kettle", "lantern", "lemon", "linen",
          "maple", "marble", "meadow", "mint", "mosaic", "nectar", "nutmeg", "oak", "olive",
          "orchid", "pebble", "pepper", "pine", "plum", "quartz", "quill", "raven", "reed",
          "river", "saffron", "sage", "slate", "sparrow", "spruce", "thimble", "thistle",
          "tulip", "velvet", "walnut", "willow")


def free_folder(near: str | Path) -> Path:
    """``Fieldnotes demo vault`` beside ``near`` (the real vault's folder), or the first
    numbered name not taken: a demo never takes the place of a real vault."""
    base = Path(near).parent / "Fieldnotes demo vault"
    candidate, n = base, 2
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        candidate, n = base.with_name(f"{base.name} {n}"), n + 1
    return candidate


def passphrase() -> str:
    """Seven words (42 bits): enough for a demo; the data it guards is invented."""
    return " ".join(secrets.choice(_WORDS) for _ in range(7))


def build(path: str | Path, phrase: str | None = None, job: Job | None = None,
          params=None) -> tuple[Vault, str]:
    """Create the demo vault at ``path`` (which must not exist or be empty)."""
    job = job or Job()
    phrase = phrase or passphrase()
    vault, _recovery = Vault.create(path, phrase, name=RESEARCHER, params=params)
    try:
        job.step(1, 3)
        _fill(vault)
        job.step(3, 3)
    except BaseException:
        vault.close()
        raise
    return vault, phrase


def _fill(vault: Vault) -> None:
    conn = vault.conn
    coordinator = Identity.generate(COORDINATOR).card()
    coord_fpr = contacts.add_contact(conn, coordinator.to_text(), verified=True)
    s = Store(conn, vault.fingerprint)
    case = s.create("case", {
        "title": CASE_TITLE,
        "summary": ("A made-up case for trying Fieldnotes. Every person, place, event and word "
                    "of testimony in it is invented; none describes or quotes anyone real. "
                    "Delete this vault before you record real work.\n\n"
                    "虚构示例案件：其中的人物、地点、事件和证词全部是虚构的。"),
        "status": "open", "tags": ["demo", "fictional"]})

    def person(**data) -> str:
        return s.create("person", data, case)

    lin = person(name="Lin Wei (fictional)", other_names=["林伟（虚构）"], sex="male",
                 occupation="Labour lawyer", risk_level="medium",
                 remarks="An invented person for the demo.")
    zhao = person(name="Zhao Min (fictional)", other_names=["赵敏（虚构）"], sex="female",
                  pseudonym="Spouse A", risk_level="high", occupation="Teacher")
    chen = person(name="Chen Jie (fictional)", other_names=["陈杰（虚构）"],
                  occupation="Defence lawyer", risk_level="medium")
    officer = person(name="Unnamed officer (fictional)", remarks="Described, not named.")
    neighbour = person(name="Neighbour C (fictional)", pseudonym="Neighbour C",
                       risk_level="low")

    def event(etype: str, title: str, date: str, place: str = "Riverside City (fictional)",
              **extra) -> str:
        return s.create("event", {"type": etype, "title": title, "date": date, "place": place,
                                  **extra}, case)

    taken = event("enforced_disappearance", "Taken from the law office (fictional)",
                  "2019-03-05", description="Plain-clothes officers took him away at noon.")
    rsdl = event("rsdl", "Held at a designated location (fictional)", "2019-03-06/2019-09-02",
                 place="Unknown")
    raid = event("raid_search_seizure", "Law office searched; files taken (fictional)",
                 "2019-04-12")
    family = event("harassment_of_family", "Spouse followed and questioned (fictional)",
                   "~2019-05")
    licence = event("licence_revoked", "Licence to practise revoked (fictional)", "2019-10")
    trial = event("trial", "Closed trial (fictional)", "2020-01-15",
                  place="Riverside Intermediate Court (fictional)")
    bail = event("release_on_bail", "Released on bail (fictional)", "2020-06-30")
    for who, what, role in ((lin, taken, "victim"), (officer, taken, "perpetrator"),
                            (lin, rsdl, "victim"), (lin, raid, "victim"),
                            (neighbour, raid, "witness"), (zhao, family, "victim"),
                            (lin, licence, "victim"), (lin, trial, "victim"),
                            (chen, trial, "lawyer"), (lin, bail, "victim")):
        s.create("link", {"person_id": who, "event_id": what, "role": role}, case)

    spouse = s.create("testimony", {
        "title": "Spouse A on the night of the arrest (fictional)", "interviewee_id": zhao,
        "interviewer": RESEARCHER, "date": "2019-11-02", "place": "A café (fictional)",
        "language": "English", "pseudonym": "Spouse A", "risk_level": "high",
        "consent": {"scope": "share_named", "method": "oral_recorded", "given_on": "2019-11-02",
                    "contacts": [coord_fpr], "organisations": [OTHER_ORGANISATION]},
        "text": ("[Fictional testimony, written for the Fieldnotes demo.]\n\n"
                 "He did not come home that evening. The next morning two men came to our flat "
                 "and said he was \"assisting an investigation\". They would not say where he "
                 "was. For six months no lawyer we hired was allowed to see him.")}, case)
    s.create("testimony", {
        "title": "同事的证词（虚构）", "interviewee": "同事 B", "pseudonym": "同事 B",
        "interviewer": RESEARCHER, "date": "2019-12-10", "language": "中文（简体）",
        "risk_level": "critical",
        "consent": {"scope": "internal", "method": "written", "given_on": "2019-12-10"},
        "text": ("［虚构证词，仅供 Fieldnotes 演示。］\n\n"
                 "那天中午，几个没有穿制服的人进了律师事务所，把他带走了。"
                 "他们拿走了电脑和案卷，没有出示任何文件。")}, case)
    s.create("testimony", {
        "title": "鄰居的證詞（虛構）", "interviewee_id": neighbour, "pseudonym": "Neighbour C",
        "interviewer": RESEARCHER, "date": "2020-07-04", "language": "中文（繁體）",
        "risk_level": "low",
        "consent": {"scope": "publish_anonymised", "method": "oral_witnessed"},
        "text": ("［虛構證詞，僅供 Fieldnotes 示範。］\n\n"
                 "搜查那天，我看見他們從辦公室搬出好幾個箱子。之後幾個月，"
                 "常有人在樓下守著。")}, case)
    s.create("note", {"title": "Follow-up (fictional)", "text": (
        "Ask Spouse A whether the trial verdict was ever delivered in writing.\n"
        "Check the dates of the office search with Neighbour C.")}, case)

    attachments.attach_stream(
        s, case, io.BytesIO(_sketch_png()), "office-sketch.png", record_id=raid,
        description="Sketch of the office floor (fictional, drawn for the demo)")
    notes = ("Interview notes — FICTIONAL, written for the Fieldnotes demo\n\n"
             "- Met Spouse A at a café; about 40 minutes.\n"
             "- Consent given orally and recorded; share only with the coordinator.\n"
             "- Follow up on the written verdict.\n").encode()
    attachments.attach_stream(s, case, io.BytesIO(notes), "interview-notes.txt",
                              record_id=spouse, description="Interview notes (fictional)")
    attachments.attach_stream(s, case, io.BytesIO(_statement_pdf()), "statement.pdf",
                              record_id=spouse, description="Written statement (fictional)")
    _record_interview(vault, case, spouse)
    # One edit, so History shows what changed.
    s.update(lin, {"risk_level": "high", "remarks": "An invented person for the demo. "
                                                    "Risk raised after the trial."})
    s.update(rsdl, {"place": "A guesthouse outside Riverside City (fictional)"})
    consent_links.migrate(s)  # consent here already names its contact: nothing to link


INTERVIEW_SECONDS = 64
INTERVIEW_MARKERS = {11: "consent given", 30: "describes the arrest",
                     49: "no lawyer allowed (fictional)"}


def _record_interview(vault: Vault, case: str, testimony: str):
    """A minute of speech-like sound (syllables of rising and falling pitch; no words, no
    voice) recorded the way the recorder does it, with three markers."""
    from fieldnotes.media import wav
    from fieldnotes.media.recording import Recording
    from fieldnotes.media.sink import store_sink

    rate = 8000
    recording = Recording(store_sink(vault, case, testimony, "interview-2019-11-02.wav"),
                          wav.PcmFormat(rate, 1), sync_seconds=16)  # a demo needs few durable points
    recording.start()
    try:
        _feed_interview(recording, rate)
    except BaseException:
        recording.abort()  # the writer stops before the vault closes
        raise
    return recording.stop()


def _feed_interview(recording, rate: int) -> None:
    for second in range(INTERVIEW_SECONDS):
        # Made far faster than real time: wait for the writer (which first opens its own
        # connection) rather than fill the queue a real microphone never fills.
        while recording.backlog > 8 and recording.error is None:
            time.sleep(0.01)
        recording.feed(_syllables(second, rate))
        if second in INTERVIEW_MARKERS:
            recording.mark(INTERVIEW_MARKERS[second])


def _syllables(second: int, rate: int) -> bytes:
    """One second of 16-bit sound: four syllable-like bursts and a pause."""
    from array import array

    out = array("h", bytes(2 * rate))
    for n in range(4):
        start, length = n * rate // 5, rate // 6
        pitch = 140 + 60 * math.sin(second * 0.7 + n)
        loud = 9000 + 6000 * math.sin(second * 0.3 + n * 1.3)
        for i in range(length):
            envelope = math.sin(math.pi * i / length)
            t = i / rate
            out[start + i] = int(loud * envelope * (math.sin(2 * math.pi * pitch * t)
                                                    + 0.4 * math.sin(6 * math.pi * pitch * t)))
    return out.tobytes()


def _statement_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title("Statement of a relative (fictional)")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, "Statement of a relative - FICTIONAL, written for the Fieldnotes demo",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 7, (
        "My husband was taken from his law office on 5 March 2019. Two days later we were told "
        "he was held under residential surveillance at a designated location. We were not told "
        "where.\n\nFor six months no lawyer of the family's choosing was allowed to visit him. "
        "His licence to practise was revoked in October 2019.\n\n"
        "Every name, date and place in this statement is invented."))
    return bytes(pdf.output())


def _sketch_png(width: int = 480, height: int = 320) -> bytes:
    """A plain drawing — rooms, a corridor, a marked desk — as a PNG, made without any
    image library (the core has none)."""
    paper, wall, room, mark, ink = ((246, 241, 228), (90, 84, 74), (226, 232, 236),
                                    (196, 64, 52), (40, 110, 120))
    rooms = [(30, 30, 210, 150), (240, 30, 450, 150), (30, 190, 450, 290)]
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter: none
        for x in range(width):
            colour = paper
            for x0, y0, x1, y1 in rooms:
                if x0 <= x <= x1 and y0 <= y <= y1:
                    edge = x in (x0, x1) or y in (y0, y1) or x in (x0 + 1, x1 - 1) \
                        or y in (y0 + 1, y1 - 1)
                    colour = wall if edge else room
            if (x - 330) ** 2 + (y - 90) ** 2 <= 14 ** 2:
                colour = mark
            if 160 <= y <= 176 and 30 <= x <= 450 and x % 24 < 12:
                colour = ink
            row += bytes(colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
