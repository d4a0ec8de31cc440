"""Entry script of the bundled ``policylens`` executable: the same command as the installed one."""

import multiprocessing
import sys

from policylens.cli import main

# The importer parses documents in "spawn" worker processes; frozen, each worker is this same
# executable, which must run the worker instead of the command line.
multiprocessing.freeze_support()
sys.exit(main())
