"""iepcheck: is the school doing what the child's IEP or 504 plan says?"""

__version__ = "0.1.0"
