"""The desktop window: Qt widgets, table models, dialogs (the only QtWidgets user)."""
