"""Check types, one function each; importing this package registers them all."""

from generator.audit.checks import deadlines, presence, privacy, procedures, reception
from generator.audit.checks.base import CHECKS, CheckFunction

__all__ = ["CHECKS", "CheckFunction", "deadlines", "presence", "privacy", "procedures", "reception"]
