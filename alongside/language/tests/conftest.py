import pytest

from alongside.language import Checker


@pytest.fixture(scope="session", autouse=True)
def _private_rule_cache(tmp_path_factory):
    """Keep the compiled-rule cache out of the developer's home directory."""
    mp = pytest.MonkeyPatch()
    mp.setenv("ALONGSIDE_CACHE_DIR", str(tmp_path_factory.mktemp("rule-cache")))
    yield
    mp.undo()


@pytest.fixture(scope="session")
def checker(_private_rule_cache) -> Checker:
    return Checker()


@pytest.fixture(scope="session")
def flagged(checker):
    """The rule ids found in a text."""

    def rules(text, preferences=None):
        return [f.rule for f in checker.check(text, preferences)]

    return rules
