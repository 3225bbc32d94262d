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
        # An object stream's decoded bytes, where its objects begin (/First), and its header:
        # each object's number and its offset from there.
        self._streams: dict[int, tuple[bytes, int, list[int]]] = {}

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
        decoded, first, header = self._object_stream(int(place[0]))
        index = 2 * int(place[1])
        if index + 1 >= len(header) or header[index] != value.idnum:
            raise ValueError(f"object {value.idnum} is not where its object stream says")
        buffer = io.BytesIO(decoded)
        buffer.seek(first + header[index + 1])
        return read_object(buffer, self.reader)

    def _object_stream(self, number: int) -> tuple[bytes, int, list[int]]:
        if number not in self._streams:
            stream: Any = self.reader.get_object(number)
            decoded = stream.get_data()
            first, count = int(stream["/First"]), int(stream["/N"])
            header = [int(value) for value in decoded[:first].split()[:2 * count]]
            self._streams[number] = (decoded, first, header)
        return self._streams[number]


# What an update's trailer carries over from the one before it (7.5.6): every entry but /Prev
# and the cross-reference stream's own, of which a PDF this tool fills in has these.
CARRIED = ("/Root", "/Info", "/ID")


def append_update(objects: PdfObjects, changed: Mapping[int, PdfObject]) -> bytes:
    """The PDF with new versions of the objects ``changed`` (by object number) appended, and a
    cross-reference stream for them that is also the update's trailer."""
    out = io.BytesIO()
    out.write(objects.data)
    if not objects.data.endswith(b"\n"):
        out.write(b"\n")
    xref_number = int(objects.trailer["/Size"])  # the first number the file has not used
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
    xref.update({NameObject(key): objects.trailer.raw_get(key)
                 for key in CARRIED if key in objects.trailer})
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
