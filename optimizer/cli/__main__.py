"""``python -m optimizer.cli`` runs the ``optimizer`` command."""

from . import app

app()
