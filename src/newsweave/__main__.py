"""Run the command line as ``python -m newsweave``."""

from newsweave.cli import run

if __name__ == "__main__":
    run()
