"""eventgen: exact, fast, dependency-free Python models for typed event APIs."""

__version__ = "0.1.0"
