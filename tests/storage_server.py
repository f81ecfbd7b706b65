"""A real S3-compatible server for the tests: moto's, in this process, over HTTP on a free
port of the loopback. The portal reaches it through django-storages and boto3 exactly as
it would reach a council's bucket; nothing in between is mocked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import boto3
import botocore
from botocore.config import Config

from council_portal.settings import object_storage

REGION = "eu-west-2"
KEYS = {"aws_access_key_id": "portal", "aws_secret_access_key": "portal-secret"}


@dataclass
class Bucket:
    """A bucket on the server, with a client signed as the portal."""

    name: str
    endpoint: str
    client: object

    def objects(self, prefix: str = "") -> set[str]:
        """The keys of its objects under ``prefix``."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.name, Prefix=prefix
        )
        return {entry["Key"] for page in pages for entry in page.get("Contents", ())}

    def anonymous(self):
        """A client that signs nothing: anyone on the internet who learns a key."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            config=Config(signature_version=botocore.UNSIGNED),
        )

    def storage_settings(self) -> dict:
        """``STORAGES["default"]`` as the settings make it with ``STORAGE_BUCKET`` set."""
        return object_storage(
            self.name,
            endpoint_url=self.endpoint,
            region_name=REGION,
            access_key=KEYS["aws_access_key_id"],
            secret_key=KEYS["aws_secret_access_key"],
        )


def server_start():
    """Start moto's server on a free port; returns it and its address."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


def bucket_create(endpoint: str) -> Bucket:
    client = boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)
    name = f"papers-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return Bucket(name=name, endpoint=endpoint, client=client)
