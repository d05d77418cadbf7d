"""Records the order in which test modules run their bodies."""
LOADED = []


def note(name):
    LOADED.append(name)
    print("loading", name)
