import pytest

from alongside.context import powermap
from alongside.context.models import Dimension, LivedAs, MapEntry, Position

P, M, B, N = LivedAs.PRIVILEGE, LivedAs.MARGINALISATION, LivedAs.BOTH, LivedAs.NEITHER


@pytest.mark.parametrize(
    ("client", "therapist", "expected"),
    [
        (M, P, powermap.THERAPIST_HOLDS),
        (N, P, powermap.THERAPIST_HOLDS),
        (B, P, powermap.THERAPIST_HOLDS),
        (M, B, powermap.THERAPIST_HOLDS),
        (P, P, powermap.SIMILAR),
        (M, M, powermap.SIMILAR),
        (B, N, powermap.SIMILAR),
        (N, N, powermap.SIMILAR),
        (P, M, powermap.CLIENT_HOLDS),
        (B, M, powermap.CLIENT_HOLDS),
        ("", P, powermap.UNKNOWN),
        (M, "", powermap.UNKNOWN),
    ],
)
def test_relation_marks_where_the_therapist_holds_privilege_the_client_does_not(
    client, therapist, expected
):
    assert powermap.relation(client, therapist) == expected


def _entry(code, lived, **extra):
    return MapEntry(dimension=Dimension.objects.get(code=code), lived_as=lived, **extra)


def _position(code, lived, **extra):
    return Position(dimension=Dimension.objects.get(code=code), lived_as=lived, **extra)


@pytest.mark.django_db
def test_build_pairs_entries_by_dimension_and_keeps_the_vocabulary_order():
    dims = Dimension.objects.filter(code__in=["ethnicity", "gender", "socioeconomic"])
    rows = powermap.build(
        dims,
        [_entry("gender", M), _entry("socioeconomic", M)],
        [_position("gender", P), _position("ethnicity", P)],
    )
    relations = {r.label: r.relation for r in rows}
    assert relations == {
        "Ethnic and racial identity": powermap.UNKNOWN,  # the client has not said
        "Class and money": powermap.UNKNOWN,  # the therapist has not said
        "Gender": powermap.THERAPIST_HOLDS,
    }
    assert [r.label for r in rows] == [str(d.display) for d in dims]


@pytest.mark.django_db
def test_prefer_not_to_say_counts_as_not_known_whatever_was_chosen():
    dims = Dimension.objects.filter(code="gender")
    rows = powermap.build(
        dims, [_entry("gender", M, prefer_not_to_say=True)], [_position("gender", P)]
    )
    assert rows[0].relation == powermap.UNKNOWN
    assert rows[0].client_x is None


@pytest.mark.django_db
def test_custom_client_dimensions_follow_with_nothing_to_compare():
    rows = powermap.build([], [MapEntry(custom_label="Being a carer", lived_as=M)], [])
    assert [(r.label, r.relation) for r in rows] == [("Being a carer", powermap.UNKNOWN)]


def test_picture_positions_run_from_marginalised_left_to_privileged_right():
    assert powermap.x_for(M) < powermap.x_for(B) == powermap.x_for(N) < powermap.x_for(P)
    assert powermap.x_for("") is None


def test_summary_lists_the_dimensions_where_the_therapist_holds_privilege():
    rows = [
        powermap.Row("Gender", None, None, powermap.THERAPIST_HOLDS),
        powermap.Row("Age", None, None, powermap.SIMILAR),
        powermap.Row("Class", None, None, powermap.UNKNOWN),
    ]
    assert powermap.summary(rows) == {
        "therapist_holds": ["Gender"],
        "client_holds": [],
        "unknown": 1,
    }
