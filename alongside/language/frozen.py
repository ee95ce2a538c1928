"""Frozen value classes that behave like frozen dataclasses, without importing dataclasses.

The `dataclasses` module imports `inspect` (and with it ast, dis, tokenize and enum): a
twentieth of `alongside check-language`'s whole run on a note, for four small classes.
A subclass lists its fields (and defaults); it gets what `@dataclass(frozen=True)` would
give it: the same __init__ arguments, equality and hash over the compared fields, the
same repr, and FrozenInstanceError on assignment. `dataclasses.fields`, `replace` and
`asdict` work on it too: the field list is made the first time one of them asks.
"""

from operator import attrgetter


class _DataclassFields:
    """`__dataclass_fields__`, made on first use from a real dataclass with these fields."""

    def __get__(self, instance, cls):
        fields = cls.__dict__.get("_dataclass_fields")
        if fields is None:
            import dataclasses

            twin = dataclasses.make_dataclass(
                cls.__name__,
                [
                    (
                        name,
                        object,
                        dataclasses.field(
                            default=cls._defaults.get(name, dataclasses.MISSING),
                            compare=name in cls._compared,
                        ),
                    )
                    for name in cls._fields
                ],
                frozen=True,
            )
            fields = twin.__dataclass_fields__
            type.__setattr__(cls, "_dataclass_fields", fields)
        return fields


class Frozen:
    """Base of a frozen value class: set `_fields`, and optionally `_defaults` and
    `_compared` (the fields equality and hashing look at; all of them if not given)."""

    _fields: tuple[str, ...] = ()
    _defaults: dict = {}
    _compared: tuple[str, ...] = ()
    __dataclass_fields__ = _DataclassFields()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("_compared"):
            cls._compared = cls._fields
        cls._key = attrgetter(*cls._compared)  # a tuple of the compared values, in C
        cls._field_set = frozenset(cls._fields)
        cls.__match_args__ = cls._fields

    def __init__(self, *args, **kwargs):
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments")
        values = dict(zip(fields, args, strict=False))
        for name in kwargs:
            if name not in self._field_set:
                raise TypeError(f"{type(self).__name__}() got an unexpected argument {name!r}")
            if name in values:
                raise TypeError(f"{type(self).__name__}() got multiple values for {name!r}")
        values.update(kwargs)
        defaults = self._defaults
        try:
            # Straight into the instance dict, in field order (a frozen dataclass sets
            # each field with object.__setattr__, to the same effect, more slowly).
            self.__dict__.update(
                {name: values[name] if name in values else defaults[name] for name in fields}
            )
        except KeyError as exc:
            raise TypeError(f"{type(self).__name__}() missing argument {exc.args[0]!r}") from None

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return self._key(self) == other._key(other)
        return NotImplemented

    def __hash__(self):
        return hash(self._key(self))

    def __repr__(self):
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({values})"

    def __setattr__(self, name, value):
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        from dataclasses import FrozenInstanceError

        raise FrozenInstanceError(f"cannot delete field {name!r}")
