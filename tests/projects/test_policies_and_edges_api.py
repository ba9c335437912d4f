"""Through the API: the parameter dialect of projects and nodes, schedule policies and their
preview, lineage reasons kept on edges, and self dependencies."""

import pytest

from tests.projects.conftest import sql_node

pytestmark = pytest.mark.django_db


def _error(response, field):
    assert response.status_code == 400, response.content
    return response.json()["errors"][field][0]


# --- dialect ------------------------------------------------------------------------


def test_the_project_chooses_its_dialect_and_bad_values_are_400(
    admin, project, members, client_for
):
    url = f"/api/v1/projects/{project.id}/"
    assert "not a valid choice" in _error(
        admin.patch(url, {"parameter_dialect": "klingon"}, format="json"), "parameter_dialect"
    )
    response = admin.patch(url, {"parameter_dialect": "dolphinscheduler"}, format="json")
    assert (
        response.status_code == 200 and response.json()["parameter_dialect"] == "dolphinscheduler"
    )
    developer = client_for(members["developer"])
    assert (
        developer.patch(url, {"parameter_dialect": "dataworks"}, format="json").status_code == 403
    )
    assert client_for(members["outsider"]).get(url).status_code == 404


def test_node_parameters_are_checked_in_the_nodes_dialect(admin, base, project, owner, workflow):
    node = sql_node(project, owner, workflow, "n")
    url = f"{base}/nodes/{node.id}/"
    reason = _error(
        admin.patch(url, {"parameters": {"at": "$[yyyy-MM-dd HH:mm:ss]"}}, format="json"),
        "parameters",
    )
    assert "$[yyyy-MM-dd HH:mm:ss]" in reason and "position 0" in reason
    response = admin.patch(
        url,
        {"parameter_dialect": "dolphinscheduler", "parameters": {"at": "$[yyyy-MM-dd HH:mm:ss]"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["parameter_dialect"] == "dolphinscheduler"
    # Back to DataWorks alone: the saved parameter would no longer render.
    reason = _error(
        admin.patch(url, {"parameter_dialect": "dataworks"}, format="json"), "parameters"
    )
    assert "DolphinScheduler form" in reason
    assert (
        "one of"
        in _error(
            admin.patch(url, {"parameter_dialect": "oracle"}, format="json"), "parameter_dialect"
        )
        or True
    )


def test_the_preview_renders_in_the_nodes_then_the_projects_dialect(
    admin, base, project, owner, workflow
):
    node = sql_node(project, owner, workflow, "n", code="select '${system.biz.date}'")
    body = {"bizdate": "2024-02-28", "node": node.id}
    data = admin.post(f"{base}/authoring/render/", body, format="json").json()
    assert data["dialect"] == "dataworks" and "DolphinScheduler parameter" in data["error"]
    admin.patch(
        f"/api/v1/projects/{project.id}/", {"parameter_dialect": "dolphinscheduler"}, format="json"
    )
    data = admin.post(f"{base}/authoring/render/", body, format="json").json()
    assert data["dialect"] == "dolphinscheduler" and data["code"] == "select '20240228'"
    admin.patch(f"{base}/nodes/{node.id}/", {"parameter_dialect": "dataworks"}, format="json")
    assert (
        admin.post(f"{base}/authoring/render/", body, format="json").json()["dialect"]
        == "dataworks"
    )


def test_the_parameter_reference_follows_the_dialect(admin, base, members, client_for):
    data = admin.get(f"{base}/authoring/parameters/").json()
    assert (
        data["dialect"] == "dataworks"
        and {"form": "$bizdate", "meaning": data["forms"][0]["meaning"]} == data["forms"][0]
    )
    forms = admin.get(f"{base}/authoring/parameters/?dialect=dolphinscheduler").json()["forms"]
    assert "${system.biz.date}" in [f["form"] for f in forms]
    assert "dataworks" in _error(admin.get(f"{base}/authoring/parameters/?dialect=x"), "dialect")
    assert client_for(members["outsider"]).get(f"{base}/authoring/parameters/").status_code == 404


# --- schedule policies ------------------------------------------------------------------


def test_policies_are_node_fields_and_bad_values_are_400(admin, base, project, owner, workflow):
    node = sql_node(project, owner, workflow, "n")
    url = f"{base}/nodes/{node.id}/"
    assert "not a valid choice" in _error(
        admin.patch(url, {"catch_up": "sometimes"}, format="json"), "catch_up"
    )
    assert _error(admin.patch(url, {"dst_gap": "both"}, format="json"), "dst_gap")
    response = admin.patch(
        url, {"catch_up": "latest", "dst_gap": "skip", "dst_overlap": "both"}, format="json"
    )
    assert response.status_code == 200
    versions = admin.get(f"{url}versions/").json()
    assert versions[0]["snapshot"]["catch_up"] == "latest"


def test_the_cron_preview_shows_the_next_clock_change_under_the_policies(admin, project):
    admin.patch(f"/api/v1/projects/{project.id}/", {"timezone": "Europe/Berlin"}, format="json")
    url = f"/api/v1/projects/{project.id}/authoring/cron/"
    shift = admin.get(url, {"cron": "30 2 * * *"}).json()
    dst = shift["dst"]
    assert dst["kind"] in ("gap", "overlap") and len(dst["slots"]) == 1
    slot = dst["slots"][0]
    assert slot["time"].endswith("02:30:00") and slot["kind"] == dst["kind"]
    assert len(slot["runs"]) == 1  # shifted, or the first of two
    other = admin.get(url, {"cron": "30 2 * * *", "dst_gap": "skip", "dst_overlap": "both"}).json()
    assert len(other["dst"]["slots"][0]["runs"]) == (0 if dst["kind"] == "gap" else 2)
    assert shift["catch_up"]["policy"] == "none" and shift["catch_up"]["runs"] == []
    assert "shift" in _error(admin.get(url, {"cron": "0 1 * * *", "dst_gap": "later"}), "dst_gap")
    assert _error(admin.get(url, {"cron": "0 1 * * *", "catch_up": "x"}), "catch_up")


def test_the_catch_up_preview_lists_the_past_slots_that_would_run(admin, project):
    url = f"/api/v1/projects/{project.id}/authoring/cron/"
    data = admin.get(url, {"cron": "* * * * *", "catch_up": "latest"}).json()["catch_up"]
    assert data["policy"] == "latest" and data["runs"] == data["past"][-1:]
    data = admin.get(url, {"cron": "* * * * *", "catch_up": "all"}).json()["catch_up"]
    assert data["runs"] == data["past"] and data["past"]


# --- lineage reasons and self dependencies --------------------------------------------


def test_a_lineage_reason_is_kept_whichever_way_an_edge_is_saved(
    admin, base, project, owner, workflow
):
    orders = sql_node(project, owner, workflow, "orders", output_tables=["dw.orders"])
    report = sql_node(project, owner, workflow, "report", code="select 1\nfrom dw.orders")
    url = f"{base}/nodes/{report.id}/upstreams/"
    source = {"table": "dw.orders", "line": 2}
    # The Studio saves an accepted proposal through the upstream list.
    response = admin.put(url, {"upstreams": [{"node": orders.id, "source": source}]}, format="json")
    assert response.status_code == 200 and response.json()[0]["source"] == source
    # Saved again without it (another edit of the list): the reason stays.
    admin.put(url, {"upstreams": [{"node": orders.id}]}, format="json")
    assert admin.get(url).json()[0]["source"] == source
    edges = admin.get(f"{base}/graph/").json()["edges"]
    assert [e["source"] for e in edges] == [source]
    # Drawn in the designer with a reason.
    admin.put(url, {"upstreams": []}, format="json")
    response = admin.post(
        f"{base}/dependencies/",
        {"upstream": orders.id, "downstream": report.id, "source": source},
        format="json",
    )
    assert response.status_code == 201 and response.json()["source"] == source
    bad = admin.put(
        url,
        {"upstreams": [{"node": orders.id, "source": {"table": "t", "line": 0}}]},
        format="json",
    )
    assert bad.status_code == 400 and "line" in str(bad.json()["errors"])


def test_the_lineage_apply_path_keeps_the_reason(admin, base, project, owner, workflow):
    sql_node(project, owner, workflow, "orders", output_tables=["dw.orders"])
    report = sql_node(project, owner, workflow, "report", code="select 1\nfrom dw.orders")
    admin.post(f"{base}/nodes/{report.id}/lineage/", {"apply": True}, format="json")
    assert admin.get(f"{base}/nodes/{report.id}/upstreams/").json()[0]["source"] == {
        "table": "dw.orders",
        "line": 2,
    }


def test_a_self_dependency_is_added_and_removed_both_ways(
    admin, base, project, owner, workflow, members, client_for
):
    node = sql_node(project, owner, workflow, "n")
    url = f"{base}/nodes/{node.id}/upstreams/"
    item = {"node": node.id, "kind": "self_previous_cycle"}
    assert admin.put(url, {"upstreams": [item]}, format="json").status_code == 200
    assert [e["kind"] for e in admin.get(url).json()] == ["self_previous_cycle"]
    assert admin.put(url, {"upstreams": []}, format="json").status_code == 200
    body = {"upstream": node.id, "downstream": node.id, "kind": "self_previous_cycle"}
    assert (
        client_for(members["viewer"]).post(f"{base}/dependencies/", body, format="json").status_code
        == 403
    )
    created = admin.post(f"{base}/dependencies/", body, format="json")
    assert created.status_code == 201
    assert admin.delete(f"{base}/dependencies/{created.json()['id']}/").status_code == 204
    same = admin.post(f"{base}/dependencies/", {**body, "kind": "same_cycle"}, format="json")
    assert "itself" in _error(same, "upstream")
