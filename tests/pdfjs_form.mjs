// pdf.js, Firefox's PDF engine, on a PDF the tests made: what Firefox reads from it, and the
// form filled and saved as Firefox saves it. Run by tests/test_pdf_readers.py with the
// machine's node and the pdfjs-dist that package.json pins.
//
//   node tests/pdfjs_form.mjs read IN.pdf             prints JSON: fields, widgets, text
//   node tests/pdfjs_form.mjs fill IN.pdf OUT.pdf     fills from JSON on stdin and saves
//   node tests/pdfjs_form.mjs draw IN.pdf             prints JSON: what each field shows in
//                                                     print, {name: {height, lines, sizes}}
//
// The JSON to fill: {"texts": {name: text}, "ticks": [name], "radios": {name: onState}}, where
// onState names the button clicked (its appearance state; WeasyPrint's are 0, 1, ...).
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve("pdfjs-dist/package.json"));
const pdfjs = await import(path.join(root, "legacy", "build", "pdf.mjs"));

const [command, input, output] = process.argv.slice(2);

async function open(file) {
  return pdfjs.getDocument({
    data: new Uint8Array(readFileSync(file)),
    standardFontDataUrl: path.join(root, "standard_fonts") + path.sep,
    cMapUrl: path.join(root, "cmaps") + path.sep,
    cMapPacked: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

async function widgets(document) {
  const all = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    for (const a of await page.getAnnotations({ intent: "display" })) {
      if (a.subtype !== "Widget") continue;
      all.push({
        page: number, id: a.id, name: a.fieldName, type: a.fieldType,
        value: a.fieldValue, exportValue: a.exportValue ?? null, buttonValue: a.buttonValue ?? null,
        checkBox: Boolean(a.checkBox), radioButton: Boolean(a.radioButton),
        multiLine: Boolean(a.multiLine), tooltip: a.alternativeText ?? "",
        readOnly: Boolean(a.readOnly), hasAppearance: Boolean(a.hasOwnCanvas || a.hasAppearance),
      });
    }
  }
  return all;
}

async function text(document) {
  const pages = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  }
  return pages;
}

const document = await open(input);
if (command === "read") {
  const { info } = await document.getMetadata();
  const fields = (await document.getFieldObjects()) ?? {};
  const values = Object.fromEntries(Object.entries(fields).map(
    ([name, objects]) => [name, objects.map((o) => ({ type: o.type, value: o.value,
                                                      exportValues: o.exportValues ?? null }))]));
  process.stdout.write(JSON.stringify({
    info, fields: values, widgets: await widgets(document), text: await text(document),
  }));
} else if (command === "fill") {
  const wanted = JSON.parse(readFileSync(0, "utf-8"));
  const storage = document.annotationStorage;
  for (const widget of await widgets(document)) {
    if (widget.type === "Tx" && widget.name in (wanted.texts ?? {})) {
      storage.setValue(widget.id, { value: wanted.texts[widget.name] });
    } else if (widget.checkBox && (wanted.ticks ?? []).includes(widget.name)) {
      storage.setValue(widget.id, { value: true });
    } else if (widget.radioButton && widget.name in (wanted.radios ?? {})) {
      // Firefox sets every button of the group: the clicked one on, the others off.
      storage.setValue(widget.id, { value: widget.buttonValue === wanted.radios[widget.name] });
    }
  }
  writeFileSync(output, await document.saveDocument());
} else if (command === "draw") {
  // What Firefox prints for each text field: the appearance pdf.js makes for it (from its value
  // and /DA when the form asks readers to draw it anew), read from the operators: each line's
  // words and baseline (points above the box's bottom edge; below 0 is cut off), the box's
  // height, and every font size set.
  const { OPS, AnnotationMode } = pdfjs;
  const names = Object.fromEntries((await widgets(document)).map((w) => [w.id, w.name]));
  const drawn = {};
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const list = await page.getOperatorList({
      intent: "print", annotationMode: AnnotationMode.ENABLE_STORAGE });
    let field = null;
    let y = 0;
    list.fnArray.forEach((fn, index) => {
      const args = list.argsArray[index];
      if (fn === OPS.beginAnnotation) {
        field = names[args[0]] ?? null;
        const [, bottom, , top] = args[1];
        if (field !== null) drawn[field] = { height: top - bottom, lines: [], sizes: [] };
      } else if (field === null) {
        return;
      } else if (fn === OPS.endAnnotation) {
        field = null;
      } else if (fn === OPS.setTextMatrix) {
        y = args[0][5];
      } else if (fn === OPS.moveText) {
        y += args[1];
      } else if (fn === OPS.setFont) {
        drawn[field].sizes.push(args[1]);
      } else if (fn === OPS.showText) {
        const words = args[0].map((g) => (typeof g === "object" ? g.unicode : "")).join("");
        drawn[field].lines.push({ y, text: words });
      }
    });
  }
  process.stdout.write(JSON.stringify(drawn));
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
await document.destroy();
