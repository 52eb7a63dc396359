"""``python -m milrel_analysis``: the ``milrel`` command."""

import sys

from .cli import main

sys.exit(main())
