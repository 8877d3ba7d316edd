"""One helper every browser test uses: axe-core must find no WCAG 2.1 AA violation."""

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
_axe = Axe()


def assert_accessible(page) -> None:
    """Run axe-core (bundled, no download) in `page` and fail on any violation."""
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    assert not violations, f"{page.url}:\n{results.generate_report()}"
