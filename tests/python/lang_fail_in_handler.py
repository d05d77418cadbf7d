# an exception raised while handling another, inside nested calls and a with statement
class Guard:
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        print("guard exit sees", exc[0].__name__)
        return False

def parse(text):
    return int(text)

def process(items):
    results = []
    for item in items:
        try:
            results.append(parse(item))
        except ValueError:
            with Guard():
                results.append(item.missing_method())
    return results

print(process(["1", "2"]))
process(["3", "x"])
