"""The forms of an HTML page, as a browser would submit them.

Small on purpose: the route walk needs each <form>'s action, method and
named fields (with the values the page gave them) to submit it, filled as
rendered or with hostile values.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

UNSUBMITTED = {"submit", "button", "reset", "image", "file"}


@dataclass
class Field:
    name: str
    kind: str  # the input type, or "select" / "textarea"
    value: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    pressed: bool = False

    def data(self, value_of=lambda f: f.value) -> dict[str, list[str]]:
        """The submitted values, each field's from `value_of(field)`."""
        data: dict[str, list[str]] = {}
        for item in self.fields:
            data.setdefault(item.name, []).append(value_of(item))
        return data


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._chosen = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self.forms.append(Form(a.get("action", ""), method))
        elif tag == "option" and self._select is not None:
            self._option(a)
        elif not self.forms or not a.get("name") or "disabled" in a:
            return
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._submitter(a)
        elif tag == "input":
            self._input(a)
        elif tag == "select":
            self._select = Field(a["name"], "select")
            self._chosen = False
            self.forms[-1].fields.append(self._select)
        elif tag == "textarea":
            self._textarea = Field(a["name"], "textarea")
            self.forms[-1].fields.append(self._textarea)

    def _input(self, a):
        kind = a.get("type", "text").lower()
        unchecked = kind in {"checkbox", "radio"} and "checked" not in a
        if kind == "submit":
            self._submitter(a)
        elif kind not in UNSUBMITTED and not unchecked:
            self.forms[-1].fields.append(Field(a["name"], kind, a.get("value", "")))

    def _submitter(self, a):
        """The first named submit button, as if the user pressed it."""
        form = self.forms[-1]
        if not form.pressed:
            form.pressed = True
            form.fields.append(Field(a["name"], "submit", a.get("value", "")))

    def _option(self, a):
        # The first option, or the selected one, is what a browser sends.
        if not self._chosen or "selected" in a:
            self._select.value = a.get("value", "")
            self._chosen = True

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms
