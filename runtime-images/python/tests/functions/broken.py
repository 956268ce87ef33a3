"""A test function whose module cannot be imported."""
import os

os.environ["LEAKED_BY_BROKEN"] = "yes"
raise RuntimeError("broken at import")


def handler(event, context):
    return "never"
