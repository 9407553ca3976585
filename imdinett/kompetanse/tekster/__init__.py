"""The public self-registration's texts, one module per language (`TEKSTER`); see imdinett/kompetanse/sprak.py."""
