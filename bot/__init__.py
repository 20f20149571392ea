"""errcode: what an RTC vendor's error code means and what to do about it."""

__version__ = "0.1.0"
