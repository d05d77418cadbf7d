class ValidationError(Exception):
    def __init__(self, field):
        super().__init__(f"invalid field {field!r}")
        self.field = field
def validate(record):
    for key in record:
        if key.startswith("_"):
            raise ValidationError(key)
validate({"ok": 1})
validate({"_bad": 2})
