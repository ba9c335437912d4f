"""The link in an alert message that acknowledges its incident without logging in.

The signed token is the credential. Opening the link only shows a button: mail scanners and
chat unfurlers fetch links, and a GET must not acknowledge anything.
"""

import html

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import incidents
from alerts.models import IncidentStatus

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}}
button{{font-size:1rem;padding:.5rem 1rem}}</style></head><body><h1>{title}</h1><p>{body}</p>
{form}</body></html>"""


def _page(title: str, body: str, form: str = "", status: int = 200) -> HttpResponse:
    return HttpResponse(
        _PAGE.format(title=html.escape(title), body=html.escape(body), form=form),
        status=status,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


@csrf_exempt  # the signed token, not a session, authorises the acknowledgement
@require_http_methods(["GET", "POST"])
def acknowledge_by_link(request):
    token = request.GET.get("token", "")
    incident = incidents.incident_from_token(token)
    if incident is None:
        return _page("Link not valid", "This link is wrong or older than 7 days.", status=400)
    if incident.status != IncidentStatus.OPEN:
        return _page(f"Incident #{incident.id}", f"{incident.subject}: already {incident.status}.")
    if request.method == "GET":
        form = (
            f'<form method="post" action="?token={html.escape(token)}">'
            '<button type="submit">Acknowledge</button></form>'
        )
        return _page(f"Incident #{incident.id}", incident.subject, form)
    incidents.acknowledge(incident, actor=None, note="acknowledged from the alert's link")
    return _page(
        f"Incident #{incident.id} acknowledged",
        f"{incident.subject}: further alerts of it will not be sent until it is resolved.",
    )
