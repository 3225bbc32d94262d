"""New versions of a few objects of a PDF, appended to it as an incremental update (PDF
32000-1, 7.5.6): the bytes before stay as they are, as when a PDF reader saves a filled form.

pypdf reads and parses the objects and writes each one; this module reads only the objects a
change needs and writes the update's cross-reference stream. pypdf's own incremental writer
first copies every object of the file: for a blank scorecard form that is 400 objects, most of
them the widths of its embedded font, and it took half of a kit whose forms were kept
(``make bench``). An object in an object stream is read here from its offset in the stream
(7.5.7), not by parsing the whole stream as pypdf's reader does on the first object it needs.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    read_object,
)


class PdfObjects:
    """The objects of one PDF, read one at a time as they are asked for."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = PdfReader(io.BytesIO(data))
        # An object stream's decoded bytes, and where each of its objects begins in them.
        self._streams: dict[int, tuple[bytes, list[int]]] = {}

    @property
    def trailer(self) -> Any:
        return self.reader.trailer

    @property
    def startxref(self) -> int:
        """Where the file's last cross-reference section begins: an update's /Prev."""
        tail = self.data[self.data.rindex(b"startxref") + len(b"startxref"):]
        return int(tail.split()[0])

    def get(self, value: PdfObject) -> Any:
        """``value`` itself, or the object it refers to. Nothing it holds is resolved: read
        entries with ``raw_get`` and pass them here."""
        if not isinstance(value, IndirectObject):
            return value
        place = self.reader.xref_objStm.get(value.idnum)
        if place is None:  # an object of its own in the file
            return self.reader.get_object(value)
        decoded, offsets = self._object_stream(int(place[0]))
        buffer = io.BytesIO(decoded)
        buffer.seek(offsets[int(place[1])])
        return read_object(buffer, self.reader)

    def _object_stream(self, number: int) -> tuple[bytes, list[int]]:
        if number not in self._streams:
            stream: Any = self.reader.get_object(number)
            decoded = stream.get_data()
            first, count = int(stream["/First"]), int(stream["/N"])
            # The stream begins with pairs of numbers: an object's number and its offset from
            # /First.
            header = decoded[:first].split()
            self._streams[number] = (decoded, [first + int(offset)
                                               for offset in header[1:2 * count:2]])
        return self._streams[number]


def append_update(objects: PdfObjects, changed: Mapping[int, PdfObject],
                  trailer: Mapping[str, PdfObject]) -> bytes:
    """The PDF with new versions of the objects ``changed`` (by object number) appended, and a
    cross-reference stream for them whose dictionary also holds ``trailer`` (/Root, /Info)."""
    out = io.BytesIO()
    out.write(objects.data)
    if not objects.data.endswith(b"\n"):
        out.write(b"\n")
    size = int(objects.trailer["/Size"])
    xref_number = size
    offsets = {}
    for number in sorted(changed):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode())
        changed[number].write_to_stream(out)
        out.write(b"\nendobj\n")
    offsets[xref_number] = out.tell()
    # One entry of type 1 (an object at an offset, generation 0) for each object written here,
    # the cross-reference stream included.
    width = max(4, (offsets[xref_number].bit_length() + 7) // 8)
    rows = b"".join(b"\x01" + offset.to_bytes(width, "big") + b"\x00"
                    for _, offset in sorted(offsets.items()))
    xref = DecodedStreamObject()
    xref.set_data(rows)
    xref.update({NameObject(key): value for key, value in trailer.items()})
    xref.update({
        NameObject("/Type"): NameObject("/XRef"),
        NameObject("/Size"): NumberObject(xref_number + 1),
        NameObject("/Prev"): NumberObject(objects.startxref),
        NameObject("/W"): ArrayObject([NumberObject(1), NumberObject(width), NumberObject(1)]),
        NameObject("/Index"): ArrayObject(
            NumberObject(part) for number in sorted(offsets) for part in (number, 1)),
    })
    out.write(f"{xref_number} 0 obj\n".encode())
    xref.flate_encode().write_to_stream(out)
    out.write(f"\nendobj\nstartxref\n{offsets[xref_number]}\n%%EOF\n".encode())
    return out.getvalue()
