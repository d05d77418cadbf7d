# __del__ methods of the objects still alive at exit run then, oldest first.

class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("del", self.name)
        if self.name == "b":
            print("b sees", self.other.name)

a = Noisy("a")
b = Noisy("b")
b.other = Noisy("inner")
holder = [Noisy("c")]
print("end")

