"""The `partnerscan` command: model and score tools, and Django's management commands.

`partnerscan model ...` and `partnerscan score ...` run without Django settings, so a
consultant can check a model or score a file without a database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("model", "score"):
        try:
            code = _tool(args[0], args[1:])
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped reading (`partnerscan model show | head`): nothing went wrong
            # here. Point stdout at /dev/null so the interpreter's last flush stays quiet too.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        return code
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnerscan", *args])
    return 0


def _tool(name: str, args: list[str]) -> int:
    if name == "model":
        from partnerscan.capability.cli import main as model_main

        return model_main(args)
    from partnerscan.scoring.cli import main as score_main

    return score_main(args)


if __name__ == "__main__":
    sys.exit(main())
