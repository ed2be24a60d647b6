"""`python -m fireinvest` runs the same command as the `fireinvest` script."""

import sys

from fireinvest.cli.main import main

sys.exit(main())
