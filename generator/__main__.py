"""``python -m generator`` runs the ``eventgen`` command."""

import sys

from .cli import main

sys.exit(main())
