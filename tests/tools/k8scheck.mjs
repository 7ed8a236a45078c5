// Independent checks of what oc-leapp writes, with a second YAML parser and
// the upstream OpenAPI schemas (kubernetes-models; for OpenShift's
// SecurityContextConstraints, its published schema, kept as a fixture),
// plus the API server's own name and number rules, which the schemas do not
// carry, and what the objects of one generate must say together (one
// namespace and label set, the pod's account, its SCC allowing exactly the
// pod, every volume pinned and reserved for its claim).
//
//   node k8scheck.mjs validate FILE...        every object in every file, and all of them as one set
//   node k8scheck.mjs compare ACTUAL EXPECTED  two directories (or files), as data
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { isDeepStrictEqual } from "node:util";
import { isIP } from "node:net";
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import Ajv from "ajv";

// No npm model covers OpenShift's security.openshift.io/v1: its published
// schema is a fixture, checked with ajv (unknown fields refused).
const sccSchema = JSON.parse(fs.readFileSync(new URL("../fixtures/openshift/scc-v1.schema.json", import.meta.url), "utf8"));
const sccValidate = new Ajv({ allErrors: true, strict: false }).compile(sccSchema);
class SecurityContextConstraints {
  constructor(o) { this.o = o; }
  validate() {
    if (!sccValidate(this.o))
      throw new Error(sccValidate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`).join("; "));
  }
}
const kinds = { "v1": core, "apps/v1": apps, "security.openshift.io/v1": { SecurityContextConstraints } };
const CLUSTER_SCOPED = new Set(["PersistentVolume", "SecurityContextConstraints"]);
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
  const ips = new Set();
  for (const a of spec.hostAliases || []) {
    if (!isIP(a.ip) || a.ip.includes("%")) errs.push(`${where}.hostAliases: ${a.ip} is not an IP address`);
    if (ips.has(a.ip)) errs.push(`${where}.hostAliases: ${a.ip} twice (names are grouped per address)`);
    ips.add(a.ip);
    if (!a.hostnames?.length) errs.push(`${where}.hostAliases: ${a.ip} without names`);
    for (const h of a.hostnames || []) subdomain(errs, `${where}.hostAliases[${a.ip}]`, h);
  }
}

// The API server's rules that the OpenAPI schema does not express.
export function apiRules(o) {
  const errs = [];
  const where = `${o.kind}/${o.metadata?.name}`;
  if (o.kind === "Service") label(errs, where, o.metadata.name);
  else subdomain(errs, where, o.metadata?.name);
  if (CLUSTER_SCOPED.has(o.kind) && o.metadata?.namespace !== undefined) errs.push(`${where}: a cluster-scoped object has no namespace`);
  if (!CLUSTER_SCOPED.has(o.kind) && o.metadata?.namespace !== undefined) label(errs, `${where}.metadata.namespace`, o.metadata.namespace);
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
  if (o.kind === "SecurityContextConstraints") {
    const allowed = new Set(o.allowedCapabilities || []);
    for (const c of o.requiredDropCapabilities || []) if (allowed.has(c)) errs.push(`${where}: ${c} both allowed and required dropped`);
    for (const u of o.users || []) {
      const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(u);
      if (!m) errs.push(`${where}: user ${u} is not a service account`);
      else { label(errs, `${where}.users namespace`, m[1]); subdomain(errs, `${where}.users account`, m[2]); }
    }
    if ((o.volumes || []).includes("hostPath") !== Boolean(o.allowHostDirVolumePlugin))
      errs.push(`${where}: allowHostDirVolumePlugin must go with a hostPath volume type`);
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

function podSpecOf(o) {
  return o.kind === "Pod" ? o.spec : o.kind === "Deployment" ? o.spec.template.spec : null;
}
const sameSet = (a, b) => isDeepStrictEqual([...new Set(a)].sort(), [...new Set(b)].sort());

// What the objects of one generate must say together.
export function setRules(objs) {
  const errs = [];
  const keys = ["name", "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/managed-by"];
  const instances = new Set(), namespaces = new Set();
  for (const o of objs) {
    const where = `${o.kind}/${o.metadata?.name}`, l = o.metadata?.labels || {};
    for (const k of keys) if (!l[k]) errs.push(`${where}: no label ${k}`);
    if (l["app.kubernetes.io/managed-by"] && l["app.kubernetes.io/managed-by"] !== "oc-leapp") errs.push(`${where}: managed-by is not oc-leapp`);
    instances.add(l["app.kubernetes.io/instance"]);
    if (!CLUSTER_SCOPED.has(o.kind)) {
      if (!o.metadata?.namespace) errs.push(`${where}: no namespace`);
      namespaces.add(o.metadata?.namespace);
    }
  }
  if (instances.size > 1) errs.push(`more than one app.kubernetes.io/instance: ${[...instances].join(", ")}`);
  if (namespaces.size > 1) errs.push(`more than one namespace: ${[...namespaces].join(", ")}`);
  const [ns] = namespaces;
  const workloads = objs.filter(podSpecOf);
  const sccs = objs.filter((o) => o.kind === "SecurityContextConstraints");
  for (const w of workloads) {
    const where = `${w.kind}/${w.metadata.name}`, spec = podSpecOf(w);
    const sa = spec.serviceAccountName;
    if (!sa || sa === "default") errs.push(`${where}: runs as the namespace's default account`);
    else if (!objs.some((o) => o.kind === "ServiceAccount" && o.metadata.name === sa)) errs.push(`${where}: its account ${sa} is not among the objects`);
    const caps = (spec.containers || []).flatMap((c) => c.securityContext?.capabilities?.add || []);
    const types = (spec.volumes || []).map((v) => Object.keys(v).find((k) => k !== "name"));
    if (caps.length && !sccs.length) errs.push(`${where}: asks for ${caps.join(", ")} without an SCC that allows them`);
    for (const s of sccs) {
      if (!sameSet(s.allowedCapabilities || [], caps)) errs.push(`SecurityContextConstraints/${s.metadata.name}: allows ${s.allowedCapabilities}, the pod asks for ${caps}`);
      if (!sameSet(s.volumes || [], types.length ? types : ["none"])) errs.push(`SecurityContextConstraints/${s.metadata.name}: allows volumes ${s.volumes}, the pod has ${types}`);
      if (!isDeepStrictEqual(s.users, [`system:serviceaccount:${ns}:${sa}`])) errs.push(`SecurityContextConstraints/${s.metadata.name}: users ${s.users}, not the pod's account alone`);
    }
  }
  // Stateful: every volume pinned to one node, reserved for its claim,
  // named with the namespace, kept; and one writer.
  const pvs = objs.filter((o) => o.kind === "PersistentVolume");
  const nodes = new Set();
  for (const pv of pvs) {
    const where = `PersistentVolume/${pv.metadata.name}`, s = pv.spec;
    const terms = s.nodeAffinity?.required?.nodeSelectorTerms || [];
    const exprs = terms.length === 1 ? terms[0].matchExpressions || [] : [];
    if (exprs.length !== 1 || exprs[0].key !== "kubernetes.io/hostname" || exprs[0].operator !== "In" || exprs[0].values?.length !== 1)
      errs.push(`${where}: not pinned to one node by kubernetes.io/hostname`);
    else nodes.add(exprs[0].values[0]);
    if (s.hostPath && s.hostPath.type !== "Directory") errs.push(`${where}: hostPath.type is not Directory`);
    if (s.persistentVolumeReclaimPolicy !== "Retain") errs.push(`${where}: not Retain`);
    if (!pv.metadata.name.endsWith(`.${ns}`)) errs.push(`${where}: its name does not carry the namespace ${ns}`);
    const ref = s.claimRef;
    const pvc = ref && objs.find((o) => o.kind === "PersistentVolumeClaim" && o.metadata.name === ref.name && o.metadata.namespace === ref.namespace);
    if (!ref || ref.namespace !== ns) errs.push(`${where}: not reserved by a claimRef in ${ns}`);
    else if (!pvc) errs.push(`${where}: its claimRef ${ref.namespace}/${ref.name} is not among the claims`);
    else if (pvc.spec.volumeName !== pv.metadata.name) errs.push(`${where}: its claim names ${pvc.spec.volumeName}`);
  }
  if (nodes.size > 1) errs.push(`volumes pinned to more than one node: ${[...nodes].join(", ")}`);
  if (pvs.length) for (const w of workloads) {
    const anti = podSpecOf(w).affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution || [];
    const sel = w.kind === "Deployment" ? w.spec.selector.matchLabels : { name: w.metadata.labels?.name };
    if (!anti.some((t) => t.topologyKey === "kubernetes.io/hostname" && isDeepStrictEqual(t.labelSelector?.matchLabels, sel)))
      errs.push(`${w.kind}/${w.metadata.name}: nothing stops a second copy on the same files (no anti-affinity with itself by node)`);
  }
  return errs;
}

function files(p) {
  return fs.statSync(p).isDirectory() ? fs.readdirSync(p).sort().map((f) => path.join(p, f)) : [p];
}

function main(argv) {
  const [cmd, ...args] = argv;
  let bad = 0;
  if (cmd === "validate") {
    const all = [];
    for (const f of args.flatMap(files)) {
      if (path.basename(f) === "Dockerfile" || f.endsWith(".txt")) continue;
      for (const o of load(f)) {
        all.push(o);
        for (const e of validate(o)) { console.log(`${f}: ${e}`); bad++; }
      }
    }
    if (!all.length) { console.log("no objects found"); bad++; }
    else for (const e of setRules(all)) { console.log(`together: ${e}`); bad++; }
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
    // and their command left out (ours never pastes the URL into shell text),
    // and without what every object now carries: its namespace, the
    // recommended app.kubernetes.io labels, and the pod's own account.
    const norm = (objs) => objs.map((o) => {
      const c = structuredClone(o);
      if (c.metadata) delete c.metadata.namespace;
      if (c.spec) delete c.spec.serviceAccountName;	// its own account, never default
      for (const l of [c.metadata?.labels, c.spec?.template?.metadata?.labels])
        for (const k of Object.keys(l || {})) if (k.startsWith("app.kubernetes.io/")) delete l[k];
      const a = c.metadata?.annotations?.["pod.beta.kubernetes.io/init-containers"];
      if (a === undefined) return c;
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
