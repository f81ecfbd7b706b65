"""Gunicorn settings for serving the portal; each may be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# One process per core, each with four threads: measured best on two cores (docs/performance.md).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Large pack downloads stream from disk; keep idle keep-alive sockets short.
keepalive = 5
accesslog = "-"
errorlog = "-"
# X-Forwarded-Proto and the like are believed only from the proxy, and only when there is
# one: otherwise any client (or a local process) could claim its request came over HTTPS.
# An empty value trusts no address.
BEHIND_HTTPS_PROXY = os.environ.get("BEHIND_HTTPS_PROXY", "").lower() in {"1", "true", "yes", "on"}
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1") if BEHIND_HTTPS_PROXY else ""
)
wsgi_app = "council_portal.wsgi:application"
