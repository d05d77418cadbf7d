"""ripy's _warnings: only `warn`, which importlib's bootstrap calls. warnings.py finds no
`filters` here, so it keeps its pure-Python implementation, to which `warn` hands over."""


def warn(message, category=None, stacklevel=1, source=None):
    import warnings

    warnings.warn(message, category, stacklevel + 1, source)
