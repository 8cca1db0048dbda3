"""Static content of the app (competencies)."""

from .competencies import BY_KEY, COMPETENCIES, Competency

__all__ = ["BY_KEY", "COMPETENCIES", "Competency"]
