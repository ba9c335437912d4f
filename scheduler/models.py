from django.db import models


class SchedulerLease(models.Model):
    """The leader lock of the scheduler loop: one row per loop name.

    The holder renews it every tick; a standby takes it over once `expires_at` has passed,
    so a killed leader is replaced within one lease period.
    """

    name = models.CharField(primary_key=True, max_length=64)
    holder = models.CharField(max_length=200)
    acquired_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"
