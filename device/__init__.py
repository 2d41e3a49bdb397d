"""Badge readers and other hardware behind small interfaces (see the badges issue)."""
