"""``python -m course_utils COMMAND``: forwards to :mod:`course_tools` (the instructor and
maintainer commands live there, apart from what notebooks import), so the commands the
README has always shown keep working."""

from __future__ import annotations

import sys

from course_tools.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
