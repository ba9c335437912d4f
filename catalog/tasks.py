import time

from celery import shared_task
from django.conf import settings
from django.db import transaction

from catalog import services

_last_watch = 0.0


@shared_task(name="catalog.refresh_source", acks_late=True)
def refresh_source(datasource_id: int) -> str:
    entry = services.source_refresh(datasource_id=datasource_id)
    if entry is None:
        return "no such data source"
    return entry.error or f"{entry.table_count} tables"


def refresh_nightly(now=None) -> int:
    """Scheduler step: send the data sources whose nightly read is due to the workers."""
    global _last_watch
    if time.monotonic() - _last_watch < settings.CATALOG_WATCH_SECONDS:
        return 0
    _last_watch = time.monotonic()
    with transaction.atomic():
        due = services.refresh_due(now=now)
        for datasource_id in due:
            transaction.on_commit(lambda i=datasource_id: refresh_source.delay(i))
    return len(due)
