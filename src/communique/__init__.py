"""communique: publish an organisation's press releases in many languages."""

__version__ = "0.1.0"
