"""Importers of official statistics files and the synthetic demo data generator."""
