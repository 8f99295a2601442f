"""`python -m bot` is the same as `kindred`."""

import sys

from bot.cli import main

sys.exit(main())
