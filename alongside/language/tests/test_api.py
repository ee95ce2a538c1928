"""The library surface: findings, importing without Django, the rule cache."""

import dataclasses
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alongside.language import Checker, Finding, NamingPreferences, check
from alongside.language.compiled import load_plan

ROOT = Path(__file__).resolve().parents[3]


def test_a_finding_points_at_the_words_and_says_why():
    text = "Client claims her pain is 10/10."
    [finding] = check(text)
    assert text[finding.start : finding.end] == finding.text == "claims"
    assert finding.rule == "credibility.claims"
    assert finding.category == "credibility"
    assert finding.severity == "warning"
    assert finding.message and finding.suggestions
    assert finding.source.startswith("https://")


def test_a_finding_is_frozen_and_serialisable():
    [finding] = check("She refused.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.text = "x"
    data = finding.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {f.name for f in dataclasses.fields(Finding)}


def test_findings_come_back_in_text_order():
    found = check("Hostile. Then she refused. Then claims it hurts.")
    assert [f.start for f in found] == sorted(f.start for f in found)


def test_check_refuses_non_text():
    with pytest.raises(TypeError):
        check(b"bytes")


def test_the_library_imports_without_django():
    code = (
        "import sys\n"
        "from alongside.language import check\n"
        "assert check('She refused.')\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_rule_cache_is_rebuilt_when_a_rule_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("ALONGSIDE_CACHE_DIR", str(tmp_path / "cache"))
    rules = tmp_path / "rules" / "practice"
    rules.mkdir(parents=True)
    rule = (
        "- id: practice.term\n  severity: info\n  patterns: [{word}]\n  message: m\n"
        "  source: https://example.org\n  tests: {{flag: [x], no-flag: [y]}}\n"
    )
    (rules / "r.yaml").write_text(rule.format(word="zebra"))
    assert Checker(rule_dirs=[tmp_path / "rules"]).check("a zebra")
    (rules / "r.yaml").write_text(rule.format(word="giraffe"))
    os.utime(rules / "r.yaml", ns=(1, 1))  # a different mtime even on coarse clocks
    checker = Checker(rule_dirs=[tmp_path / "rules"])
    assert checker.check("a giraffe") and not checker.check("a zebra")


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty
        b'{"version": 4, "rules": [{"id": 1}]}',  # not marshal data at all
        marshal.dumps((4, [{"id": 1}], {}, {})),  # the right shape, the wrong rules
        marshal.dumps(("a", "list", "of", "words")),
        marshal.dumps(None),
    ],
)
def test_a_damaged_cache_file_is_ignored(tmp_path, monkeypatch, damage):
    monkeypatch.setenv("ALONGSIDE_CACHE_DIR", str(tmp_path))
    load_plan()
    [path] = tmp_path.glob("*.marshal")
    path.write_bytes(damage)
    assert load_plan().rules
    assert Checker().check("She refused.")


def test_a_finding_made_in_the_hot_loop_is_an_ordinary_finding():
    from alongside.language.findings import new_finding

    fields = {
        "start": 0, "end": 7, "text": "refused", "rule": "r", "category": "c",
        "severity": "warning", "message": "m", "suggestions": ("declined",), "source": "s",
    }  # fmt: skip
    fast, slow = new_finding(**fields), Finding(**fields)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.replace(fast, end=3) == dataclasses.replace(slow, end=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "x"


def test_the_value_classes_behave_as_the_frozen_dataclasses_they_replace():
    """Finding, Rule, Plan and NamingPreferences no longer import dataclasses (a twentieth
    of the CLI's run), but compare, hash, print, copy and refuse changes as they did."""
    import copy
    import pickle

    from alongside.language.rules import Rule

    a = Rule(id="r", category="c", severity="info", message="m", source="s", path="a.yaml")
    b = Rule("r", "c", "info", "m", "s", path="b.yaml", flag=("x",))
    assert a == b and hash(a) == hash(b)  # tests and path are not compared
    assert a != Rule(id="r", category="c", severity="warning", message="m", source="s")
    assert repr(a).startswith("Rule(id='r', category='c', severity='info', message='m', ")
    assert repr(a).endswith("flag=(), no_flag=(), path='a.yaml')")
    assert [f.name for f in dataclasses.fields(Rule) if not f.compare] == [
        "flag", "no_flag", "path"
    ]  # fmt: skip
    [finding] = check("She refused.")
    assert finding != tuple(finding.to_dict().values()) and finding != "refused"
    assert pickle.loads(pickle.dumps(finding)) == finding == copy.deepcopy(finding)  # noqa: S301
    assert dataclasses.asdict(finding) == {**finding.to_dict(), "suggestions": finding.suggestions}
    prefs = NamingPreferences(own_terms=("fat",))
    assert prefs == NamingPreferences(False, ("fat",)) and prefs != NamingPreferences()
    assert repr(prefs) == "NamingPreferences(identity_first=False, own_terms=('fat',))"
    with pytest.raises(dataclasses.FrozenInstanceError):
        prefs.own_terms = ()
    with pytest.raises(TypeError):
        NamingPreferences(colour="blue")
