"""Browser tests wait for what they check.

`Locator.is_visible()` answers at once: right after a click, the page may not have answered yet,
and the check fails one run in many (a second-factor journey did, in CI). `expect(...)` waits up
to its timeout. This test keeps every browser check in the waiting form.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def instant_checks(path: Path) -> list[int]:
    """Lines of `assert` statements that ask a locator for an instant answer."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert)
        and any(
            isinstance(inner, ast.Call)
            and isinstance(inner.func, ast.Attribute)
            and inner.func.attr in {"is_visible", "is_hidden"}
            for inner in ast.walk(node.test)
        )
    ]


def test_no_browser_check_asserts_an_instant_answer():
    found = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.rglob("*.py"))
        for line in instant_checks(path)
    ]
    assert found == [], "use expect(locator).to_be_visible(), not assert ….is_visible():\n" + (
        "\n".join(found)
    )


def test_the_check_finds_an_instant_answer(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "def test_x(page):\n"
        "    page.click('a')\n"
        "    assert page.locator('p').is_visible()\n"
        "    expect(page.locator('p')).to_be_visible()\n"
        "    assert not page.get_by_text(\n        'x'\n    ).is_hidden()\n"
    )
    assert instant_checks(sample) == [3, 5]
