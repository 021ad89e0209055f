"""matplotlib, when installed (`pip install -e ".[plot]"`): the PNG plots of eval.sweep and train.ablation are
extras, and every number they show is also in the command's JSON and Markdown."""
from __future__ import annotations

from types import ModuleType


def pyplot(path: object) -> ModuleType | None:
    """matplotlib.pyplot drawing to files only, or None (after a note that `path` is skipped) without it."""
    try:
        import matplotlib
    except ImportError:
        print(f"note: matplotlib is not installed: no {path} (pip install -e \".[plot]\" draws it)")
        return None
    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    return plt
