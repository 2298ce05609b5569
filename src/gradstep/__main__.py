"""``python -m gradstep`` runs the ``gradstep`` command."""

import sys

from gradstep.cli import main

sys.exit(main())
