"""Sample agenda packs for a fictional council, made by the project's own generator.

`render_text_pack` turns seed-like pack text into a PDF; `sample_pack` and
`supplementary_pack` generate Borsetshire County Council packs together with a description of
exactly what each PDF shows; `printed_minutes` and `decision_notice` write the papers a
Modern.gov council publishes after a meeting, and `parish_papers` a parish council's summons
and minutes; `demo_packs` is the fixed set the demo is loaded with. Pure
Python (reportlab), no Django; identical arguments give byte-identical PDFs.
"""

from .demo import demo_packs, forthcoming_packs
from .generator import sample_pack, supplementary_pack
from .model import AgendaItem, Decision, Document, Meeting, MinuteItem, Minutes, SamplePack
from .others import decision_notice, printed_minutes
from .parish import ParishPapers, parish_papers
from .textpack import render_text_pack

__all__ = [
    "AgendaItem",
    "Decision",
    "Document",
    "Meeting",
    "MinuteItem",
    "Minutes",
    "ParishPapers",
    "SamplePack",
    "decision_notice",
    "demo_packs",
    "forthcoming_packs",
    "parish_papers",
    "printed_minutes",
    "render_text_pack",
    "sample_pack",
    "supplementary_pack",
]
