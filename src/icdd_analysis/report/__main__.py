"""``python -m icdd_analysis.report``: the same as ``icdd-report``."""

import sys

from .cli import main

sys.exit(main())
