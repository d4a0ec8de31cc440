"""Curated data shipped with PolicyLens: the catalogue of known instruments and authored lexicons.

Never the texts themselves: those are downloaded from the publishers or imported from a folder.
"""
