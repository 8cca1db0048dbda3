"""Static content of the app (competencies)."""

from .competencies import BY_KEY, COMPETENCIES, N_, Competency

__all__ = ["BY_KEY", "COMPETENCIES", "N_", "Competency"]
