# typing and enum: NamedTuple, generic aliases, Enum (a dict subclass as class namespace),
# IntEnum and IntFlag (int subclasses), StrEnum-like str mixins.
import enum
import typing
from typing import NamedTuple, List, Dict, Optional

class Employee(NamedTuple):
    name: str
    id: int = 3

e = Employee("Guido")
print(e, e.name, e.id, e._fields, Employee._field_defaults, isinstance(e, tuple), e._replace(id=4))
print(List[int], Dict[str, int], Optional[int], typing.get_type_hints(Employee))

class Color(enum.Enum):
    RED = 1
    GREEN = 2
    BLUE = enum.auto()

print(Color.RED, repr(Color.GREEN), Color(3), Color["RED"], list(Color), len(Color), Color.RED.value)
print(Color.RED is Color(1), Color.BLUE.name, [c.name for c in Color], Color.RED in Color)
try:
    Color(9)
except ValueError as err:
    print(type(err).__name__, err)

class Level(enum.IntEnum):
    LOW = 1
    HIGH = 10

print(Level.LOW < Level.HIGH, Level.HIGH + 1, Level.LOW == 1, int(Level.HIGH), sorted([Level.HIGH, 5, Level.LOW]))
print(repr(Level.LOW), str(Level.LOW), f"{Level.HIGH}", isinstance(Level.LOW, int), hash(Level.LOW) == hash(1))

class Perm(enum.IntFlag):
    R = 4
    W = 2
    X = 1

rw = Perm.R | Perm.W
print(rw, repr(rw), Perm.R in rw, Perm.X in rw, int(rw), rw & Perm.R, ~Perm.X & 7)

class Mood(str, enum.Enum):
    HAPPY = "happy"
    SAD = "sad"

print(Mood.HAPPY, Mood.HAPPY == "happy", Mood("sad"), Mood.SAD.upper(), isinstance(Mood.SAD, str))

@enum.unique
class Unique(enum.Enum):
    A = 1
    B = 2
print(Unique.B)
try:
    @enum.unique
    class Dup(enum.Enum):
        A = 1
        B = 1
except ValueError as err:
    print(type(err).__name__, err)
