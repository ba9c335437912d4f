from celery import shared_task

from alerts import services


@shared_task(name="alerts.deliver", acks_late=True, ignore_result=True)
def deliver(delivery_id: int) -> str:
    return services.deliver(delivery_id)
