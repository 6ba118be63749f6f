"""`python app.py` opens the desk, as the `callcenter` command does."""
import sys

from callcenter.cli import main

if __name__ == "__main__":
    sys.exit(main())
