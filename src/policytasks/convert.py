"""The ``convert`` command: inputs -> records on stdout or in files."""

from __future__ import annotations

import sys

from .errors import PolicyTasksError


def run_convert(args, options: dict) -> int:
    from .batch import expand_inputs
    from .pipeline import parse

    paths = expand_inputs(args.inputs)
    if len(paths) == 1 and not args.output and args.format == "json":
        notice = parse(paths[0], **options)
        sys.stdout.write(notice.to_json() + "\n")
        return 0
    raise PolicyTasksError("batch conversion is not available yet: give one input")
