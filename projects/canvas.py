"""Designer canvas positions, shared by everyone in the project.

Each view (a workflow, or the whole project) keeps where people dragged its nodes. A save merges
the moved nodes into what is stored, so two people arranging different corners do not undo each
other; nodes without a stored position are laid out automatically by the designer.
"""

from django.db import IntegrityError, transaction

from projects.models import CanvasLayout, Node, Project


def _layouts(project: Project, workflow_id: int | None):
    layouts = CanvasLayout.objects.filter(project=project)
    return layouts.filter(workflow_id=workflow_id) if workflow_id else layouts.filter(workflow=None)


def canvas_read(project: Project, workflow_id: int | None) -> dict:
    layout = _layouts(project, workflow_id).select_related("updated_by").first()
    return _answer(workflow_id, layout)


def _answer(workflow_id: int | None, layout: CanvasLayout | None) -> dict:
    return {
        "workflow": workflow_id,
        "positions": layout.positions if layout else {},
        "updated_at": layout.updated_at if layout else None,
        "updated_by": layout.updated_by.username if layout and layout.updated_by else None,
    }


def canvas_merge(
    *, project: Project, actor, workflow_id: int | None, positions: dict[int, tuple[float, float]]
) -> dict:
    """Store the given nodes' positions (ids not in the project, e.g. just deleted, are dropped)."""
    known = set(
        Node.objects.filter(project=project, id__in=list(positions)).values_list("id", flat=True)
    )
    moved = {str(i): [round(x), round(y)] for i, (x, y) in positions.items() if i in known}
    with transaction.atomic():
        layout = _locked_layout(project, workflow_id)
        layout.positions = {**layout.positions, **moved}
        layout.updated_by = actor
        layout.save()
    return _answer(workflow_id, layout)


def canvas_forget(*, project: Project, workflow_id: int | None) -> None:
    """Back to the automatic layout for this view."""
    _layouts(project, workflow_id).delete()


def _locked_layout(project: Project, workflow_id: int | None) -> CanvasLayout:
    layout = _layouts(project, workflow_id).select_for_update().first()
    if layout:
        return layout
    try:
        with transaction.atomic():
            return CanvasLayout.objects.create(project=project, workflow_id=workflow_id)
    except IntegrityError:  # created meanwhile by another save
        return _layouts(project, workflow_id).select_for_update().get()
