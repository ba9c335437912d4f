"""List the data sources that break today's rules (file paths, network addresses).

Exit code 1 when any does: runs that use them fail with the same reasons until they are fixed.
"""

from django.core.management.base import BaseCommand

from projects.drivers import DriverError, get_driver, problems
from projects.drivers.base import resolve_path
from projects.models import DataSource


class Command(BaseCommand):
    help = "Report data sources whose path or address the current rules refuse."

    def handle(self, *args, **options):
        found = 0
        for datasource in DataSource.objects.select_related("project").order_by("project_id", "id"):
            reasons = problems(datasource)
            if not reasons and get_driver(datasource.kind).file_engine:
                try:
                    resolve_path(datasource.config["path"], datasource.project_id)
                except DriverError as exc:
                    reasons = [str(exc)]
            for reason in reasons:
                found += 1
                self.stdout.write(
                    f"project {datasource.project.name!r} (id {datasource.project_id}), "
                    f"data source {datasource.name!r} (id {datasource.id}, {datasource.kind}): "
                    f"{reason}"
                )
        if found:
            self.stderr.write(
                f"{found} problem(s): runs using these data sources fail until they are fixed"
            )
            raise SystemExit(1)
        self.stdout.write("every data source follows the rules")
