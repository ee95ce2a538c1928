"""Open Referral HSDS 3.0 data packages: CSV files plus datapackage.json, in and out.

Import reads every file, checks every row, and writes nothing unless all of it is right:
the errors name the file, the row (as a spreadsheet counts it, the header being row 1) and
the column. Then it writes in one transaction, matching services by their HSDS id, so
importing a newer package from the same source updates what is there.

Needs and tags travel as HSDS taxonomy terms (taxonomies "alongside-need", "alongside-tag")
linked to services by attributes; a package's other taxonomies are ignored.
"""

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction

from alongside.audit.chain import record
from alongside.audit.models import Action
from alongside.core.spreadsheet import from_cell, text_cell
from alongside.resources.models import (
    Label,
    Language,
    Location,
    Need,
    Organization,
    Phone,
    RequiredDocument,
    Review,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    Tag,
)
from alongside.resources.search import reindex

NEED_TAXONOMY = "alongside-need"
TAG_TAXONOMY = "alongside-tag"
ACCESS_TERM = "alongside-service-accessibility"
MAX_ROWS = 200_000
# What a package may unpack to, all files together (the upload itself is at most 50 MB, which
# compresses from gigabytes of repeated bytes: a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

# file: the columns we write (HSDS 3.0 names); the ones a row must fill are in REQUIRED.
COLUMNS = {
    "organizations": ["id", "name", "description", "email", "website"],
    "services": [
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "alert",
    ],
    "locations": ["id", "organization_id", "name"],
    "addresses": ["id", "location_id", "address_1", "city", "region", "postal_code", "country"],
    "accessibility": ["id", "location_id", "description"],
    "service_at_locations": ["id", "service_id", "location_id"],
    "phones": ["id", "service_id", "number", "description"],
    "schedules": ["id", "service_id", "byday", "opens_at", "closes_at", "description"],
    "service_areas": ["id", "service_id", "name", "description"],
    "languages": ["id", "service_id", "name", "code"],
    "required_documents": ["id", "service_id", "document"],
    "taxonomy_terms": ["id", "code", "name", "taxonomy"],
    "attributes": ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"],
}
REQUIRED = {
    "organizations": ["id", "name"],
    "services": ["id", "organization_id", "name", "status"],
    "locations": ["id", "organization_id"],
    "addresses": ["id", "location_id"],
    "accessibility": ["id", "location_id"],
    "service_at_locations": ["id", "service_id", "location_id"],
    "phones": ["id", "number"],
    "schedules": ["id", "service_id"],
    "service_areas": ["id", "service_id", "name"],
    "languages": ["id", "service_id", "name"],
    "required_documents": ["id", "service_id", "document"],
    "taxonomy_terms": ["id", "code", "name"],
    "attributes": ["id", "link_id", "taxonomy_term_id"],
}
NEEDED_FILES = ["organizations", "services"]


class PackageError(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} problem(s) in the package")
        self.errors = errors


# Export ------------------------------------------------------------------------------------


def _term_id(taxonomy, code):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://alongside.invalid/{taxonomy}/{code}"))


def export_package(practice) -> dict[str, str]:
    """The practice's approved directory as {file name: text}: CSVs and datapackage.json."""
    services = list(
        Service.objects.filter(practice=practice, review=Review.APPROVED)
        .select_related("organization")
        .prefetch_related(
            "labels",
            "languages",
            "areas",
            "phones",
            "schedules",
            "documents",
            "at_locations__location",
        )
        .order_by("id")
    )
    rows = {name: [] for name in COLUMNS}
    orgs, locations = {}, {}
    for s in services:
        orgs[s.organization_id] = s.organization
        rows["services"].append(
            [
                s.hsds_id,
                s.organization.hsds_id,
                s.name,
                s.description,
                s.url,
                s.email,
                s.status,
                s.interpretation_services,
                s.application_process,
                s.fees_description,
                s.eligibility_description,
                _blank(s.minimum_age),
                _blank(s.maximum_age),
                s.last_checked.isoformat() if s.last_checked else "",
                s.alert,
            ]
        )
        for sal in s.at_locations.all():
            locations[sal.location_id] = sal.location
            rows["service_at_locations"].append([sal.hsds_id, s.hsds_id, sal.location.hsds_id])
        for p in s.phones.all():
            rows["phones"].append([p.hsds_id, s.hsds_id, p.number, p.description])
        for sc in s.schedules.all():
            rows["schedules"].append(
                [
                    sc.hsds_id,
                    s.hsds_id,
                    sc.byday,
                    _time(sc.opens_at),
                    _time(sc.closes_at),
                    sc.description,
                ]
            )
        for a in s.areas.all():
            rows["service_areas"].append([a.hsds_id, s.hsds_id, a.name, a.description])
        for lang in s.languages.all():
            rows["languages"].append([lang.hsds_id, s.hsds_id, lang.name, lang.code])
        for d in s.documents.all():
            rows["required_documents"].append([d.hsds_id, s.hsds_id, d.document])
        for label in s.labels.all():
            taxonomy = NEED_TAXONOMY if label.kind == Label.Kind.NEED else TAG_TAXONOMY
            term = _term_id(taxonomy, label.code)
            attribute = uuid.uuid5(uuid.UUID(term), str(s.hsds_id))
            rows["attributes"].append([attribute, s.hsds_id, "service", "service", term, ""])
        if s.accessibility:
            term = _term_id(ACCESS_TERM, "text")
            attribute = uuid.uuid5(uuid.UUID(term), str(s.hsds_id))
            rows["attributes"].append(
                [attribute, s.hsds_id, "service", "service", term, s.accessibility]
            )
    for org in orgs.values():
        rows["organizations"].append([org.hsds_id, org.name, org.description, org.email, org.url])
    for loc in locations.values():
        org = orgs.get(loc.organization_id) or loc.organization
        rows["locations"].append([loc.hsds_id, org.hsds_id, loc.name])
        address = uuid.uuid5(loc.hsds_id, "address")
        rows["addresses"].append(
            [
                address,
                loc.hsds_id,
                loc.address_1,
                loc.city,
                loc.region,
                loc.postal_code,
                loc.country,
            ]
        )
        if loc.accessibility:
            access = uuid.uuid5(loc.hsds_id, "accessibility")
            rows["accessibility"].append([access, loc.hsds_id, loc.accessibility])
    for taxonomy, choices in ((NEED_TAXONOMY, Need.choices), (TAG_TAXONOMY, Tag.choices)):
        for code, name in choices:
            rows["taxonomy_terms"].append([_term_id(taxonomy, code), code, str(name), taxonomy])
    rows["taxonomy_terms"].append(
        [_term_id(ACCESS_TERM, "text"), "text", "Accessibility of the service", ACCESS_TERM]
    )
    files = {f"{name}.csv": _csv(COLUMNS[name], data) for name, data in rows.items()}
    files["datapackage.json"] = json.dumps(_datapackage(practice), indent=2)
    return files


def _blank(value):
    return "" if value is None else value


def _time(value):
    return value.strftime("%H:%M") if value else ""


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    # Text people typed must not run as a formula when the file is opened in a spreadsheet;
    # ids, numbers and times are not text anyone typed.
    writer.writerows(
        [[text_cell(v) if isinstance(v, str) else str(v) for v in row] for row in rows]
    )
    return out.getvalue()


def _datapackage(practice) -> dict:
    return {
        "name": "alongside-directory",
        "title": f"{practice.name}: community resources",
        "profile": "tabular-data-package",
        "licenses": [{"name": "CC-BY-SA-4.0", "title": "HSDS schema: CC BY-SA 4.0"}],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
            }
            for name, columns in COLUMNS.items()
        ],
    }


def package_zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


# Import ------------------------------------------------------------------------------------


def _leaf(info) -> str:
    return info.filename.rsplit("/", 1)[-1]


def files_from_zip(data) -> dict[str, str]:
    """{file name: text} from an uploaded zip (the folder's files, at any depth)."""
    try:
        archive = zipfile.ZipFile(data)
    except zipfile.BadZipFile as bad:
        raise PackageError(["The file is not a zip archive of a data package."]) from bad
    files = {}
    wanted = {f"{name}.csv" for name in COLUMNS} | {"datapackage.json"}
    with archive:
        # Only the files a package uses, and only if all of them together fit: the sizes
        # are the archive's own claims, and zipfile reads no more than each claims.
        chosen = [i for i in archive.infolist() if not i.is_dir() and _leaf(i) in wanted]
        if sum(i.file_size for i in chosen) > MAX_UNPACKED_BYTES:
            limit = MAX_UNPACKED_BYTES // (1024 * 1024)
            raise PackageError([f"The package unpacks to larger than {limit} MB."])
        for info in chosen:
            leaf = _leaf(info)
            try:
                files[leaf] = archive.read(info).decode("utf-8-sig")
            except UnicodeDecodeError as bad:
                raise PackageError([f"{leaf} is not UTF-8 text."]) from bad
    return files


@dataclass
class Parsed:
    tables: dict[str, list[tuple[int, dict]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def error(self, table, row, column, message):
        where = f"{table}.csv row {row}" + (f", column {column}" if column else "")
        self.errors.append(f"{where}: {message}")


def _read(files: dict[str, str]) -> Parsed:
    parsed = Parsed()
    if "datapackage.json" not in files:
        parsed.errors.append("datapackage.json is missing: this is not a data package.")
    else:
        try:
            json.loads(files["datapackage.json"])
        except ValueError:
            parsed.errors.append("datapackage.json is not valid JSON.")
    for name in NEEDED_FILES:
        if f"{name}.csv" not in files:
            parsed.errors.append(f"{name}.csv is missing.")
    for name in COLUMNS:
        text = files.get(f"{name}.csv")
        if text is None:
            parsed.tables[name] = []
            continue
        reader = csv.DictReader(io.StringIO(text))
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED[name] if c not in header]
        if missing:
            parsed.error(name, 1, ", ".join(missing), "this column is missing.")
            parsed.tables[name] = []
            continue
        rows = []
        try:
            for number, row in enumerate(reader, start=2):
                if number > MAX_ROWS:
                    parsed.error(name, number, "", f"more than {MAX_ROWS} rows.")
                    break
                if None in row:
                    parsed.error(name, number, "", "this row has more cells than the header.")
                    continue
                cells = {k: from_cell((v or "").strip()) for k, v in row.items()}
                rows.append((number, cells))
        except csv.Error as bad:
            parsed.error(name, reader.line_num, "", f"not readable as CSV ({bad}).")
        parsed.tables[name] = rows
    return parsed


def _as_uuid(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        # Some 211 exports use other ids: map each to a stable UUID of its own.
        return uuid.uuid5(uuid.NAMESPACE_URL, f"hsds-id:{value}")


_EMAIL = EmailValidator()
_URL = URLValidator(schemes=["http", "https"])


class _Checker:
    """Checks one row's cells against what our models will store."""

    def __init__(self, parsed, table, number, row):
        self.parsed, self.table, self.number, self.row = parsed, table, number, row

    def fail(self, column, message):
        self.parsed.error(self.table, self.number, column, message)

    def text(self, column, limit, *, required=False):
        value = self.row.get(column, "")
        if required and not value:
            self.fail(column, "this must not be empty.")
        if len(value) > limit:
            self.fail(column, f"longer than {limit} characters.")
        if "\x00" in value:
            self.fail(column, "has a NUL character.")
        return value[:limit]

    def choice(self, column, choices):
        value = self.row.get(column, "")
        if value not in choices:
            self.fail(column, f"{value!r} is not one of: {', '.join(choices)}.")
        return value

    def age(self, column):
        value = self.row.get(column, "")
        if not value:
            return None
        if not value.isdigit() or int(value) > 150:
            self.fail(column, f"{value!r} is not an age in whole years.")
            return None
        return int(value)

    def when(self, column, kind):
        value = self.row.get(column, "")
        if not value:
            return None
        try:
            return kind.fromisoformat(value)
        except ValueError:
            self.fail(
                column,
                f"{value!r} is not a {'date (YYYY-MM-DD)' if kind is date else 'time (HH:MM)'}.",
            )
            return None

    def email(self, column):
        value = self.text(column, 254)
        if value:
            try:
                _EMAIL(value)
            except ValidationError:
                self.fail(column, f"{value!r} is not an email address.")
        return value

    def url(self, column):
        value = self.text(column, 200)
        if value:
            try:
                _URL(value)
            except ValidationError:
                self.fail(column, f"{value!r} is not a web address (http or https).")
        return value

    def link(self, column, known, what):
        value = self.row.get(column, "")
        if value and value not in known:
            self.fail(column, f"no {what} has the id {value!r} in this package.")
            return None
        return value or None


def check_package(files: dict[str, str]) -> dict:
    """Every row checked; the cleaned rows, or PackageError with every problem found."""
    parsed = _read(files)
    t = parsed.tables
    out = {name: [] for name in COLUMNS}
    for table in t:
        seen = set()
        for number, row in t[table]:
            if not row.get("id"):
                parsed.error(table, number, "id", "this must not be empty.")
            elif row["id"] in seen:
                parsed.error(table, number, "id", f"{row['id']!r} is used twice.")
            seen.add(row.get("id"))
    orgs = {row["id"] for _n, row in t["organizations"]}
    services = {row["id"] for _n, row in t["services"]}
    locations = {row["id"] for _n, row in t["locations"]}
    terms = {row["id"]: row for _n, row in t["taxonomy_terms"]}
    statuses = [s.value for s in ServiceStatus]
    for number, row in t["organizations"]:
        c = _Checker(parsed, "organizations", number, row)
        out["organizations"].append(
            {
                "id": row["id"],
                "name": c.text("name", 250, required=True),
                "description": c.text("description", 4000),
                "email": c.email("email"),
                "url": c.url("website"),
            }
        )
    for number, row in t["services"]:
        c = _Checker(parsed, "services", number, row)
        low, high = c.age("minimum_age"), c.age("maximum_age")
        if low is not None and high is not None and low > high:
            c.fail("maximum_age", "is below minimum_age.")
        out["services"].append(
            {
                "id": row["id"],
                "organization_id": c.link("organization_id", orgs, "organization"),
                "name": c.text("name", 250, required=True),
                "description": c.text("description", 4000),
                "url": c.url("url"),
                "email": c.email("email"),
                "status": c.choice("status", statuses),
                "interpretation_services": c.text("interpretation_services", 250),
                "application_process": c.text("application_process", 4000),
                "fees_description": c.text("fees_description", 250),
                "eligibility_description": c.text("eligibility_description", 4000),
                "minimum_age": low,
                "maximum_age": high,
                "last_checked": c.when("assured_date", date),
                "alert": c.text("alert", 250),
            }
        )
    for number, row in t["locations"]:
        c = _Checker(parsed, "locations", number, row)
        out["locations"].append(
            {
                "id": row["id"],
                "organization_id": c.link("organization_id", orgs, "organization"),
                "name": c.text("name", 250),
            }
        )
    for number, row in t["addresses"]:
        c = _Checker(parsed, "addresses", number, row)
        out["addresses"].append(
            {
                "location_id": c.link("location_id", locations, "location"),
                "address_1": c.text("address_1", 250),
                "city": c.text("city", 120),
                "region": c.text("region", 120) or c.text("state_province", 120),
                "postal_code": c.text("postal_code", 20),
                "country": c.text("country", 2),
            }
        )
    for number, row in t["accessibility"]:
        c = _Checker(parsed, "accessibility", number, row)
        out["accessibility"].append(
            {
                "location_id": c.link("location_id", locations, "location"),
                "description": c.text("description", 4000) or c.text("details", 4000),
            }
        )
    for number, row in t["service_at_locations"]:
        c = _Checker(parsed, "service_at_locations", number, row)
        out["service_at_locations"].append(
            {
                "id": row["id"],
                "service_id": c.link("service_id", services, "service"),
                "location_id": c.link("location_id", locations, "location"),
            }
        )
    per_service = {
        "phones": [("number", 40), ("description", 250)],
        "service_areas": [("name", 120), ("description", 250)],
        "languages": [("name", 80), ("code", 12)],
        "required_documents": [("document", 250)],
    }
    for table, columns in per_service.items():
        for number, row in t[table]:
            c = _Checker(parsed, table, number, row)
            required = REQUIRED[table]
            item = {"id": row["id"], "service_id": c.link("service_id", services, "service")}
            for column, limit in columns:
                item[column] = c.text(column, limit, required=column in required)
            if item["service_id"] is not None:  # phones of an organisation only: skipped
                out[table].append(item)
    for number, row in t["schedules"]:
        c = _Checker(parsed, "schedules", number, row)
        out["schedules"].append(
            {
                "id": row["id"],
                "service_id": c.link("service_id", services, "service"),
                "byday": c.text("byday", 40),
                "opens_at": c.when("opens_at", time),
                "closes_at": c.when("closes_at", time),
                "description": c.text("description", 250),
            }
        )
    for number, row in t["attributes"]:
        c = _Checker(parsed, "attributes", number, row)
        term = terms.get(row.get("taxonomy_term_id", ""))
        if term is None:
            c.fail(
                "taxonomy_term_id", f"no taxonomy term has the id {row.get('taxonomy_term_id')!r}."
            )
            continue
        if row.get("link_id") not in services:
            continue  # attributes of other things (organisations, locations): not ours
        taxonomy, code = term.get("taxonomy", ""), term.get("code", "")
        if taxonomy == NEED_TAXONOMY and code in Need.values:
            out["attributes"].append(("need", row["link_id"], code))
        elif taxonomy == TAG_TAXONOMY and code in Tag.values:
            out["attributes"].append(("tag", row["link_id"], code))
        elif taxonomy == ACCESS_TERM:
            out["attributes"].append(("access", row["link_id"], c.text("value", 4000)))
    if parsed.errors:
        raise PackageError(parsed.errors)
    return out


@dataclass
class Imported:
    created: int = 0
    updated: int = 0


def import_package(practice, files: dict[str, str], *, actor=None) -> Imported:
    """Check the whole package, then write all of it in one transaction (or nothing)."""
    rows = check_package(files)
    result = Imported()
    with transaction.atomic():
        orgs = {}
        for row in rows["organizations"]:
            org, _new = Organization.objects.update_or_create(
                practice=practice,
                hsds_id=_as_uuid(row["id"]),
                defaults={k: row[k] for k in ("name", "description", "email", "url")},
            )
            orgs[row["id"]] = org
        services = {}
        fields = (
            [k for k in rows["services"][0] if k not in ("id", "organization_id")]
            if rows["services"]
            else []
        )
        for row in rows["services"]:
            service, new = Service.objects.update_or_create(
                practice=practice,
                hsds_id=_as_uuid(row["id"]),
                defaults={
                    "organization": orgs[row["organization_id"]],
                    "review": Review.APPROVED,
                    **{k: row[k] for k in fields},
                },
            )
            if new:
                result.created += 1
            else:
                result.updated += 1
                for related in (
                    "labels",
                    "languages",
                    "areas",
                    "phones",
                    "schedules",
                    "documents",
                    "at_locations",
                ):
                    getattr(service, related).all().delete()
            service.accessibility = ""
            services[row["id"]] = service
        locations = {}
        for row in rows["locations"]:
            org = orgs.get(row["organization_id"])
            if org is None:
                continue
            loc, _new = Location.objects.update_or_create(
                organization=org, hsds_id=_as_uuid(row["id"]), defaults={"name": row["name"]}
            )
            locations[row["id"]] = loc
        for row in rows["addresses"]:
            loc = locations.get(row.pop("location_id"))
            if loc is not None:
                Location.objects.filter(pk=loc.pk).update(**row)
        for row in rows["accessibility"]:
            loc = locations.get(row["location_id"])
            if loc is not None:
                Location.objects.filter(pk=loc.pk).update(accessibility=row["description"])
        ServiceAtLocation.objects.bulk_create(
            [
                ServiceAtLocation(
                    hsds_id=_as_uuid(r["id"]),
                    service=services[r["service_id"]],
                    location=locations[r["location_id"]],
                )
                for r in rows["service_at_locations"]
                if r["location_id"] in locations
            ]
        )
        simple = {
            "phones": (Phone, ["number", "description"]),
            "service_areas": (ServiceArea, ["name", "description"]),
            "languages": (Language, ["name", "code"]),
            "required_documents": (RequiredDocument, ["document"]),
            "schedules": (Schedule, ["byday", "opens_at", "closes_at", "description"]),
        }
        for table, (model, columns) in simple.items():
            model.objects.bulk_create(
                [
                    model(
                        hsds_id=_as_uuid(r["id"]),
                        service=services[r["service_id"]],
                        **{c: r[c] for c in columns},
                    )
                    for r in rows[table]
                    if r["service_id"] in services
                ]
            )
        labels = set()
        for kind, service_id, value in rows["attributes"]:
            if kind == "access":
                services[service_id].accessibility = value
            else:
                labels.add((service_id, kind, value))
        Label.objects.bulk_create(
            [Label(service=services[s], kind=k, code=c) for s, k, c in sorted(labels)]
        )
        for service in services.values():
            Service.objects.filter(pk=service.pk).update(accessibility=service.accessibility)
            reindex(service)
        record(
            actor=actor, action=Action.CREATE, object_type="resource_import", object_id=practice.pk
        )
    return result
