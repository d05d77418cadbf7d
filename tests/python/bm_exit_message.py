import sys
print("before")
sys.exit("surrogates:\udcff and h\xe9")
