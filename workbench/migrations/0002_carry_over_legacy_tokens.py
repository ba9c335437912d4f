"""Tokens made before named tokens (rest_framework.authtoken's one per user) keep working: each
becomes a named token ("token from before named tokens") that expires in 90 days."""

import datetime
import hashlib

from django.db import migrations
from django.utils import timezone

LEGACY_TABLE = "authtoken_token"


def carry_over(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("workbench", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {LEGACY_TABLE}")
        rows = cursor.fetchall()
    expires = timezone.now() + datetime.timedelta(days=90)
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user_id=user_id,
                name="token from before named tokens",
                prefix=key[:8],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                expires_at=expires,
            )
            for key, user_id in rows
        ],
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LEGACY_TABLE}")


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_api_tokens")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
