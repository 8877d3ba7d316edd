"""The route walk's form reader sends what a browser would send."""

from tests.html_forms import forms_of

PAGE = """
<form method="post" action="/spara/">
  <input type="hidden" name="id" value="7">
  <input name="namn" value="Tolvan">
  <input type="checkbox" name="val" value="a" checked>
  <input type="checkbox" name="val" value="b">
  <input type="file" name="fil">
  <select name="omrade"><option value="1">Boo<option value="2" selected>Älta</select>
  <textarea name="not">Rad</textarea>
  <input name="av" value="x" disabled>
  <button name="action" value="decide">Besluta</button>
  <button name="action" value="end">Avsluta</button>
</form>
<form><input type="search" name="q"></form>
"""


def test_a_form_is_read_as_a_browser_submits_it():
    posted, searched = forms_of(PAGE)
    assert (posted.action, posted.method) == ("/spara/", "post")
    assert posted.data() == {
        "id": ["7"],
        "namn": ["Tolvan"],
        "val": ["a"],
        "omrade": ["2"],
        "not": ["Rad"],
        "action": ["decide"],
    }
    assert (searched.action, searched.method) == ("", "get")
    assert searched.data() == {"q": [""]}


def test_a_fill_replaces_each_value():
    (form,) = forms_of('<form><input type="date" name="dag" value="2026-01-01"></form>')
    assert form.data(lambda f: f"{f.kind}!") == {"dag": ["date!"]}
