class AppError(Exception):
    pass
def load():
    try:
        return int("abc")
    except ValueError as e:
        raise AppError("could not load") from e
def main():
    try:
        load()
    finally:
        print("cleanup")
main()
