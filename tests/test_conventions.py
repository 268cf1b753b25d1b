"""How the tests are written: browser checks wait for what they check; made-up names never
clash with the names tests look for.

Browser tests wait for what they check.

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


def test_made_up_people_never_share_a_name_a_test_writes():
    """Tests look for a cast member's name on a page (or for its absence): the names the
    factories make up must never contain one, nor be contained in one."""
    import re

    from tests.factories import FIRST_NAMES, LAST_NAMES

    written = set()
    for path in TESTS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        written |= {m.lower() for m in re.findall(r'(?:first|last)_name="([^"]+)"', text)}
    clashes = [
        (made_up, name)
        for made_up in FIRST_NAMES + LAST_NAMES
        for name in written
        if len(name) >= 3 and (name in made_up.lower() or made_up.lower() in name)
    ]
    assert clashes == []
