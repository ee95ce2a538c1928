"""The `alongside` console script.

`alongside check-language ...` runs the language checker without loading Django, so it
starts fast; every other word is handed to Django's management commands.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check-language":
        from alongside.language.cli import main as check_language

        return check_language(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
