"""Pages work under the Content-Security-Policy; the browser's guard against
violations (tests/browser/conftest.py, `context`) catches one."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_policy(page, live_server):
    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Kundval API")
    expect(page.get_by_text("/api/v1/municipalities/").first).to_be_visible()


def test_an_api_answer_in_the_browser_is_plain_json(page, live_server):
    response = page.goto(live_server.url + "/api/v1/municipalities/")
    assert response.headers["content-type"] == "application/json"


def test_the_guard_sees_inline_script_and_style(page, live_server):
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
    }"""
    )
    expect(page.locator("p[style]")).to_have_count(1)
    violations = page.context.csp_violations
    page.wait_for_function("() => true")  # console events arrive asynchronously
    assert page.evaluate("window.ran === undefined")
    assert any("script-src" in v for v in violations), violations
    assert any("style-src" in v for v in violations), violations
    violations.clear()  # seen and expected: the fixture must not fail this test
