import signal
import threading

from django.core.management.base import BaseCommand

from scheduler import loop


class Command(BaseCommand):
    help = "Run the scheduler loop (one leader at a time; further copies stand by)."

    def handle(self, *args, **options):
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        loop.run(stop)
