import re

import newsweave
from newsweave.version import __version__


def test_version_is_exported_and_semantic():
    assert newsweave.__version__ == __version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
