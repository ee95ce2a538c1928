"""The `alongside` console script.

`alongside check-language ...` runs the language checker without loading Django, so it
starts fast; every other word is handed to Django's management commands.
"""

import os
import sys
from typing import NoReturn


def main(argv: list[str] | None = None) -> int:
    """Run the command in argv (sys.argv's when None).

    Called with no argv, main is the program itself (the console script, or python -m
    alongside.cli), and check-language then ends the process itself (see _exit_now);
    code that runs the command in-process passes argv and gets the exit status back.
    """
    as_program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "check-language":
        from alongside.language.cli import main as check_language

        if not as_program:
            return check_language(argv[1:])
        try:
            code = check_language(argv[1:])
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (`| head`): nothing left to say to it, and no
            # traceback for it. Status 1, as Python itself ends on a broken pipe.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = 1
        _exit_now(code)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["alongside", *argv])
    return 0


def _exit_now(code: int) -> NoReturn:
    """End the process once its output is out, without tearing down the interpreter.

    A check of a long file leaves hundreds of thousands of objects (tokens, offsets,
    the rule index); freeing them one by one at exit took several milliseconds of a
    run, for memory the operating system takes back at once anyway. Nothing else is
    lost: the checker keeps no files open and registers nothing to run at exit.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
