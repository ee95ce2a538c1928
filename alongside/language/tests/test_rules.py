"""Every rule is data with its own examples; this runs them all."""

from pathlib import Path

import pytest

from alongside.language import Checker
from alongside.language.compiled import compile_dirs
from alongside.language.patterns import COMMON, parse
from alongside.language.rules import BUILTIN_DIR, RuleError, load_rules, load_vocab

VOCAB = load_vocab([BUILTIN_DIR])
RULES = load_rules([BUILTIN_DIR], VOCAB)
CATEGORIES = {
    "credibility",
    "authority",
    "judgement",
    "labels",
    "deficit",
    "substance-use",
    "suicide",
    "stereotyping",
    "structural",
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_flags_its_own_examples(rule, checker):
    for text in rule.flag:
        assert rule.id in [f.rule for f in checker.check(text, merge=False)], text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_stays_quiet_on_its_counter_examples(rule, checker):
    for text in rule.no_flag:
        assert rule.id not in [f.rule for f in checker.check(text, merge=False)], text


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rules_suggestions_are_not_flagged_by_the_rule_itself(rule, checker):
    # A suggestion the rule would flag again sends the writer round in circles.
    for suggestion in rule.suggestions + rule.identity_first_suggestions:
        assert rule.id not in [f.rule for f in checker.check(suggestion, merge=False)], suggestion


GENDERED = frozenset(
    """
    she he her him his hers herself himself woman women man men girl boy mother father
    mum dad wife husband lady gentleman
    """.split()  # noqa: SIM905
)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_no_suggestion_gives_the_client_a_gender(rule):
    # The checker does not know the client's gender; a suggestion must not supply one.
    for suggestion in rule.suggestions + rule.identity_first_suggestions:
        words = set(suggestion.lower().replace("/", " ").replace(",", " ").split())
        assert not words & GENDERED, (rule.id, suggestion)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_explains_itself_and_cites_a_source(rule):
    assert rule.flag and rule.no_flag
    assert rule.message and rule.suggestions
    assert rule.source.startswith("https://")


def test_there_are_at_least_250_rules_across_every_category():
    assert len(RULES) >= 250
    assert {r.category for r in RULES} == CATEGORIES


def test_every_pattern_is_looked_up_by_a_distinctive_word():
    # A pattern anchored on "the" or "is" would be tried at almost every word.
    for rule in RULES:
        for pattern in rule.patterns + rule.exceptions:
            for positions in parse(pattern, VOCAB):
                words = [set(w) for kind, w, opt in positions if kind == "w" and not opt]
                assert any(not (w <= COMMON) for w in words), (rule.id, pattern)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


RULE = """
- id: practice.pathway
  severity: warning
  patterns: [care pathway]
  message: Say which service.
  suggestions: [the memory service]
  source: https://example.org/guide
  tests: {flag: [On the care pathway.], no-flag: [On the memory service list.]}
"""


def test_a_practice_pack_adds_its_own_rules(tmp_path):
    _write(tmp_path / "practice", "local.yaml", RULE)
    checker = Checker(rule_dirs=[tmp_path])
    assert "practice.pathway" in [f.rule for f in checker.check("On the care pathway.")]


def test_a_practice_rule_replaces_a_built_in_rule_with_the_same_id(tmp_path):
    quieter = RULE.replace("practice.pathway", "judgement.hostile").replace("care pathway", "zz")
    _write(tmp_path / "judgement", "quiet.yaml", quieter)
    checker = Checker(rule_dirs=[tmp_path])
    assert "judgement.hostile" not in [f.rule for f in checker.check("She was hostile.")]


def test_a_broken_rule_file_names_the_file_and_the_rule(tmp_path):
    _write(tmp_path / "practice", "bad.yaml", RULE.replace("care pathway", "(care|"))
    with pytest.raises(RuleError, match=r"bad\.yaml: rule practice\.pathway: pattern"):
        compile_dirs([BUILTIN_DIR, tmp_path])


def test_a_rule_with_an_unknown_key_is_rejected(tmp_path):
    _write(tmp_path / "practice", "bad.yaml", RULE + "  colour: red\n")
    with pytest.raises(RuleError, match="unknown keys"):
        compile_dirs([BUILTIN_DIR, tmp_path])


def test_unreadable_yaml_is_a_rule_error(tmp_path):
    _write(tmp_path / "practice", "bad.yaml", "- id: [unclosed\n")
    with pytest.raises(RuleError, match="bad.yaml"):
        compile_dirs([BUILTIN_DIR, tmp_path])


def test_no_pattern_is_cut_short_by_a_yaml_comment():
    # YAML starts a comment at " #", so an unquoted pattern that uses # (a number) keeps
    # only the words before it and silently matches far more than it should.
    for path in sorted(BUILTIN_DIR.rglob("*.yaml")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            item = line.lstrip()
            unquoted = item.startswith("- ") and item[2:3] not in ("'", '"')
            assert not (unquoted and " #" in item), f"{path.name}:{number}: quote this pattern"
