"""Council packs in pure Python (no Django): ``packs.reading`` parses a committee pack's PDF
into the ``council-pack/1`` structure; ``packs.writing`` makes sample packs of a fictional
council. The importer (``publishing.imports``) is the one place their output becomes rows.
"""
