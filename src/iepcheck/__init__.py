"""iepcheck: is the school doing what the child's IEP or 504 plan says?"""

import os

__version__ = "0.1.0"

# pydantic plugins are off in iepcheck, by pydantic's own switch. A plugin (installed by any
# other package on the machine) sees every plan and log entry validated: private data about
# a child that must not leave it. Discovering them also costs every run a scan of the
# installed packages. Set here because this module is imported before pydantic ever is.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
