from django.dispatch import Signal

# Sent once when a backfill ends (`backfill.status` is success or failed).
backfill_finished = Signal()
