// Independent checks of what oc-leapp writes, with a second YAML parser and
// the upstream OpenAPI schemas (kubernetes-models), plus the API server's
// own name and number rules, which the schemas do not carry.
//
//   node k8scheck.mjs validate FILE...        every object in every file
//   node k8scheck.mjs compare ACTUAL EXPECTED  two directories (or files), as data
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { isDeepStrictEqual } from "node:util";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";

const kinds = { "v1": core, "apps/v1": apps };
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?$/;

export function load(file) {
  const text = fs.readFileSync(file, "utf8");
  if (file.endsWith(".json") || text.trimStart().startsWith("{")) {
    const v = JSON.parse(text);
    return v.kind === "List" ? v.items : [v];
  }
  const docs = parseAllDocuments(text, { version: "1.1" });
  for (const d of docs) if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
  return docs.map((d) => d.toJS()).filter((d) => d !== null);
}

function label(errs, where, v, max = 63) {
  if (typeof v !== "string" || v.length > max || !DNS1123_LABEL.test(v)) errs.push(`${where}: "${v}" is not a DNS-1123 label`);
}
function subdomain(errs, where, v) {
  if (typeof v !== "string" || v.length > 253 || !DNS1123_SUBDOMAIN.test(v)) errs.push(`${where}: "${v}" is not a DNS-1123 subdomain`);
}
function port(errs, where, v) {
  if (!Number.isInteger(v) || v < 1 || v > 65535) errs.push(`${where}: ${v} is not a port number`);
}
function labels(errs, where, m = {}) {
  for (const [k, v] of Object.entries(m)) {
    if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(k)) errs.push(`${where}: bad label key ${k}`);
    if (typeof v !== "string" || v.length > 63 || !LABEL_VALUE.test(v)) errs.push(`${where}.${k}: "${v}" is not a label value`);
  }
}

function podSpec(errs, where, spec) {
  const all = [...(spec.initContainers || []), ...(spec.containers || [])];
  const names = new Set();
  for (const c of all) {
    label(errs, `${where}.containers[].name`, c.name);
    if (names.has(c.name)) errs.push(`${where}: container name ${c.name} used twice`);
    names.add(c.name);
    for (const p of c.ports || []) port(errs, `${where}.${c.name}.containerPort`, p.containerPort);
    const vols = new Set((spec.volumes || []).map((v) => v.name));
    const paths = new Set();
    for (const m of c.volumeMounts || []) {
      if (!vols.has(m.name)) errs.push(`${where}.${c.name}: mount of unknown volume ${m.name}`);
      if (!m.mountPath.startsWith("/")) errs.push(`${where}.${c.name}: mountPath ${m.mountPath} is not absolute`);
      if (paths.has(m.mountPath)) errs.push(`${where}.${c.name}: mountPath ${m.mountPath} twice`);
      paths.add(m.mountPath);
    }
  }
  const vnames = new Set();
  for (const v of spec.volumes || []) {
    label(errs, `${where}.volumes[].name`, v.name);
    if (vnames.has(v.name)) errs.push(`${where}: volume ${v.name} twice`);
    vnames.add(v.name);
  }
  if (spec.serviceAccountName) subdomain(errs, `${where}.serviceAccountName`, spec.serviceAccountName);
}

// The API server's rules that the OpenAPI schema does not express.
export function apiRules(o) {
  const errs = [];
  const where = `${o.kind}/${o.metadata?.name}`;
  if (o.kind === "Service") label(errs, where, o.metadata.name);
  else subdomain(errs, where, o.metadata?.name);
  if (o.kind === "Service" && !DNS1035_LABEL.test(o.metadata.name)) errs.push(`${where}: Service names must start with a letter`);
  labels(errs, `${where}.metadata.labels`, o.metadata?.labels);
  if (o.kind === "Pod") podSpec(errs, where, o.spec);
  if (o.kind === "Deployment") {
    podSpec(errs, where, o.spec.template.spec);
    labels(errs, `${where}.template.labels`, o.spec.template.metadata.labels);
    for (const [k, v] of Object.entries(o.spec.selector.matchLabels))
      if (o.spec.template.metadata.labels[k] !== v) errs.push(`${where}: selector does not match the template's labels`);
  }
  if (o.kind === "Service") {
    const seen = new Set();
    for (const p of o.spec.ports || []) {
      label(errs, `${where}.ports[].name`, p.name);
      port(errs, `${where}.port`, p.port);
      port(errs, `${where}.targetPort`, p.targetPort);
      const key = `${p.port}/${p.protocol}`;
      if (seen.has(key)) errs.push(`${where}: port ${key} twice`);
      seen.add(key);
    }
    if (!(o.spec.ports || []).length) errs.push(`${where}: a Service needs at least one port`);
    labels(errs, `${where}.selector`, o.spec.selector);
  }
  if (o.kind === "PersistentVolume") {
    const q = o.spec.capacity.storage;
    if (!QUANTITY.test(String(q)) || /^0+[A-Za-z]*$/.test(String(q))) errs.push(`${where}: bad capacity ${q}`);
  }
  if (o.kind === "PersistentVolumeClaim") {
    const q = o.spec.resources.requests.storage;
    if (!QUANTITY.test(String(q)) || /^0+[A-Za-z]*$/.test(String(q))) errs.push(`${where}: bad request ${q}`);
  }
  return errs;
}

export function validate(o) {
  const mod = kinds[o.apiVersion];
  const cls = mod && mod[o.kind];
  if (!cls) return [`${o.apiVersion} ${o.kind}: unknown kind`];
  const errs = [];
  try {
    new cls(o).validate();
  } catch (e) {
    errs.push(`${o.kind}/${o.metadata?.name}: schema: ${e.message.split("\n").slice(0, 3).join(" ")}`);
  }
  return errs.concat(apiRules(o));
}

function files(p) {
  return fs.statSync(p).isDirectory() ? fs.readdirSync(p).sort().map((f) => path.join(p, f)) : [p];
}

function main(argv) {
  const [cmd, ...args] = argv;
  let bad = 0;
  if (cmd === "validate") {
    let n = 0;
    for (const f of args.flatMap(files)) {
      if (path.basename(f) === "Dockerfile" || f.endsWith(".txt")) continue;
      for (const o of load(f)) {
        n++;
        for (const e of validate(o)) { console.log(`${f}: ${e}`); bad++; }
      }
    }
    if (!n) { console.log("no objects found"); bad++; }
  } else if (cmd === "compare") {
    const [a, b] = args;
    const fa = files(a).map((f) => path.basename(f)), fb = files(b).map((f) => path.basename(f));
    if (!isDeepStrictEqual(fa, fb)) { console.log(`files differ: [${fa}] vs [${fb}]`); bad++; }
    for (const f of fa.filter((x) => fb.includes(x))) {
      const pa = fs.statSync(a).isDirectory() ? path.join(a, f) : a;
      const pb = fs.statSync(b).isDirectory() ? path.join(b, f) : b;
      const same = f === "Dockerfile" || f.endsWith(".txt")
        ? fs.readFileSync(pa, "utf8") === fs.readFileSync(pb, "utf8")
        : isDeepStrictEqual(load(pa), load(pb));
      if (!same) { console.log(`${f}: differs from the expected file as data`); bad++; }
    }
  } else if (cmd === "compare-seed") {
    // The 2017 objects as data, with the init containers' annotation parsed
    // and their command left out (ours never pastes the URL into shell text).
    const norm = (objs) => objs.map((o) => {
      const a = o.metadata?.annotations?.["pod.beta.kubernetes.io/init-containers"];
      if (a === undefined) return o;
      const c = structuredClone(o);
      c.metadata.annotations["pod.beta.kubernetes.io/init-containers"] =
        JSON.parse(a).map(({ command, ...rest }) => rest);
      return c;
    });
    const [a, b] = args;
    const same = path.basename(a) === "Dockerfile"
      ? fs.readFileSync(a, "utf8").trimEnd() === fs.readFileSync(b, "utf8").trimEnd()
      : isDeepStrictEqual(norm(load(a)), norm(load(b)));
    if (!same) {
      console.log(`${path.basename(a)} differs from the seed as data`);
      console.log(JSON.stringify(norm(load(a))), "\n", JSON.stringify(norm(load(b))));
      bad++;
    }
  } else {
    console.log("usage: k8scheck.mjs validate FILE... | compare ACTUAL EXPECTED | compare-seed ACTUAL SEED");
    process.exit(2);
  }
  process.exit(bad ? 1 : 0);
}

// K8SCHECK_LIB=1: imported as a library by a test, do not run main().
if (import.meta.url === `file://${process.argv[1]}` && process.env.K8SCHECK_LIB !== "1") main(process.argv.slice(2));
