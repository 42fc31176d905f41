"""Check types, one function each; importing this package registers them all."""

from . import deadlines, presence, privacy, procedures, reception
from .base import CHECKS, CheckFunction

__all__ = ["CHECKS", "CheckFunction", "deadlines", "presence", "privacy", "procedures", "reception"]
