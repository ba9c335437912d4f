"""Time and cycles, below every app: cron schedules (`cron`), scheduling parameters (`params`,
`param_reference`) and the business date and cycle time of a day (`dates`).

Plain Python: no Django models, no app imports (an import-linter contract in pyproject.toml says
so), so projects, scheduler, quality and alerts all read the same rules.
"""
