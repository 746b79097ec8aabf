"""The `partnerscan` command: model and score tools, and Django's management commands.

`partnerscan model ...` and `partnerscan score ...` run without Django settings, so a
consultant can check a model or score a file without a database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "model":
        from partnerscan.capability.cli import main as model_main

        return model_main(args[1:])
    if args and args[0] == "score":
        from partnerscan.scoring.cli import main as score_main

        return score_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["partnerscan", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
