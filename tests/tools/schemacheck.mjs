// Checks diagnose reports (-o json or -o yaml files) against the JSON Schema
// in diag/schema/: `node schemacheck.mjs SCHEMA FILE...`. Prints one line per
// file that does not conform, and exits 1 when any does.
import fs from "node:fs";
import { parse } from "yaml";
import Ajv from "ajv";

const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
let bad = 0;
for (const f of files) {
  let doc;
  try {
    const text = fs.readFileSync(f, "utf8");
    doc = f.endsWith(".yaml") ? parse(text, { version: "1.2" }) : JSON.parse(text);
  } catch (e) {
    console.log(`${f}: not a report: ${e.message}`);
    bad++;
    continue;
  }
  if (!validate(doc)) {
    bad++;
    const why = validate.errors.slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
    console.log(`${f}: ${why}`);
  }
}
console.log(`${files.length - bad} of ${files.length} reports conform`);
process.exit(bad ? 1 : 0);
