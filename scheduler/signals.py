from django.dispatch import Signal

# Sent once when a backfill ends (`backfill.status` is success or failed).
backfill_finished = Signal()

# Sent when a project's instances could not be generated (project_id, day, error); the
# scheduler goes on with the other projects and retries this one with back-off.
generation_failed = Signal()
