"""``python -m gradstep`` runs the ``gradstep`` command."""

import sys

from gradstep.commandline.cli import main

sys.exit(main())
