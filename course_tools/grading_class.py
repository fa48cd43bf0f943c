"""A class's grade sheet: who handed in what, and the CSV files an instructor keeps.

* :func:`student_id`: the documented rule that turns a file name into a student id;
* :func:`read_roster`: an optional roster (one id per line, or a CSV whose first column is
  the id and whose other columns are names the files may carry);
* :class:`GradeSheet`: ``grades.csv`` rewritten after every submission (a run that is
  stopped keeps what was graded), re-grading one student in place, manual marks merged,
  and ``totals.csv`` with one total per student and notebook.

The student-id rule (also in the README): the student is the first folder under the
submissions folder (``alice/01_perceptron.ipynb``); for a file at the top level, the file
name without

1. a leading ``Copy of `` (Colab), repeated;
2. a copy counter: `` (1)``, ``-1``, ``_2`` at the end;
3. the notebook's name (``01_perceptron``, also with spaces or hyphens);
4. an LMS download's numbers: ``dave_12345_67890_`` (Moodle, Canvas: a name then two or more
   groups of digits) keeps ``dave``;

and separators at either end. With a roster, the id is the roster entry whose id or alias
appears in what is left. When nothing is left, and every file in the folder is like that,
the folder's own name is the id (``grade alice/`` grades Alice's folder); otherwise the id is
``unknown:<file name>`` and the run warns.

Example:
    >>> student_id(Path("in/carol_01_perceptron (1).ipynb"), Path("in"), "01_perceptron")
    'carol'
    >>> student_id(Path("in/dave_12345_67890_01_perceptron-1.ipynb"), Path("in"), "01_perceptron")
    'dave'
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

GRADE_COLUMNS = ["student", "notebook", "exercise", "points", "max_points", "status", "detail"]
TOTAL_COLUMNS = [
    "student",
    "notebook",
    "code_points",
    "written_points",
    "total",
    "max_points",
    "to_mark",
    "flagged",
    "errors",
]
MARK_COLUMNS = ["student", "notebook", "exercise", "points", "max_points", "answer"]

COPY_OF = re.compile(r"^(copy of\s+)+", re.I)
COUNTER = re.compile(r"(\s*\(\d+\)|[-_ ]\d{1,2})$")
LMS = re.compile(r"^(?P<name>[^\W\d_][\w.\- ]*?)_\d+(_\d+)+(_|$)")


def _clean(text: str, notebook: str) -> str:
    text = COPY_OF.sub("", text.strip())
    for _ in range(2):
        text = COUNTER.sub("", text).strip()
    for variant in {notebook, notebook.replace("_", " "), notebook.replace("_", "-")}:
        text = re.sub(re.escape(variant), "", text, flags=re.I)
    text = COPY_OF.sub("", text.strip(" _-.")).strip()
    text = COUNTER.sub("", text).strip(" _-.")
    lms = LMS.match(text + "_") if text else None
    if lms:
        text = lms.group("name")
    return text.strip(" _-.")


def read_roster(path: Path) -> dict[str, str]:
    """A roster file as ``{alias in lower case: student id}``: one id per line, or a CSV
    whose first column is the id and whose other columns are other names for the same
    student (e.g. the name an LMS puts into file names).

    Example:
        >>> import tempfile; p = Path(tempfile.mkdtemp()) / "roster.csv"
        >>> _ = p.write_text("s001,Alice Smith,asmith\\ns002,Bob\\n")
        >>> read_roster(p)["asmith"]
        's001'
    """
    aliases: dict[str, str] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            names = [cell.strip() for cell in row if cell.strip()]
            if not names or names[0].startswith("#"):
                continue
            for name in names:
                aliases[name.lower()] = names[0]
    return aliases


def from_roster(text: str, roster: dict[str, str]) -> str | None:
    """The roster id whose id or alias is ``text`` or a word-bounded part of it."""
    lowered = text.lower()
    if lowered in roster:
        return roster[lowered]
    for alias in sorted(roster, key=len, reverse=True):
        if re.search(rf"(^|[\W_]){re.escape(alias)}($|[\W_])", lowered):
            return roster[alias]
    return None


def student_id(
    path: Path, folder: Path, notebook: str, roster: dict[str, str] | None = None
) -> str:
    """Who handed ``path`` in (see the module docstring for the rule); '' when the file
    name holds no student name.

    Example:
        >>> student_id(Path("in/alice/01_x.ipynb"), Path("in"), "01_x")
        'alice'
        >>> student_id(Path("in/Copy of 01_x.ipynb"), Path("in"), "01_x")
        ''
    """
    parts = path.relative_to(folder).parts
    raw = parts[0] if len(parts) > 1 else path.stem
    text = raw if len(parts) > 1 else _clean(raw, notebook)
    if roster:
        return from_roster(text or raw, roster) or from_roster(raw, roster) or text
    return text


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, Any]]) -> None:
    """Write ``rows`` to ``path`` through a temporary file, so a reader never sees half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(temporary, path)


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV file ([] if it does not exist)."""
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


class GradeSheet:
    """``grades.csv`` and ``totals.csv`` of one class, written as grading goes on.

    Rows already in ``grades.csv`` are kept when ``keep_others`` (re-grading one student):
    the rows of the students graded now replace theirs, the others stay.
    """

    def __init__(self, out: Path, *, keep_others: bool = False, marks: Path | None = None) -> None:
        self.out = out
        self.marks = marks
        self.kept = read_csv(out) if keep_others else []
        self.rows: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Add one submission's rows and rewrite the files."""
        graded = {(r["student"], r["notebook"]) for r in rows}
        self.kept = [r for r in self.kept if (r["student"], r["notebook"]) not in graded]
        self.rows += rows
        self.write()

    def all_rows(self) -> list[dict[str, Any]]:
        rows = self.kept + self.rows
        return sorted(rows, key=lambda r: (str(r["student"]), str(r["notebook"])))

    def write(self) -> None:
        """Write ``grades.csv``, and ``totals.csv`` with the manual marks merged in."""
        rows = self.all_rows()
        write_csv(self.out, GRADE_COLUMNS, rows)
        write_csv(self.out.with_name("totals.csv"), TOTAL_COLUMNS, totals(rows, self._marks()))

    def _marks(self) -> dict[tuple[str, str, str], float]:
        marks: dict[tuple[str, str, str], float] = {}
        for row in read_csv(self.marks) if self.marks else []:
            if str(row.get("points", "")).strip():
                marks[(row["student"], row["notebook"], row["exercise"])] = _number(row["points"])
        return marks

    def write_marks_template(self, feedback: dict[tuple[str, str], str]) -> Path:
        """Write ``marks-template.csv``: one line per written answer, points empty, for the
        instructor to fill in and pass back with ``--marks``."""
        template = self.out.with_name("marks-template.csv")
        rows = [
            {
                "student": r["student"],
                "notebook": r["notebook"],
                "exercise": r["exercise"],
                "points": "",
                "max_points": r["max_points"],
                "answer": feedback.get((str(r["student"]), str(r["notebook"])), ""),
            }
            for r in self.all_rows()
            if r["status"] in ("manual", "moved", "unanswered")
        ]
        write_csv(template, MARK_COLUMNS, rows)
        return template


def totals(
    rows: list[dict[str, Any]], marks: dict[tuple[str, str, str], float]
) -> list[dict[str, Any]]:
    """One row per student and notebook: code points, written marks (from ``marks``), the
    total, the maximum, and how many written answers still need marks.

    Example:
        >>> rows = [{"student": "a", "notebook": "n", "exercise": "c", "points": 1,
        ...          "max_points": 1, "status": "passed"},
        ...         {"student": "a", "notebook": "n", "exercise": "w", "points": 0,
        ...          "max_points": 3, "status": "manual"}]
        >>> totals(rows, {("a", "n", "w"): 2})[0]["total"]
        3.0
    """
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        key = (str(row["student"]), str(row["notebook"]))
        entry = table.setdefault(
            key,
            {
                "student": key[0],
                "notebook": key[1],
                "code_points": 0.0,
                "written_points": 0.0,
                "max_points": 0.0,
                "to_mark": 0,
                "flagged": 0,
                "errors": 0,
            },
        )
        entry["max_points"] += _number(row["max_points"])
        status = row["status"]
        if status in ("manual", "moved", "unanswered"):
            mark = marks.get((key[0], key[1], str(row["exercise"])))
            if mark is not None:
                entry["written_points"] += mark
            elif status != "unanswered":
                entry["to_mark"] += 1
        else:
            entry["code_points"] += _number(row["points"])
        entry["flagged"] += status == "flagged"
        entry["errors"] += status in ("error", "grader-error")
    for entry in table.values():
        entry["total"] = entry["code_points"] + entry["written_points"]
    return [table[key] for key in sorted(table)]
