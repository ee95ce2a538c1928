"""HSDS 3.0 data packages: a round trip keeps every service; a bad package is refused
whole, with its file, row and column named."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from alongside.accounts.models import Practice
from alongside.resources.build import add_service
from alongside.resources.demo import SERVICES
from alongside.resources.hsds import PackageError, export_package, import_package, package_zip
from alongside.resources.models import Service
from alongside.resources.search import find


def _snapshot(practice):
    """Everything a service holds, comparable across practices (ids by HSDS id)."""
    out = {}
    for s in Service.objects.filter(practice=practice).prefetch_related(
        "labels", "languages", "areas", "phones", "schedules", "documents", "at_locations__location"
    ):
        out[str(s.hsds_id)] = (
            s.name,
            s.organization.name,
            s.description,
            s.status,
            s.application_process,
            s.eligibility_description,
            s.fees_description,
            s.interpretation_services,
            s.accessibility,
            s.last_checked,
            s.minimum_age,
            s.maximum_age,
            sorted((lb.kind, lb.code) for lb in s.labels.all()),
            sorted(lang.name for lang in s.languages.all()),
            sorted(a.name for a in s.areas.all()),
            sorted(p.number for p in s.phones.all()),
            sorted(sc.description for sc in s.schedules.all()),
            sorted(d.document for d in s.documents.all()),
            sorted((sal.location.address_1, sal.location.city) for sal in s.at_locations.all()),
        )
    return out


@pytest.fixture
def source(db):
    practice = Practice.objects.create(name="Source")
    for values in SERVICES:
        values = dict(values)
        add_service(practice, values.pop("name"), **values)
    service = Service.objects.filter(practice=practice).first()
    service.documents.create(document="Proof of address (any letter)")
    service.minimum_age = 16
    service.save()
    return practice


def test_export_then_import_into_an_empty_practice_gives_the_same_services(source):
    files = export_package(source)
    assert {"datapackage.json", "services.csv", "organizations.csv", "attributes.csv"} <= set(files)
    empty = Practice.objects.create(name="Empty")
    result = import_package(empty, files)
    assert result.created == len(SERVICES) and result.updated == 0
    assert _snapshot(empty) == _snapshot(source)
    # and the copies are searchable
    assert find(Service.objects.filter(practice=empty), words="tenants").count() == 1


def test_importing_the_same_package_again_updates_rather_than_duplicates(source):
    files = export_package(source)
    empty = Practice.objects.create(name="Empty")
    import_package(empty, files)
    again = import_package(empty, files)
    assert again.created == 0 and again.updated == len(SERVICES)
    assert _snapshot(empty) == _snapshot(source)


def _broken(files, name, old, new):
    return {**files, name: files[name].replace(old, new, 1)}


def test_a_bad_row_is_named_by_file_row_and_column_and_nothing_is_imported(source):
    files = export_package(source)
    bad = _broken(files, "services.csv", ",active,", ",open,")
    bad = _broken(bad, "languages.csv", "\n", "\nnot-a-row-id,unknown-service,Welsh,cy\n")
    empty = Practice.objects.create(name="Empty")
    with pytest.raises(PackageError) as refused:
        import_package(empty, bad)
    errors = refused.value.errors
    assert any(
        e.startswith("services.csv row 2, column status: 'open' is not one of") for e in errors
    )
    assert any(
        e.startswith("languages.csv row 2, column service_id: no service has the id")
        for e in errors
    )
    assert Service.objects.filter(practice=empty).count() == 0


def test_a_failure_while_writing_leaves_nothing_behind(source, monkeypatch):
    from alongside.resources import hsds

    files = export_package(source)
    empty = Practice.objects.create(name="Empty")

    def boom(service):
        raise RuntimeError("disk full")

    monkeypatch.setattr(hsds, "reindex", boom)
    with pytest.raises(RuntimeError):
        import_package(empty, files)
    assert Service.objects.filter(practice=empty).count() == 0


@pytest.mark.parametrize(
    "damage, expected",
    [
        (
            lambda f: {k: v for k, v in f.items() if k != "datapackage.json"},
            "datapackage.json is missing",
        ),
        (lambda f: {k: v for k, v in f.items() if k != "services.csv"}, "services.csv is missing"),
        (
            lambda f: {**f, "services.csv": "id,name\n1,x\n"},
            "services.csv row 1, column organization_id, status",
        ),
        (
            lambda f: {**f, "organizations.csv": f["organizations.csv"] + "x,\n"},
            "column name: this must not be empty",
        ),
        (
            lambda f: {**f, "services.csv": f["services.csv"].replace(",16,", ",sixteen,", 1)},
            "column minimum_age: 'sixteen' is not an age",
        ),
    ],
)
def test_broken_packages_are_refused(source, damage, expected):
    files = damage(export_package(source))
    with pytest.raises(PackageError) as refused:
        import_package(Practice.objects.create(name="Empty"), files)
    assert any(expected in e for e in refused.value.errors), refused.value.errors


def test_the_commands_round_trip_through_a_zip(source, tmp_path):
    target = tmp_path / "package.zip"
    call_command("hsds_export", "--practice", source.pk, str(target))
    empty = Practice.objects.create(name="Empty")
    out = io.StringIO()
    call_command("hsds_import", "--practice", empty.pk, str(target), stdout=out)
    assert f"{len(SERVICES)} new services" in out.getvalue()
    assert _snapshot(empty) == _snapshot(source)


def test_the_command_prints_every_problem_and_imports_nothing(source, tmp_path):
    files = export_package(source)
    folder = tmp_path / "pkg"
    folder.mkdir()
    for name, text in _broken(files, "services.csv", ",active,", ",open,").items():
        (folder / name).write_text(text)
    empty = Practice.objects.create(name="Empty")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("hsds_import", "--practice", empty.pk, str(folder), stderr=err)
    assert "services.csv row 2, column status" in err.getvalue()
    assert not Service.objects.filter(practice=empty).exists()


def test_the_admin_page_imports_and_shows_errors(client, cast, source):
    files = export_package(source)
    client.force_login(cast.admin)
    bad = package_zip(_broken(files, "services.csv", ",active,", ",open,"))
    upload = io.BytesIO(bad)
    upload.name = "bad.zip"
    page = client.post(reverse("resources:package"), {"package": upload}).content.decode()
    assert "Nothing was imported" in page and "services.csv row 2, column status" in page
    assert not Service.objects.filter(practice=cast.practice).exists()
    good = io.BytesIO(package_zip(files))
    good.name = "good.zip"
    assert client.post(reverse("resources:package"), {"package": good}).status_code == 302
    assert Service.objects.filter(practice=cast.practice).count() == len(SERVICES)


def test_a_file_that_is_not_a_zip_is_refused_in_plain_words(client, cast):
    client.force_login(cast.admin)
    upload = io.BytesIO(b"hello")
    upload.name = "x.zip"
    page = client.post(reverse("resources:package"), {"package": upload}).content.decode()
    assert "not a zip archive" in page


def test_the_export_is_a_zip_of_the_package(client, cast, source):
    import time

    from alongside.accounts.middleware import REAUTH_AT

    add_service(cast.practice, "Only here", needs=["food"])
    client.force_login(cast.admin)
    session = client.session
    session[REAUTH_AT] = time.time()
    session.save()
    response = client.get(reverse("resources:export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "Only here" in archive.read("services.csv").decode()


def _zip_of(entries: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    out.seek(0)
    return out


def test_a_package_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_read(
    monkeypatch,
):
    """A zip bomb: 50 MB uploaded can unpack to gigabytes, each .csv kept in memory. Found
    by probing: only each file's own size was limited, and every .csv was read, named or
    not, so many large files of any name could exhaust the server's memory."""
    from alongside.resources import hsds

    monkeypatch.setattr(hsds, "MAX_UNPACKED_BYTES", 1_000_000)
    zeros = b"0" * 400_000
    bomb = _zip_of({f"{name}.csv": zeros for name in ("organizations", "services", "locations")})
    with pytest.raises(PackageError) as refused:
        hsds.files_from_zip(bomb)
    assert "unpacks to larger than" in refused.value.errors[0]


def test_files_a_package_does_not_use_are_never_unpacked(monkeypatch):
    from alongside.resources import hsds

    monkeypatch.setattr(hsds, "MAX_UNPACKED_BYTES", 1_000_000)
    extra = {f"padding-{n}.csv": b"0" * 400_000 for n in range(5)}
    files = hsds.files_from_zip(_zip_of({"datapackage.json": b"{}", **extra}))
    assert files == {"datapackage.json": "{}"}
