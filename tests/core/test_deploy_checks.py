from __future__ import annotations

from tests.utils import run_django

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "portal.gangnam.example",
    "DATABASE_URL": "sqlite:///:memory:",
}


def test_check_deploy_is_clean_under_production_settings():
    proc = run_django(
        "from django.core.management import call_command\n"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')\n",
        env=PRODUCTION_ENV,
        settings="config.settings.production",
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "no issues" in proc.stdout


def test_production_refuses_to_start_without_a_secret_key():
    proc = run_django("", env={**PRODUCTION_ENV, "SECRET_KEY": None},
                      settings="config.settings.production")
    assert proc.returncode != 0
    assert "SECRET_KEY" in proc.stderr
