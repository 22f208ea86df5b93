"""Public pages of the directory: the front page, a municipality's offers, search, an offer and
its provider."""
