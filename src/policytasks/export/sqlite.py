"""``--format sqlite``: a SQLite database (the standard library's sqlite3) a tracker can point
at and let grow. Tables and queries: docs/batch.md, "sqlite".

Each notice is written whole or not at all (its own savepoint); notices are committed in groups
of ``COMMIT_EVERY`` and at the end, one disk sync per group rather than one per notice (20 ms
each). An interrupted run keeps every notice finished before it. Converting a notice again replaces its rows: the
old notice with the same doc number or the same SHA-256 is deleted first (its tasks, targets,
bodies, progress and warnings go with it, by ``ON DELETE CASCADE``), so a rerun, or a newer
reading of the same notice, never doubles a task."""

from __future__ import annotations

import errno

from .xlsx import notice_id

#: PRAGMA user_version of the tables below; bumped when they change
DB_VERSION = 1
#: notices per commit
COMMIT_EVERY = 64

DDL = """
CREATE TABLE IF NOT EXISTS notices (
    notice_id      TEXT PRIMARY KEY,          -- doc_number, else source_sha256
    kind           TEXT NOT NULL CHECK (kind IN ('plan', 'progress')),
    doc_number     TEXT UNIQUE,
    issuer         TEXT,
    title          TEXT,
    plan_title     TEXT,
    year           INTEGER,
    signed_on      TEXT,                      -- ISO date
    publication    TEXT,
    printed_by     TEXT,
    printed_on     TEXT,                      -- ISO date
    source_path    TEXT,
    source_format  TEXT NOT NULL,
    source_sha256  TEXT NOT NULL,
    source_pages   INTEGER,
    schema_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS notices_sha256 ON notices (source_sha256);
CREATE TABLE IF NOT EXISTS tasks (
    notice_id          TEXT NOT NULL REFERENCES notices (notice_id) ON DELETE CASCADE,
    task_id            TEXT NOT NULL,
    position           INTEGER NOT NULL,      -- 1, 2, … in document order
    number             INTEGER NOT NULL,
    category_number    INTEGER,
    category           TEXT,
    section            TEXT,
    text               TEXT NOT NULL,
    coverage           INTEGER NOT NULL,      -- 0 or 1
    deadline_text      TEXT,
    deadline_date      TEXT,                  -- ISO date, NULL if none or ongoing
    deadline_precision TEXT,
    deadline_ongoing   INTEGER,
    page               INTEGER,
    span_start         INTEGER NOT NULL,
    span_end           INTEGER NOT NULL,
    PRIMARY KEY (notice_id, task_id)
);
CREATE TABLE IF NOT EXISTS targets (
    notice_id  TEXT NOT NULL,
    task_id    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    value      NUMERIC NOT NULL,
    value_max  NUMERIC,
    unit       TEXT NOT NULL,
    comparator TEXT NOT NULL,
    subject    TEXT,
    text       TEXT NOT NULL,
    PRIMARY KEY (notice_id, task_id, position),
    FOREIGN KEY (notice_id, task_id) REFERENCES tasks (notice_id, task_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS bodies (
    notice_id TEXT NOT NULL,
    task_id   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    canonical TEXT,
    role      TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    PRIMARY KEY (notice_id, task_id, position),
    FOREIGN KEY (notice_id, task_id) REFERENCES tasks (notice_id, task_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS progress (
    notice_id TEXT NOT NULL,
    task_id   TEXT NOT NULL,
    status    TEXT CHECK (status IN ('done', 'in_progress', 'not_started')),
    percent   NUMERIC,
    as_of     TEXT,                           -- ISO date
    text      TEXT NOT NULL,
    PRIMARY KEY (notice_id, task_id),
    FOREIGN KEY (notice_id, task_id) REFERENCES tasks (notice_id, task_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS warnings (
    notice_id TEXT NOT NULL REFERENCES notices (notice_id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    task_id   TEXT,                           -- NULL: the notice's own warning
    warning   TEXT NOT NULL,
    PRIMARY KEY (notice_id, position),
    FOREIGN KEY (notice_id, task_id) REFERENCES tasks (notice_id, task_id) ON DELETE CASCADE
);
"""


def _date(d):
    return d.isoformat() if d is not None else None


class SqliteWriter:
    def __init__(self, path):
        import sqlite3

        self.path = str(path)
        self.rows = 0
        self.replaced = 0  # notices that were in the database already
        self.pending = 0  # notices stored since the last commit
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None)
            self.db.execute("PRAGMA foreign_keys = ON")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, DB_VERSION):
                raise OSError(errno.EINVAL, f"database has tables of version {version}, "
                                            f"this policytasks writes version {DB_VERSION}", self.path)
            self.db.executescript(DDL)
            self.db.execute(f"PRAGMA user_version = {DB_VERSION}")
        except sqlite3.DatabaseError as e:
            raise OSError(errno.EINVAL, f"not a policytasks SQLite database ({e})", self.path) from None

    def add(self, notice) -> None:
        """Store one notice in one transaction. A notice the tables refuse raises ValueError and
        leaves the database as it was."""
        import sqlite3

        from . import task_warnings

        nid = notice_id(notice)
        per_task, _ = task_warnings(notice)
        src = notice.source
        db = self.db
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        db.execute("SAVEPOINT notice")
        try:
            stored = 0
            cur = db.execute("DELETE FROM notices WHERE notice_id IN (?, ?) OR source_sha256 = ? "
                             "OR (doc_number IS NOT NULL AND doc_number = ?)",
                             (nid, src.sha256, src.sha256, notice.doc_number))
            replaced = cur.rowcount > 0
            db.execute("INSERT INTO notices VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                nid, notice.kind, notice.doc_number, notice.issuer, notice.title, notice.plan_title,
                notice.year, _date(notice.signed_on), notice.publication, notice.printed_by,
                _date(notice.printed_on), src.path, src.format, src.sha256, src.pages, notice.schema_version))
            for pos, t in enumerate(notice.tasks, 1):
                d = t.deadline
                db.execute("INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                    nid, t.id, pos, t.number, t.category_number, t.category, t.section, t.text, int(t.coverage),
                    d.text if d else None, _date(d.date) if d else None, d.precision if d else None,
                    int(d.ongoing) if d else None, t.page, t.span[0], t.span[1]))
                db.executemany("INSERT INTO targets VALUES (?,?,?,?,?,?,?,?,?)", [
                    (nid, t.id, i, g.value, g.value_max, g.unit, g.comparator, g.subject, g.text)
                    for i, g in enumerate(t.targets, 1)])
                db.executemany("INSERT INTO bodies VALUES (?,?,?,?,?,?)", [
                    (nid, t.id, i, b.name, b.canonical, b.role) for i, b in enumerate(t.responsible, 1)])
                p = t.progress
                if p is not None:
                    db.execute("INSERT INTO progress VALUES (?,?,?,?,?,?)",
                               (nid, t.id, p.status, p.percent, _date(p.as_of), p.text))
                stored += 1
            owner = {w: tid for tid, ws in per_task.items() for w in ws}
            db.executemany("INSERT INTO warnings VALUES (?,?,?,?)",
                           [(nid, i, owner.get(w), w) for i, w in enumerate(notice.warnings, 1)])
        except sqlite3.IntegrityError as e:  # e.g. two tasks of one notice with one id: a bug upstream
            self._undo()
            raise ValueError(f"not stored in {self.path}: {e}") from e
        except BaseException:
            self._undo()
            raise
        db.execute("RELEASE notice")
        self.rows += stored
        self.replaced += replaced
        self.pending += 1
        if self.pending >= COMMIT_EVERY:
            self._commit()

    def _undo(self) -> None:
        # this notice's rows go; those stored before it stay
        self.db.execute("ROLLBACK TO notice")
        self.db.execute("RELEASE notice")

    def _commit(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")
        self.pending = 0

    def close(self) -> None:
        """Commit what is stored and close; closing again does nothing."""
        if self.db is None:
            return
        try:
            self._commit()
        finally:
            self.db.close()
            self.db = None
