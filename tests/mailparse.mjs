// Reads each .eml named on the command line with npm mailparser, the parser of Node mail tools,
// and prints what it found as JSON: a second reading beside Python's e-mail package (issue 20).
import { readFile } from "node:fs/promises";
import { simpleParser } from "mailparser";

const found = [];
for (const path of process.argv.slice(2)) {
  const mail = await simpleParser(await readFile(path), { skipTextToHtml: true });
  const addresses = (field) => (field ? field.value.map((a) => a.address) : []);
  const calendars = [];
  for (const a of mail.attachments) {
    if (a.contentType === "text/calendar" || a.contentType === "application/ics") {
      const method = a.headers.get("content-type")?.params?.method ?? "";
      const text = a.content.toString("utf8").replace(/\r\n/g, "\n");
      calendars.push([a.contentType, method.toUpperCase(), text]);
    }
  }
  found.push({
    subject: mail.subject,
    from: addresses(mail.from),
    sender: addresses(mail.headers.get("sender")),
    to: addresses(mail.to),
    text: (mail.text ?? "").replace(/\r\n/g, "\n").replace(/\n+$/, ""),
    calendars: calendars.sort(),
  });
}
process.stdout.write(JSON.stringify(found));
