print("guard module name:", __name__)
if __name__ == "__main__":
    print("guard runs as main")
else:
    print("guard imported")
