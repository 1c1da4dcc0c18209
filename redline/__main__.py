"""``python3 -m redline …``: the ``redline`` script."""

from redline.cli import run

run()
