"""Gunicorn believes X-Forwarded-Proto only from the proxy, and only when there is one."""

import http.client
import os
import runpy
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "gunicorn.conf.py"


def load(monkeypatch, **env) -> dict:
    for name in ("BEHIND_HTTPS_PROXY", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_without_the_proxy_no_address_is_trusted(monkeypatch):
    assert load(monkeypatch)["forwarded_allow_ips"] == ""
    assert load(monkeypatch, FORWARDED_ALLOW_IPS="10.0.0.1")["forwarded_allow_ips"] == ""


def test_behind_the_proxy_its_address_is_trusted(monkeypatch):
    assert load(monkeypatch, BEHIND_HTTPS_PROXY="1")["forwarded_allow_ips"] == "127.0.0.1"
    conf = load(monkeypatch, BEHIND_HTTPS_PROXY="true", FORWARDED_ALLOW_IPS="10.0.0.1")
    assert conf["forwarded_allow_ips"] == "10.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def forged_https_request(tmp_path, **env) -> http.client.HTTPResponse:
    """Ask a real gunicorn, in the production profile, for a page over plain HTTP while
    claiming HTTPS in X-Forwarded-Proto."""
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "FORWARDED_ALLOW_IPS"}},
        "PORTAL_PROFILE": "production",
        "SECRET_KEY": "x" * 60 + "Yz9!q",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "PAGE_CACHE_SECONDS": "0",
        "CACHE_LOCATION": str(tmp_path / "cache"),
        **env,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(CONF)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
                return connection.getresponse()
            except ConnectionRefusedError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_forged_https_header_does_not_make_a_request_secure(tmp_path):
    response = forged_https_request(tmp_path)
    assert response.status == 301
    assert response.getheader("Location").startswith("https://127.0.0.1")


def test_behind_the_proxy_its_https_header_is_believed(tmp_path):
    response = forged_https_request(tmp_path, BEHIND_HTTPS_PROXY="1")
    assert response.status != 301
