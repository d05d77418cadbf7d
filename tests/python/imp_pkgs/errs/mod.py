existing = "here"
