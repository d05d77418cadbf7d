# repr() of a module without a spec: its __loader__'s module_repr(), else the loader's repr.
from types import ModuleType


class FullLoader:
    @classmethod
    def module_repr(cls, m):
        return "<module '{}' (crafted)>".format(m.__name__)


class BareLoader:
    def __repr__(self):
        return "<bare loader>"


class RaisingLoader:
    def module_repr(self, m):
        raise ValueError("no")

    def __repr__(self):
        return "<raising loader>"


def show(loader, name=True, filename=None):
    m = ModuleType("foo")
    if not name:
        del m.__name__
    if filename:
        m.__file__ = filename
    m.__loader__ = loader
    print(repr(m))


for loader in [None, BareLoader(), FullLoader, RaisingLoader()]:
    show(loader)
    show(loader, name=False)
    show(loader, filename="/tmp/foo.py")
m = ModuleType("bar")
m.__loader__ = FullLoader
m.__spec__ = None
print(repr(m))
import sys
print(repr(sys))
