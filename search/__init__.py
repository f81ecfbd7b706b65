"""Search past decisions and papers: the index and the query layer."""
