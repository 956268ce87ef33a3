"""A test function that imports a dependency installed by pip and one made reachable by a .pth file."""
import sys

import nubo_demo_dep
import nubo_demo_extra_mod


def handler(event, context):
    return {"dep": nubo_demo_dep.VALUE, "extra": nubo_demo_extra_mod.VALUE, "first_on_path": sys.path[0]}
