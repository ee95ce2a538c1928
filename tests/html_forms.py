"""The POST forms of a page, filled in as a browser would submit them, for tests that drive
a server or the test client like a person (no JavaScript)."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    """The fields of every POST form on a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {"action": a.get("action", ""), "data": {}}
            self.forms.append(self._form)
        if self._form is None or "name" not in a and tag != "option":
            return
        data = self._form["data"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    data.setdefault(a["name"], []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                data.setdefault(a["name"], []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            data.setdefault(self._textarea, []).append("")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            data.setdefault(self._select, []).append(a.get("value", ""))

    def handle_data(self, text):
        if self._textarea:
            self._form["data"][self._textarea][-1] += text

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def versioned_form(page: str) -> tuple[str, dict]:
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if "version" in form["data"] or any(k.endswith("-version") for k in form["data"]):
            return form["action"], form["data"]
    raise AssertionError("no versioned form on the page")
