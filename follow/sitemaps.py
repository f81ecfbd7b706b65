"""The sitemap (``/sitemap.xml``, an index of one sitemap per section): every public
meeting, committee, paper, decision record and councillor, for search engines. Public
content only, from ``meetings.access.PUBLIC``, whoever asks."""

from django.contrib.sitemaps import Sitemap

from meetings.access import PUBLIC


class MeetingSitemap(Sitemap):
    def items(self):
        return PUBLIC.meetings().select_related("committee").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at


class CommitteeSitemap(Sitemap):
    def items(self):
        return PUBLIC.committees().order_by("pk")


class CouncillorSitemap(Sitemap):
    def items(self):
        return PUBLIC.members().order_by("pk")


class PaperSitemap(Sitemap):
    """One kind of paper, named by its ``meetings.access.Access`` method."""

    def __init__(self, kind: str):
        self.kind = kind

    def items(self):
        return getattr(PUBLIC, self.kind)().order_by("pk")


SITEMAPS = {
    "meetings": MeetingSitemap,
    "committees": CommitteeSitemap,
    "reports": PaperSitemap("reports"),
    "appendices": PaperSitemap("appendices"),
    "minutes": PaperSitemap("minutes"),
    "decisions": PaperSitemap("decisions"),
    "councillors": CouncillorSitemap,
}
