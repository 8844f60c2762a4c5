"""Small file helpers shared by the server and the process helpers."""

import json
import os
import tempfile


def write_atomically(path, data, mode=0o644):
    """Write to a temporary file in the same directory and rename it, so readers never see half a file."""
    handle, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def read_json(path):
    """The parsed file, or None when it does not exist (yet) or is incomplete."""
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None
