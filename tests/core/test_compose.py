"""docker compose cannot run here; this checks the file's shape the way `compose config` would."""

from __future__ import annotations

import yaml

from tests.utils import ROOT


def test_compose_brings_up_the_whole_stack_from_one_image():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    images = {services[name]["image"] for name in ("web", "worker", "beat")}
    assert len(images) == 1
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    for name in ("web", "worker", "db", "redis"):
        assert "healthcheck" in services[name], name
    assert "-Q" in services["worker"]["command"]
    assert "default,mail,analysis" in services["worker"]["command"]
    assert "DatabaseScheduler" in " ".join(services["beat"]["command"])
