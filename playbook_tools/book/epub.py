def write_epub(book, target): pass
