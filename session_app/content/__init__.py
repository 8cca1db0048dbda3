"""Static content of the app (competencies, the tasks of the advocacy cycle)."""

from .competencies import BY_KEY, COMPETENCIES, N_, Competency
from .tasks import CORE_BY_KEY, CORE_TASKS, TASK_BY_KEY, TASKS, CoreTask, Task, tasks_needing

__all__ = [
    "BY_KEY",
    "COMPETENCIES",
    "CORE_BY_KEY",
    "CORE_TASKS",
    "N_",
    "TASKS",
    "TASK_BY_KEY",
    "Competency",
    "CoreTask",
    "Task",
    "tasks_needing",
]
