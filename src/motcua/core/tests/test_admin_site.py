"""The Django admin: its path is a setting, and a deployment can switch it off."""

from __future__ import annotations

import importlib

import pytest
from django.urls import clear_url_caches

import motcua.urls


@pytest.fixture
def reload_urls(settings):
    def reload(**changes):
        for name, value in changes.items():
            setattr(settings, name, value)
        clear_url_caches()
        importlib.reload(motcua.urls)

    yield reload
    settings.MOTCUA_ADMIN_ENABLED, settings.MOTCUA_ADMIN_PATH = True, "quan-tri-he-thong/"
    reload()


def test_the_admin_answers_at_its_configured_path(client, db, reload_urls):
    reload_urls(MOTCUA_ADMIN_ENABLED=True, MOTCUA_ADMIN_PATH="quan-tri/rieng-9f3a/")
    assert client.get("/quan-tri/rieng-9f3a/").url.startswith("/quan-tri/rieng-9f3a/login/")
    assert client.get("/quan-tri-he-thong/").status_code == 404


def test_the_admin_can_be_switched_off(client, db, reload_urls):
    reload_urls(MOTCUA_ADMIN_ENABLED=False)
    assert client.get("/quan-tri-he-thong/").status_code == 404
    assert client.get("/quan-tri-he-thong/login/").status_code == 404
