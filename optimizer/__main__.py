"""``python -m optimizer`` runs the ``optimizer`` command."""

from .cli import app

app(prog_name="optimizer")
