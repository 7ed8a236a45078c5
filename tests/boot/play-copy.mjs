// The boot suite's copy of generated objects, changed only where podman on
// the test machine needs it (podman-e2e.md); the files generate wrote stay
// as they are:
//   - restartPolicy: OnFailure on a Pod with init containers: podman 4.3.1
//     restarts an init container forever under Always ("failed to remove
//     once init container ... as it is running");
//   - no containerPort: the tests run with host networking (everything on
//     loopback), which refuses port mappings; the machine's own service is
//     reached on 127.0.0.1:PORT.
// A Deployment's template keeps Always (its only legal value); stateful
// pods have no init container. A third argument, Never, is for a pod whose
// init container must fail: it runs once, and play returns at once.
//   node play-copy.mjs IN.yaml OUT.yaml [Never]
import fs from "node:fs";
import { parseAllDocuments, stringify } from "yaml";

const [input, output, policy = "OnFailure"] = process.argv.slice(2);
const docs = parseAllDocuments(fs.readFileSync(input, "utf8")).map((d) => d.toJS());
for (const o of docs) {
  const spec = o.kind === "Deployment" ? o.spec.template.spec : o.spec;
  if (o.kind === "Pod" && spec.initContainers) spec.restartPolicy = policy;
  for (const c of [...spec.containers, ...(spec.initContainers || [])]) delete c.ports;
}
fs.writeFileSync(output, docs.map((d) => stringify(d)).join("---\n"));
