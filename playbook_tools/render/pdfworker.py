"""What a PDF worker process starts from: importing this module readies WeasyPrint.

The fork server of a PDF pool (``pdfpool``) imports it once, so each worker it forks begins
with WeasyPrint imported, its fonts configured and the paged stylesheet parsed, instead of
spending most of a second on that itself.
"""

from playbook_tools.render.pdf import render_pdf, render_pdf_file
from playbook_tools.render.pdfengine import engine

engine()

__all__ = ["render_pdf", "render_pdf_file"]
