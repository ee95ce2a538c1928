"""`alongside export_openapi`: print the REST API's OpenAPI 3.1 schema as JSON."""

import json

from django.core.management.base import BaseCommand

from alongside.api.api import api


class Command(BaseCommand):
    help = "Print the OpenAPI schema of /api/v1/."

    def handle(self, *args, **options):
        schema = api.get_openapi_schema(path_prefix="/api/v1/")
        self.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False))
