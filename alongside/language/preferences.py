"""A client's naming preferences, and a practice's accept-list.

People get to name themselves. A client who calls themself autistic, Deaf, fat, queer or
an addict (in a 12-step sense) should not have their own word flagged in their notes,
and a client who prefers identity-first language ("autistic person") should not be
nudged towards person-first ("person with autism").
"""

from pathlib import Path

from alongside.language.frozen import Frozen


class PreferencesError(ValueError):
    """A preferences or accept-list file that cannot be used."""


class NamingPreferences(Frozen):
    """How one client names themself.

    identity_first: the client prefers identity-first language ("autistic person",
        "Deaf client"); rules that only ask for person-first wording stay quiet, and
        label rules suggest identity-first alternatives.
    own_terms: words or phrases the client uses for themself ("addict", "fat", "mad");
        any finding on one of these words is dropped. Plurals and verb forms count.
    """

    _fields = ("identity_first", "own_terms")
    _defaults = {"identity_first": False, "own_terms": ()}
    identity_first: bool
    own_terms: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict | None) -> "NamingPreferences":
        data = data or {}
        if not isinstance(data, dict):
            raise PreferencesError("preferences must be a mapping")
        unknown = set(data) - {"identity_first", "own_terms"}
        if unknown:
            raise PreferencesError(f"unknown preference keys: {', '.join(sorted(unknown))}")
        identity_first = data.get("identity_first", False)
        if not isinstance(identity_first, bool):
            raise PreferencesError("identity_first must be true or false")
        terms = data.get("own_terms") or []
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list | tuple) or not all(isinstance(t, str) for t in terms):
            raise PreferencesError("own_terms must be a list of words or phrases")
        return cls(identity_first, tuple(t.strip() for t in terms if t.strip()))

    @classmethod
    def load(cls, path: str | Path) -> "NamingPreferences":
        try:
            return cls.from_dict(_read_yaml(path))
        except PreferencesError as exc:
            message = str(exc)
            raise PreferencesError(
                message if message.startswith(str(path)) else f"{path}: {message}"
            ) from None

    @classmethod
    def coerce(cls, value) -> "NamingPreferences":
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if isinstance(value, dict):
            return cls.from_dict(value)
        raise TypeError("preferences must be NamingPreferences, a dict or None")


def load_accept(path: str | Path) -> list[str]:
    """An accept-list: a YAML list of rule ids and/or phrases never to flag.

    Also accepted: a mapping with `rules:` and `phrases:` lists.
    """
    data = _read_yaml(path)
    if isinstance(data, dict):
        unknown = set(data) - {"rules", "phrases"}
        if unknown:
            raise PreferencesError(f"{path}: unknown keys {', '.join(sorted(unknown))}")
        data = [*(data.get("rules") or []), *(data.get("phrases") or [])]
    if data is None:
        return []
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise PreferencesError(f"{path}: an accept-list is a list of rule ids or phrases")
    return [x.strip() for x in data if x.strip()]


def _read_yaml(path: str | Path):
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PreferencesError(f"{path}: {reason}") from None
