"""German text analysis for the site search: stems of words and of compound parts (no Django)."""

from fachkraefte.textsearch.analyser import QueryTerm, analyse, compound_parts, query_terms

__all__ = ["QueryTerm", "analyse", "compound_parts", "query_terms"]
