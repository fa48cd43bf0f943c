"""requirements.txt and environment.yml come from pyproject.toml and stay in step."""

from __future__ import annotations

from course_tools import deps


def test_generated_files_are_current():
    for path, text in deps.expected_files().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run `python -m course_utils deps`"
        )


def test_every_requirement_appears_in_both_files():
    requirements = (deps.REPO_ROOT / "requirements.txt").read_text(encoding="utf-8")
    environment = (deps.REPO_ROOT / "environment.yml").read_text(encoding="utf-8")
    for requirement in deps.requirements_lines():
        assert f"\n{requirement}\n" in requirements
        assert f'- "{requirement}"' in environment


def test_tensorflow_cpu_never_beside_tensorflow():
    names = " ".join(deps.requirements_lines())
    assert "tensorflow>=" in names and "tensorflow-cpu" not in names
    assert "tensorflow-datasets[" not in names
