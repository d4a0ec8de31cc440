"""Filter boxes: a first "everything" entry, then the choices the data offers."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def filter_combo(tip: str, width: int = 18) -> QComboBox:
    """An empty filter box as tall as its peers and ``width`` characters wide."""
    combo = QComboBox()
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(width)
    return combo


def refill(combo: QComboBox, everything: str, choices: list[tuple[str, str]]) -> None:
    """Replace the entries, keeping the user's selection when it is still offered; silent, so
    refilling after a reload does not re-run the filter."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(everything, "")
    for label, value in choices:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
