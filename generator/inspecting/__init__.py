"""``eventgen inspect``: what a user can generate from a document. ``candidates`` finds the unions a
document holds (named, or inline where an operation uses them), ``survey`` runs them through the
pipeline to learn how each would be generated, ``report`` writes the listing as text or JSON."""
