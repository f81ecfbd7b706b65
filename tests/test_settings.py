"""The production profile refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}, **env},
    )


def test_production_without_a_secret_key_fails_loudly():
    result = start(PORTAL_PROFILE="production", ALLOWED_HOSTS="papers.example.gov.uk")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable." in result.stderr


def test_a_mistyped_boolean_fails_loudly():
    result = start(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_production_with_its_settings_passes_the_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PORTAL_PROFILE": "production",
            "SECRET_KEY": "x" * 60 + "Yz9!q",
            "ALLOWED_HOSTS": "papers.example.gov.uk",
        },
    )
    assert result.returncode == 0, result.stderr


def proxy_settings(**env) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from council_portal import settings as s; print(s.BEHIND_HTTPS_PROXY, s.PROXY_COUNT)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if not k.endswith("PROXY_COUNT")}, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_behind_the_proxy_one_proxy_is_counted_unless_told_otherwise():
    assert proxy_settings(BEHIND_HTTPS_PROXY="1") == "True 1"
    assert proxy_settings(BEHIND_HTTPS_PROXY="1", AXES_PROXY_COUNT="2") == "True 2"
    assert proxy_settings(BEHIND_HTTPS_PROXY="0").startswith("False")


def email_backend(**env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "from council_portal import settings as s; print(s.EMAIL_BACKEND)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_reset_mail_goes_by_smtp_in_production_and_to_the_console_in_development():
    production = {
        "PORTAL_PROFILE": "production",
        "SECRET_KEY": "x" * 60 + "Yz9!q",
        "ALLOWED_HOSTS": "papers.example.gov.uk",
    }
    assert email_backend(**production).endswith("smtp.EmailBackend")
    assert email_backend(PORTAL_PROFILE="development").endswith("console.EmailBackend")
    assert email_backend(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend").endswith(
        "dummy.EmailBackend"
    )


def default_storage(**env) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from council_portal import settings as s; "
            "print(json.dumps(s.STORAGES['default']))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("STORAGE_")}, **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_files_stay_on_disk_unless_a_bucket_is_named():
    assert default_storage()["BACKEND"].endswith("FileSystemStorage")
    storage = default_storage(
        STORAGE_BUCKET="borsetshire-papers", STORAGE_ENDPOINT_URL="https://s3.example.net"
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "borsetshire-papers"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["access_key"] is None and options["region_name"] is None
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False and options["querystring_expire"] <= 60
