"""First-run set-up: the demo admin account (and, when the domain exists, a demo project)."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# First-run steps, each a function `step(admin_user, stdout)`: the demo project and its rules.
BOOTSTRAP_STEPS: list[str] = ["projects.demo.create_demo", "quality.demo.add_demo_rules"]


class Command(BaseCommand):
    help = "Create the demo admin account once (password printed once, or taken from WORKBENCH_ADMIN_PASSWORD)."

    def handle(self, *args, **options):
        User = get_user_model()
        username = settings.WORKBENCH_ADMIN_USERNAME
        password = settings.WORKBENCH_ADMIN_PASSWORD
        user = User.objects.filter(username=username).first()
        if user is None:
            generated = password is None
            password = password or secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username=username, email="", password=password)
            shown = password if generated else "(from WORKBENCH_ADMIN_PASSWORD)"
            self.stdout.write(
                self.style.SUCCESS(f"Created the admin account: {username} / {shown}")
            )
            if generated:
                self.stdout.write(
                    "This password is shown only once; set WORKBENCH_ADMIN_PASSWORD to change it."
                )
        elif password is not None and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            self.stdout.write(f"Reset the password of {username} from WORKBENCH_ADMIN_PASSWORD.")
        else:
            self.stdout.write(f"The admin account {username} exists.")
        for path in BOOTSTRAP_STEPS:
            import_string(path)(user, self.stdout)
