"""Command line of the course: ``python -m course_tools COMMAND [options]``.

Commands (``python -m course_tools COMMAND --help`` for each):

  run        execute the solution notebooks headlessly and write a report
  student    regenerate notebooks/ (student versions) from solutions/
  retarget   point badges and Colab cells at another GitHub repository (for forks)
  deps       regenerate requirements.txt and environment.yml from pyproject.toml
  prefetch   download everything the course needs, for offline classrooms
  doctor     show what is cached, what is missing, and which source each notebook uses
  lego       render the synthetic LEGO dataset and its gallery
  nbgrader   write an nbgrader course folder for instructors (assign, autograde, export)
  grade      grade a folder of downloaded student notebooks into a CSV (no nbgrader needed)
  lessons    regenerate course_utils/lessons.py from the #@save cells of solutions/
  colab-pins refresh .ci/colab/ (Colab's pins) from a checkout of googlecolab/backend-info
  colab-leg  CI's Colab leg: every notebook under Colab's pins and a stand-in google.colab
"""

from __future__ import annotations

import importlib
import sys

# Each command lives in the module that owns its concern; this file only dispatches.
COMMANDS = {
    "run": ("course_tools.runner", "main"),
    "student": ("course_tools.authoring", "student_main"),
    "retarget": ("course_tools.authoring", "retarget_main"),
    "deps": ("course_tools.deps", "main"),
    "prefetch": ("course_tools.prefetch", "prefetch_main"),
    "doctor": ("course_tools.prefetch", "doctor_main"),
    "lego": ("course_tools.lego_cli", "main"),
    "nbgrader": ("course_tools.grading", "nbgrader_main"),
    "grade": ("course_tools.grading", "grade_main"),
    "lessons": ("course_tools.lessons", "main"),
    "colab-pins": ("course_tools.colab", "pins_main"),
    "colab-leg": ("course_tools.colab", "leg_main"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"unknown command {command!r}.\n{__doc__}", file=sys.stderr)
        return 2
    module_name, function_name = COMMANDS[command]
    module = importlib.import_module(module_name)
    return int(getattr(module, function_name)(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
