# RecursionError from unbounded recursion in a method, reported with folded traceback lines
class Node:
    def __init__(self):
        self.next = self
    def depth(self):
        return 1 + self.next.depth()

try:
    Node().depth()
except RecursionError as e:
    print(type(e).__name__, e)

def mutual_a(n):
    return mutual_b(n + 1)
def mutual_b(n):
    return mutual_a(n + 1)
mutual_a(0)
