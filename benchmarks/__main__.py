"""python -m benchmarks [NAME] [--quick]

Each benchmark is a module here with `run(quick: bool) -> str`; the returned line is printed
last: `NAME: <figure> <unit> (target <op> <value>) ok|MISSED`. It runs against a fresh
database (the configured one's test database), created before and dropped after.
"""

import argparse
import importlib
import os
import pkgutil
import sys


def available() -> list[str]:
    import benchmarks

    return sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if not m.name.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("name", nargs="?", help="benchmark to run; none lists them")
    parser.add_argument("--quick", action="store_true", help="a small size that runs in seconds")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()

    names = available()
    if not args.name:
        for name in names:
            doc = (importlib.import_module(f"benchmarks.{name}").__doc__ or "").strip().splitlines()
            print(f"{name:16} {doc[0] if doc else ''}")
        return 0
    if args.name not in names:
        print(f"unknown benchmark {args.name!r}; available: {', '.join(names)}", file=sys.stderr)
        return 2

    from django.test.utils import setup_databases, teardown_databases

    from workbench import embedded

    module = importlib.import_module(f"benchmarks.{args.name}")
    broker = embedded.ensure_redis()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        line = module.run(quick=args.quick)
    finally:
        teardown_databases(databases, verbosity=0)
        embedded.stop(broker)
    print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
