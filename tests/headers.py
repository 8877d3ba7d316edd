"""The headers every answer of the portal carries (issue 14).

`assert_house_headers(response)` is called for every URL of the access matrix
(tests/test_access_matrix.py) and for the kinds of answer in
tests/test_house_headers.py, so a new page is checked without being listed.
"""


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def assert_house_headers(response) -> None:
    where = response.request.get("PATH_INFO", "?") if response.request else "?"
    policy = response.get("Content-Security-Policy", "")
    assert policy, f"no Content-Security-Policy on {where}"
    assert "'unsafe-inline'" not in policy, where
    assert "'unsafe-eval'" not in policy, where
    directives = _directives(policy)
    assert directives.get("default-src") == ["'self'"], where
    assert directives.get("frame-ancestors") == ["'none'"], where
    assert directives.get("object-src") == ["'none'"], where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("X-Frame-Options") == "DENY", where
    assert "no-store" in response.get("Cache-Control", ""), f"cacheable: {where}"
