"""German text analysis for the site search and the overlap check: stems of words and of compound
parts, split by a named policy (no Django)."""

from fachkraefte.textsearch.analyser import QueryTerm, analyse, compound_parts, query_terms

__all__ = ["QueryTerm", "analyse", "compound_parts", "query_terms"]
