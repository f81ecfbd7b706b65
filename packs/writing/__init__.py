"""Sample agenda packs for a fictional council, made by the project's own generator.

`render_text_pack` turns seed-like pack text into a PDF; `sample_pack` and
`supplementary_pack` generate Borsetshire County Council packs together with a description of
exactly what each PDF shows; `demo_packs` is the fixed set the demo is loaded with. Pure
Python (reportlab), no Django; identical arguments give byte-identical PDFs.
"""

from .demo import demo_packs, forthcoming_packs
from .generator import sample_pack, supplementary_pack
from .model import AgendaItem, Decision, Document, Meeting, MinuteItem, Minutes, SamplePack
from .textpack import render_text_pack

__all__ = [
    "AgendaItem",
    "Decision",
    "Document",
    "Meeting",
    "MinuteItem",
    "Minutes",
    "SamplePack",
    "demo_packs",
    "forthcoming_packs",
    "render_text_pack",
    "sample_pack",
    "supplementary_pack",
]
