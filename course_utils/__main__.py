"""Command line of the course: ``python -m course_utils COMMAND [options]``.

Commands (``python -m course_utils COMMAND --help`` for each):

  run        execute the solution notebooks headlessly and write a report
  student    regenerate notebooks/ (student versions) from solutions/
  retarget   point badges and Colab cells at another GitHub repository (for forks)
  deps       regenerate requirements.txt and environment.yml from pyproject.toml
  prefetch   download everything the course needs, for offline classrooms
  doctor     show what is cached, what is missing, and which source each notebook uses
  lego       render the synthetic LEGO dataset and its gallery
  nbgrader   write an nbgrader course folder for instructors (assign, autograde, export)
  grade      grade a folder of downloaded student notebooks into a CSV (no nbgrader needed)
"""

from __future__ import annotations

import importlib
import sys

# Each command lives in the module that owns its concern; this file only dispatches.
COMMANDS = {
    "run": ("course_utils.runner", "main"),
    "student": ("course_utils.authoring", "student_main"),
    "retarget": ("course_utils.authoring", "retarget_main"),
    "deps": ("course_utils.deps", "main"),
    "prefetch": ("course_utils.data.cli", "prefetch_main"),
    "doctor": ("course_utils.data.cli", "doctor_main"),
    "lego": ("course_utils.lego.cli", "main"),
    "nbgrader": ("course_utils.grading", "nbgrader_main"),
    "grade": ("course_utils.grading", "grade_main"),
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
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("course_utils"):
            print(f"command {command!r} is not available in this version of the course "
                  f"({error.name} is missing)", file=sys.stderr)
            return 2
        raise
    return int(getattr(module, function_name)(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
