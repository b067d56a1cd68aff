"""``fieldnotes --self-test``: prove that this installation works, on the machine it runs on.

In a temporary folder (removed at the end, whatever happens) it makes two vaults, a researcher's
and a coordinator's, writes records in English and Chinese, adds an attachment of random bytes,
records a few seconds of synthetic audio into the attachment store through the recording
pipeline (as the app's recorder does) and reads it back sample for sample, searches, exchanges
and verifies identity cards, exports a signed encrypted bundle from the
researcher to the coordinator, verifies and imports it, and checks that the coordinator holds
every record with the same revision hashes and the attachment's exact bytes, and that importing
the same bundle again changes nothing.

It prints one line per check, ``ok   <check>`` or ``FAIL <check>: <ErrorType>: <message>``
(a check that needs an earlier one that failed is printed as ``skip``), then a summary, and
returns 0 only if every check held. It never lets a traceback out. Everything it writes is
made up here (no user data is read or touched); the vaults use the Argon2id floor so the
whole run takes a few seconds.

The frozen app runs it first thing after a build (``dist/fieldnotes/fieldnotes --self-test``):
it exercises every native piece a frozen build can lose — SQLCipher 4 (must be the bundled
one), FTS5, the migrations shipped as package data, Argon2id and AES-GCM (cryptography),
age (our reader and writer on cryptography; keys from pyrage), Ed25519/minisign signatures.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fieldnotes.selftest_store import StoreChecks

RESEARCHER = "Self-test Researcher"
COORDINATOR = "Self-test Coordinator"
PASSPHRASE = "self-test: correct horse battery staple 马"
ENGLISH_WORD = "courthouse"
CHINESE_NAME = "王全璋"
TRADITIONAL_QUERY = "律師 會見"  # Traditional script; the testimony says 律师…会见 (Simplified)


class SelfTest(StoreChecks):
    """The checks, in order; each may use what earlier ones left on ``self``."""

    passphrase = PASSPHRASE

    def __init__(self, tmp: Path, out=None):
        self.tmp = tmp
        self.out = out or sys.stdout
        self.results: list[tuple[str, str, str]] = []  # (status, name, detail)
        self.failed: set[str] = set()
        self.vaults: list = []
        self.ids: dict[str, str] = {}

    # -- running ------------------------------------------------------------------------------

    def check(self, name: str, fn: Callable[[], str | None], needs: tuple[str, ...] = ()) -> bool:
        missing = [n for n in needs if n in self.failed]
        if missing:
            self.failed.add(name)
            self._emit("skip", name, f"needs “{missing[0]}”")
            return False
        try:
            detail = fn()
        except Exception as exc:  # every failure is a FAIL line, never a traceback
            self.failed.add(name)
            message = " ".join(str(exc).split()) or "(no message)"
            self._emit("FAIL", name, f"{type(exc).__name__}: {message}")
            return False
        self._emit("ok", name, detail or "")
        return True

    def _emit(self, status: str, name: str, detail: str) -> None:
        self.results.append((status, name, detail))
        if status == "ok":
            line = f"ok   {name}" + (f" ({detail})" if detail else "")
        elif status == "skip":
            line = f"skip {name}: {detail}"
        else:
            line = f"FAIL {name}: {detail}"
        print(line, file=self.out, flush=True)

    def close(self) -> None:
        for vault in self.vaults:
            try:
                vault.close()
            except Exception:
                pass
        self.vaults.clear()

    # -- the checks ---------------------------------------------------------------------------

    def run_all(self) -> None:
        c = self.check
        c("vaults created", self.create_vaults)
        c("vault reopened with its passphrase", self.reopen, needs=("vaults created",))
        c("records written", self.write_records, needs=("vaults created",))
        c("revision history", self.history, needs=("records written",))
        c("attachment stored", self.attach, needs=("records written",))
        c("attachment read back", self.read_back, needs=("attachment stored",))
        c("format-1 attachment migrated at unlock", self.migrate_format1,
          needs=("vault reopened with its passphrase",))
        c("interview recorded as captured", self.record_interview, needs=("records written",))
        c("recording played back sample-exact", self.play_back,
          needs=("interview recorded as captured",))
        c("search (English)", self.search_english, needs=("records written",))
        c(f"search (Chinese {CHINESE_NAME})", self.search_chinese, needs=("records written",))
        c(f"search across scripts ({TRADITIONAL_QUERY})", self.search_scripts,
          needs=("records written",))
        c("identity cards exchanged and verified", self.exchange_cards,
          needs=("vaults created",))
        c("bundle exported", self.export,
          needs=("records written", "attachment stored", "identity cards exchanged and verified"))
        c("bundle verified", self.verify, needs=("bundle exported",))
        c("bundle imported", self.import_once, needs=("bundle verified",))
        c("imported records match", self.compare_records, needs=("bundle imported",))
        c("imported attachment identical", self.compare_attachment,
          needs=("bundle imported",))
        c(f"imported records searchable ({CHINESE_NAME})", self.search_imported,
          needs=("bundle imported",))
        c("second import adds nothing", self.import_twice, needs=("bundle imported",))

    def create_vaults(self) -> str:
        from crypto import kdf
        from fieldnotes import migrations
        from fieldnotes.vault import Vault

        self.researcher, _ = Vault.create(self.tmp / "researcher", PASSPHRASE, name=RESEARCHER,
                                          params=kdf.minimum_params())
        self.vaults.append(self.researcher)
        self.coordinator, _ = Vault.create(self.tmp / "coordinator", PASSPHRASE,
                                           name=COORDINATOR, params=kdf.minimum_params())
        self.vaults.append(self.coordinator)
        version = self.researcher.conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not str(version[0]).startswith("4."):
            raise RuntimeError(f"SQLCipher 4 expected, found {version[0] if version else 'none'}"
                               " (plain SQLite or another SQLCipher was loaded)")
        schema = migrations.current_version(self.researcher.conn)
        if schema != migrations.LATEST or schema < 1:
            raise RuntimeError(f"schema {schema}, expected {migrations.LATEST}")
        for table in ("records", "revisions", "fts", "blobs", "chunks", "contacts"):
            self.researcher.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        cipher = str(version[0]).split()[0]
        return f"sqlcipher {cipher}, schema {schema}"

    def reopen(self) -> str:
        from fieldnotes.vault import Vault

        path = self.researcher.path
        self.researcher.close()
        self.vaults.remove(self.researcher)
        self.researcher = Vault.open(path, PASSPHRASE)
        self.vaults.append(self.researcher)
        return ""

    def _store(self, vault):
        from fieldnotes.records.store import Store

        return Store(vault.conn, vault.fingerprint)

    def write_records(self) -> str:
        s = self._store(self.researcher)
        self.case_id = s.create("case", {"title": "Self-test case: detained lawyers",
                                         "summary": "Made up by the self-test."})
        person = s.create("person", {"name": CHINESE_NAME, "other_names": ["Wang Quanzhang"],
                                     "pseudonym": "W.", "risk_level": "high",
                                     "occupation": "lawyer"}, self.case_id)
        event = s.create("event", {"type": "enforced_disappearance",
                                   "title": "Taken from home",
                                   "date": "2015-08", "place": "Beijing"}, self.case_id)
        consent = {"scope": "share_named", "method": "oral_recorded",
                   "organisations": [COORDINATOR]}
        t_en = s.create("testimony", {
            "title": "Relative (English)", "interviewee": "R.", "language": "en",
            "date": "2016-03-01", "consent": consent,
            "text": f"We waited outside the {ENGLISH_WORD} all day; nobody told us anything.",
        }, self.case_id)
        t_zh = s.create("testimony", {
            "title": "亲属证词", "interviewee": "L.", "language": "zh",
            "date": "2016-03-02", "consent": consent,
            "text": f"我们一直不知道{CHINESE_NAME}被关在哪里，律师也不能会见。",
        }, self.case_id)
        note = s.create("note", {"title": "Follow-up", "text": "Ask about the trial date."},
                        self.case_id)
        s.create("link", {"person_id": person, "event_id": event, "role": "victim"},
                 self.case_id)
        self.ids.update(person=person, event=event, t_en=t_en, t_zh=t_zh, note=note)
        records = s.list(case_id=self.case_id)
        if len(records) != 7:
            raise RuntimeError(f"{len(records)} records listed, 7 written")
        return "case, person, event, link, 2 testimonies (en, zh), note"

    def history(self) -> str:
        s = self._store(self.researcher)
        head = s.update(self.ids["note"], {"text": "Ask about the trial date and the lawyer."})
        hist = s.history(self.ids["note"])
        if len(hist) != 2 or hist[1]["parent"] != hist[0]["hash"] or hist[1]["hash"] != head:
            raise RuntimeError("the edit did not append a revision chained to the first")
        return "2 revisions, chained"

    def _find(self, vault, query: str, want: str) -> None:
        from fieldnotes import search

        hits = search.search(vault.conn, query)
        if want not in {h["id"] for h in hits}:
            raise RuntimeError(f"“{query}” did not find the record it is in "
                               f"({len(hits)} other hits)")

    def search_english(self) -> str:
        self._find(self.researcher, ENGLISH_WORD.title(), self.ids["t_en"])
        return f"“{ENGLISH_WORD}”"

    def search_chinese(self) -> str:
        self._find(self.researcher, CHINESE_NAME, self.ids["t_zh"])
        self._find(self.researcher, CHINESE_NAME, self.ids["person"])
        return ""

    def search_scripts(self) -> str:
        # OpenCC's dictionaries must have been shipped with the app (build.spec).
        from fieldnotes import search

        hits = search.search(self.researcher.conn, TRADITIONAL_QUERY)
        snippets = [search.plain_snippet(h["snippet"]) for h in hits
                    if h["id"] == self.ids["t_zh"]]
        if not snippets or "[会见]" not in snippets[0] or "[律师]" not in snippets[0]:
            raise RuntimeError(f"“{TRADITIONAL_QUERY}” did not find and mark 律师 会见 "
                               f"({len(hits)} hits)")
        return "Traditional query, Simplified text"

    def exchange_cards(self) -> str:
        from fieldnotes import contacts

        r_card = self.researcher.identity.card().to_text()
        c_card = self.coordinator.identity.card().to_text()
        self.coordinator_fpr = contacts.add_contact(self.researcher.conn, c_card, verified=True)
        self.researcher_fpr = contacts.add_contact(self.coordinator.conn, r_card, verified=True)
        if _digits(self.coordinator_fpr) != _digits(self.coordinator.fingerprint):
            raise RuntimeError("the coordinator's card gave another fingerprint")
        if _digits(self.researcher_fpr) != _digits(self.researcher.fingerprint):
            raise RuntimeError("the researcher's card gave another fingerprint")
        return ""

    def export(self) -> str:
        from fieldnotes.bundle import writer

        self.bundle_path = self.tmp / "selftest.bundle"
        result = writer.export_bundle(self.researcher, self.bundle_path,
                                      recipients=[self.coordinator_fpr], cases=[self.case_id])
        data = self.bundle_path.read_bytes()
        if not data.startswith(b"age-encryption.org/v1\n"):
            raise RuntimeError("the bundle is not an age v1 file")
        sha = getattr(result, "sha256", None)
        if sha and sha != hashlib.sha256(data).hexdigest():
            raise RuntimeError("the reported SHA-256 is not the file's")
        if self.attachment_bytes[:4096] in data:
            raise RuntimeError("attachment bytes appear in clear inside the bundle")
        return f"{len(data)} bytes"

    def verify(self) -> str:
        from fieldnotes.bundle import importer

        importer.verify_bundle(self.coordinator, self.bundle_path)
        return ""

    def _revision_count(self, vault) -> int:
        return vault.conn.execute("SELECT count(*) FROM revisions").fetchone()[0]

    def import_once(self) -> str:
        from fieldnotes.bundle import importer

        result = importer.import_bundle(self.coordinator, self.bundle_path)
        added = getattr(result, "added", None)
        if not added:
            raise RuntimeError(f"the import added {added!r} revisions")
        return f"{added} revisions added"

    def compare_records(self) -> str:
        mine = self._store(self.researcher).list(case_id=self.case_id)
        theirs = {r["id"]: r for r in self._store(self.coordinator).list(case_id=self.case_id)}
        for rec in mine:
            other = theirs.get(rec["id"])
            if other is None:
                raise RuntimeError(f"the {rec['type']} {rec['id']} is missing")
            if other["head"] != rec["head"] or other["data"] != rec["data"]:
                raise RuntimeError(f"the {rec['type']} {rec['id']} differs")
            h1 = [h["hash"] for h in self._store(self.researcher).history(rec["id"])]
            h2 = [h["hash"] for h in self._store(self.coordinator).history(rec["id"])]
            if h1 != h2:
                raise RuntimeError(f"the revision hashes of the {rec['type']} differ")
            if not other["origin"]:
                raise RuntimeError("an imported record is not marked as imported")
        extra = set(theirs) - {r["id"] for r in mine}
        if extra:
            raise RuntimeError(f"{len(extra)} records appeared that were never sent")
        return f"{len(mine)} records, same revision hashes"

    def compare_attachment(self) -> str:
        if self._read_blob(self.coordinator.conn) != self.attachment_bytes:
            raise RuntimeError("the attachment bytes differ after import")
        return ""

    def search_imported(self) -> str:
        self._find(self.coordinator, CHINESE_NAME, self.ids["t_zh"])
        return ""

    def import_twice(self) -> str:
        from fieldnotes.bundle import importer
        from fieldnotes.errors import FieldnotesError

        before = self._revision_count(self.coordinator)
        try:
            result = importer.import_bundle(self.coordinator, self.bundle_path)
        except FieldnotesError as exc:  # refusing a known bundle is also "nothing added"
            result, note = None, f"refused: {exc}"
        else:
            note = "already imported" if getattr(result, "already_imported", False) else ""
        after = self._revision_count(self.coordinator)
        if after != before:
            raise RuntimeError(f"{after - before} revisions were added again")
        if result is not None and getattr(result, "added", 0):
            raise RuntimeError(f"the second import reports {result.added} revisions added")
        return note


def _digits(fpr: str) -> str:
    return "".join(ch for ch in str(fpr) if ch.isalnum()).lower()


def run(out=None) -> int:
    """Run every check, print one line each and a summary; 0 if all held, else 1."""
    out = out or sys.stdout
    started = time.monotonic()
    test = None
    tmp_path = None
    try:
        with tempfile.TemporaryDirectory(prefix="fieldnotes-selftest-") as tmp:
            tmp_path = Path(tmp)
            os.chmod(tmp_path, 0o700)
            test = SelfTest(tmp_path, out)
            try:
                test.run_all()
            finally:
                test.close()
    except Exception as exc:  # the temporary folder itself could not be made or removed
        print(f"FAIL temporary folder: {type(exc).__name__}: {exc}", file=out)
        return 1
    if tmp_path is not None and tmp_path.exists():
        print(f"FAIL temporary folder removed: {tmp_path} is still there", file=out)
        return 1
    results = test.results if test else []
    failed = [r for r in results if r[0] != "ok"]
    elapsed = time.monotonic() - started
    if failed:
        print(f"self-test FAILED: {len(failed)} of {len(results)} checks did not hold "
              f"({elapsed:.1f} s)", file=out)
        return 1
    print(f"self-test passed: {len(results)} checks in {elapsed:.1f} s", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(run())
