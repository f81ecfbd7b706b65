"""The admin for staff: every change to meetings, papers and decision records reaches the
public the way publishing does (``base.PublicContentAdmin``)."""

from . import decisions, meetings, reports  # noqa: F401 (each registers its models)
