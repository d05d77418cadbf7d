PUBLIC = "public"
_private = "private"
also = [1, 2]
