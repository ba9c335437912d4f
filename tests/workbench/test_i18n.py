"""The API speaks the language the SPA asks for; the Chinese catalogue is complete and compiled."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries(text: str) -> list[tuple[list[str], str, str]]:
    """(flags, msgid, msgstr) of every entry of a .po file (no plurals here); an entry with a
    context (the states' names) has it before its msgid, as gettext keys it: "context\x04msgid"."""
    entries = []
    for block in text.strip().split("\n\n"):
        lines = block.splitlines()
        flags = [f.strip() for line in lines if line.startswith("#,") for f in line[2:].split(",")]
        parts, key = {"msgctxt": [], "msgid": [], "msgstr": []}, None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgstr) (".*")$', line)
            if match:
                key = match.group(1)
                parts[key].append(ast.literal_eval(match.group(2)))
            elif line.startswith('"') and key:
                parts[key].append(ast.literal_eval(line))
            elif not line.startswith("#"):
                raise AssertionError(f"a .po line this test does not understand: {line!r}")
        msgid = "".join(parts["msgid"])
        if parts["msgctxt"]:
            msgid = "".join(parts["msgctxt"]) + "\x04" + msgid
        entries.append((flags, msgid, "".join(parts["msgstr"])))
    return entries


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = [e for e in _entries(PO.read_text(encoding="utf-8")) if e[1]]
    assert len(entries) > 50
    assert [msgid for _, msgid, msgstr in entries if not msgstr] == []
    assert [msgid for flags, msgid, _ in entries if "fuzzy" in flags] == []


def test_the_compiled_catalogue_matches_the_po():
    """django.mo is committed (no gettext tools needed to run Workbench): recompile it with
    `msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po`
    after changing the .po."""
    wanted = {msgid: msgstr for _, msgid, msgstr in _entries(PO.read_text(encoding="utf-8"))}
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    assert {k: v for k, v in compiled.items() if k} == {k: v for k, v in wanted.items() if k}


@pytest.fixture
def api(client_for, owner):
    return client_for(owner)


@pytest.mark.django_db
def test_a_400_comes_back_in_chinese_when_asked(api, project):
    url = f"/api/v1/projects/{project.id}/workflows/"
    english = api.post(url, {"name": "?bad"}, format="json")
    chinese = api.post(url, {"name": "?bad"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert english.status_code == chinese.status_code == 400
    assert english.json()["errors"]["name"][0].startswith("use 1-200 letters")
    assert chinese.json()["errors"]["name"][0].startswith("使用 1-200 个字符")


@pytest.mark.django_db
def test_a_refusal_of_a_service_comes_back_in_chinese(api, project, workflow):
    response = api.post(
        f"/api/v1/projects/{project.id}/workflows/",
        {"name": workflow.name},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.8",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["name"] == ["本项目中已存在名为 'flow' 的业务流程"]


@pytest.mark.django_db
def test_an_unknown_language_falls_back_to_english(api, project):
    response = api.post(
        f"/api/v1/projects/{project.id}/workflows/",
        {"name": ""},
        format="json",
        HTTP_ACCEPT_LANGUAGE="fr-FR",
    )
    assert response.status_code == 400
    assert not re.search(r"[\u4e00-\u9fff]", response.json()["detail"])


@pytest.mark.django_db
def test_the_operations_pages_hear_the_scheduler_in_chinese(api, project, make_node):
    """A backfill refused by the server and why an instance waits, as the backfill wizard and
    the instance page show them."""
    from scheduler import generation
    from tests.scheduler.conftest import yesterday

    zh = {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}
    draft = make_node("draft", deploy=False)
    refused = api.post(
        f"/api/v1/projects/{project.id}/backfills/preview/",
        {"root_nodes": [draft.id], "dates": ["2026-03-01"]},
        format="json",
        **zh,
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["root_nodes"] == ["请先发布这些节点：draft"]

    a = make_node("a", cron="0 3 * * *")

    b = make_node("b", upstream=[a], cron="0 3 * * *")
    generation.generate_day(yesterday())
    waiting = api.get(f"/api/v1/projects/{project.id}/instances/", {"node": b.id}).json()

    detail = api.get(
        f"/api/v1/projects/{project.id}/instances/{waiting['results'][0]['id']}/", **zh
    )
    upstream = [r for r in detail.json()["waiting_for"] if r.startswith("上游 a（实例")]
    # The upstream's state in words too, not the server's name for it ("pending").
    assert upstream and upstream[0].endswith("状态为 等待中"), upstream
