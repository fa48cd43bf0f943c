"""Tools for instructors and maintainers of the course: run and report on the notebooks,
generate the student versions, grade submissions, keep the dependency files in sync,
prefetch data for an offline classroom, render the LEGO set.

Notebooks never import this package: what they use is in :mod:`course_utils`. Each command
is ``python -m course_tools COMMAND`` (``python -m course_utils COMMAND`` still works and
forwards here).
"""
