from quotetrack.threads import prefer_passive_waiting

__version__ = "0.1.0"

# Before anything imports torch: libgomp reads OMP_WAIT_POLICY once, when torch loads (see quotetrack.threads).
prefer_passive_waiting()
