"""Small notebooks written by tests (not a test module itself)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def write_notebook(path: Path, cells: list[str]) -> Path:
    """A Python 3 notebook at ``path`` with one code cell per string in ``cells``."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
    }
    nb.cells = [new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


def cell_text(cell: nbformat.NotebookNode) -> str:
    """What an executed code cell showed: its streams, plain-text displays and any error."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") in ("display_data", "execute_result"):
            parts.append(output.get("data", {}).get("text/plain", ""))
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "".join(parts)
