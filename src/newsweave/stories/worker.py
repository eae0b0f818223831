"""The embedding worker process: ``python -m newsweave.stories.worker``.

Started by ``BackgroundEmbedder``; reads requests on standard input and writes
vectors on standard output until its input closes.
"""

import sys

from newsweave.stories.embed import serve

if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
