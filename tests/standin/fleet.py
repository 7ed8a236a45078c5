#!/usr/bin/env python3
"""A fleet of migrated machines for the scale tests and bench of diagnose.

    python3 fleet.py N FIXTURE EXPECT [--namespace NS] [--list LIST]

writes FIXTURE, a stand-in fixture (apiserver.py --fixtures) with N pods of
machines in namespace NS (default "fleet"): most of them healthy, the others
failing each in one of the ways the catalogue knows, half of them run by a
Deployment (ReplicaSet and Deployment included), with their events and logs,
plus a few Deployments that cannot create their pod at all (an SCC refusal).
EXPECT gets {"pod/NAME" or "deployment/NAME": the finding id diagnose must
put first}. --list also writes the objects as one v1 List (for --from-file),
logs left out: the failed runs' tails are in their termination messages, as
the kubelet leaves them with FallbackToLogsOnError.

Deterministic: the same N gives the same fleet.
"""

import argparse
import json
import random

NOW = "2025-11-23T10:00:00Z"


def ts(minute, second=0):
    """A time before NOW (09:MM:SS)."""
    return "2025-11-23T09:%02d:%02dZ" % (minute, second)


def event(ns, pod, uid, i, reason, message, type_="Normal", count=1, field=None, first=5, last=6,
          component="kubelet"):
    io = {"kind": "Pod", "namespace": ns, "name": pod, "uid": uid, "apiVersion": "v1"}
    if field:
        io["fieldPath"] = field
    return {"apiVersion": "v1", "kind": "Event",
            "metadata": {"name": "%s.%x" % (pod, i), "namespace": ns},
            "involvedObject": io, "reason": reason, "message": message, "type": type_, "count": count,
            "firstTimestamp": ts(first), "lastTimestamp": ts(last),
            "source": {"component": component}, "reportingComponent": component}


BOOT = ["systemd 219 running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP)",
        "Detected virtualization container-other.", "Welcome to CentOS Linux 7 (Core)!",
        "[  OK  ] Reached target Multi-User System."]
FROZEN = ["systemd 219 running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP)",
          "Failed to mount cgroup at /sys/fs/cgroup/systemd: Operation not permitted",
          "[!!!!!!] Failed to mount API filesystems, freezing."]

# kind of failure -> (weight, expected first finding)
KINDS = [
    ("healthy", 40, "Healthy"),
    ("healthy-noprobe", 5, "Healthy"),
    ("frozen", 4, "CgroupV2Unsupported"),	# systemd 219 freezing on cgroup v2
    ("init-refused", 9, "ImageURLUnreachable"),
    ("init-dns", 5, "ImageURLUnreachable"),
    ("init-404", 5, "ImageURLNotFound"),
    ("pull-auth", 5, "ImagePullFailed"),
    ("oom", 5, "OOMKilled"),
    ("unschedulable", 5, "Unschedulable"),
    ("crashloop", 5, "CrashLoop"),
    ("config", 6, "ConfigMissing"),
    ("mount", 6, "VolumeMountFailed"),
]


def machine_pod(ns, name, uid, machine, kind, owner):
    url = "http://images.example.net:8080/%s.tar.gz" % machine
    init = {"name": "%s-init" % machine, "image": "busybox",
            "command": ["sh", "-c", "wget -O- \"$LEAPP_IMAGE_URL\" | tar -xzf - -C /work-dir"],
            "env": [{"name": "LEAPP_IMAGE_URL", "value": url}],
            "terminationMessagePolicy": "FallbackToLogsOnError",
            "volumeMounts": [{"name": "%s-usr-vol" % machine, "mountPath": "/work-dir/usr"}]}
    main = {"name": machine, "image": "registry.example.net/leapp/leapp-scratch:7",
            "command": ["/sbin/init"], "terminationMessagePolicy": "FallbackToLogsOnError",
            "ports": [{"containerPort": 22, "protocol": "TCP"}],
            "volumeMounts": [{"name": "%s-usr-vol" % machine, "mountPath": "/usr"}]}
    if kind not in ("healthy-noprobe", "frozen"):
        main["readinessProbe"] = {"tcpSocket": {"port": 22}, "periodSeconds": 10}
    meta = {"name": name, "namespace": ns, "uid": uid, "creationTimestamp": ts(1),
            "labels": {"name": "leapp-%s-label" % machine},
            "annotations": {"openshift.io/scc": "anyuid"}}
    if owner:
        rs_name, rs_uid, hash_ = owner
        meta["labels"]["pod-template-hash"] = hash_
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs_name, "uid": rs_uid,
                                    "controller": True, "blockOwnerDeletion": True}]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"initContainers": [init], "containers": [main], "serviceAccountName": "leapp-%s" % machine,
                     "nodeName": "worker-%d.example.net" % (hash(machine) % 3), "restartPolicy": "Always",
                     "volumes": [{"name": "%s-usr-vol" % machine, "emptyDir": {}}]}}


def init_done(name):
    return {"name": name, "ready": True, "restartCount": 0, "image": "busybox", "imageID": "busybox@sha256:1",
            "containerID": "cri-o://%s" % name,
            "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": ts(2), "finishedAt": ts(3),
                                     "containerID": "cri-o://%s" % name}}}


def conds(scheduled=True, initialized=True, ready=True, reason=None, message=None):
    c = [{"type": "PodScheduled", "status": "True" if scheduled else "False", "lastTransitionTime": ts(1)},
         {"type": "Initialized", "status": "True" if initialized else "False", "lastTransitionTime": ts(3)},
         {"type": "Ready", "status": "True" if ready else "False", "lastTransitionTime": ts(4)},
         {"type": "ContainersReady", "status": "True" if ready else "False", "lastTransitionTime": ts(4)}]
    if not scheduled:
        c[0]["reason"] = reason
        c[0]["message"] = message
        c = c[:1]
    return c


def fill(pod, kind, events, logs):
    """Status, events and logs for one kind of trouble."""
    ns, name, uid = pod["metadata"]["namespace"], pod["metadata"]["name"], pod["metadata"]["uid"]
    init, main = pod["spec"]["initContainers"][0]["name"], pod["spec"]["containers"][0]["name"]
    url = pod["spec"]["initContainers"][0]["env"][0]["value"]
    st = {"phase": "Running", "startTime": ts(1)}
    n = [0]

    def ev(*a, **k):
        n[0] += 1
        events.append(event(ns, name, uid, n[0], *a, **k))

    ev("Scheduled", "Successfully assigned %s/%s to %s" % (ns, name, pod["spec"]["nodeName"]),
       component="default-scheduler", first=1, last=1)
    fi, fm = "spec.initContainers{%s}" % init, "spec.containers{%s}" % main
    running = {"running": {"startedAt": ts(4)}}
    if kind in ("healthy", "healthy-noprobe", "frozen"):
        st["conditions"] = conds()
        st["initContainerStatuses"] = [init_done(init)]
        st["containerStatuses"] = [{"name": main, "ready": True, "restartCount": 0, "started": True,
                                    "image": "x", "imageID": "x@sha256:1", "containerID": "cri-o://m",
                                    "state": running}]
        ev("Pulled", 'Container image "busybox" already present on machine', field=fi, first=2, last=2)
        ev("Started", "Started container %s" % main, field=fm, first=4, last=4)
        if kind == "healthy":
            # a readiness probe that failed while the machine booted: history
            ev("Unhealthy", "Readiness probe failed: dial tcp 10.128.0.9:22: connect: connection refused",
               type_="Warning", count=3, field=fm, first=3, last=3)
        logs["%s/%s/%s" % (ns, name, main)] = FROZEN if kind == "frozen" else BOOT
    elif kind.startswith("init-"):
        line = {"init-refused": "wget: can't connect to remote host (10.20.30.40): Connection refused",
                "init-dns": "wget: bad address 'images.example.net'",
                "init-404": "wget: server returned error: HTTP/1.1 404 Not Found"}[kind]
        text = "Connecting to images.example.net:8080 (10.20.30.40:8080)\n%s\n" % line
        st["phase"] = "Pending"
        st["conditions"] = conds(initialized=False, ready=False)
        st["initContainerStatuses"] = [{
            "name": init, "ready": False, "restartCount": 4, "image": "busybox", "imageID": "busybox@sha256:1",
            "containerID": "cri-o://i", "state": {"waiting": {"reason": "CrashLoopBackOff",
                                                              "message": "back-off 1m20s restarting failed container"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "message": text,
                                         "startedAt": ts(8), "finishedAt": ts(8, 1), "containerID": "cri-o://i"}}}]
        st["containerStatuses"] = [{"name": main, "ready": False, "restartCount": 0, "image": "x", "imageID": "",
                                    "state": {"waiting": {"reason": "PodInitializing"}}}]
        ev("BackOff", "Back-off restarting failed container %s in pod %s_%s(%s)" % (init, name, ns, uid),
           type_="Warning", count=9, field=fi, first=3, last=9)
        logs["%s/%s/%s/previous" % (ns, name, init)] = text.splitlines()
    else:
        st["conditions"] = conds(ready=False)
        st["initContainerStatuses"] = [init_done(init)]
        cs = {"name": main, "ready": False, "restartCount": 0, "image": "x", "imageID": ""}
        st["containerStatuses"] = [cs]
        if kind == "pull-auth":
            st["phase"] = "Pending"
            cs["state"] = {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}
            ev("Failed", 'Failed to pull image "%s": rpc error: code = Unknown desc = reading manifest 7 in '
               'registry.example.net/leapp/leapp-scratch: unauthorized: authentication required'
               % pod["spec"]["containers"][0]["image"], type_="Warning", count=4, field=fm, first=3, last=8)
            ev("BackOff", "Back-off pulling image", field=fm, count=12, first=3, last=9)
        elif kind == "oom":
            cs["restartCount"] = 6
            cs["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}}
            cs["lastState"] = {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": ts(7),
                                              "finishedAt": ts(8), "containerID": "cri-o://m"}}
            ev("BackOff", "Back-off restarting failed container %s" % main, type_="Warning", count=20, field=fm,
               first=5, last=9)
            logs["%s/%s/%s/previous" % (ns, name, main)] = BOOT
        elif kind == "crashloop":
            text = "/sbin/init: line 3: /usr/lib/leapp/run: cannot execute binary file\n"
            cs["restartCount"] = 7
            cs["state"] = {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s"}}
            cs["lastState"] = {"terminated": {"exitCode": 126, "reason": "Error", "message": text,
                                              "startedAt": ts(7), "finishedAt": ts(7, 1), "containerID": "cri-o://m"}}
            ev("BackOff", "Back-off restarting failed container %s" % main, type_="Warning", count=20, field=fm,
               first=5, last=9)
            logs["%s/%s/%s/previous" % (ns, name, main)] = text.splitlines()
        elif kind == "config":
            st["phase"] = "Pending"
            cs["state"] = {"waiting": {"reason": "CreateContainerConfigError",
                                       "message": 'secret "%s-creds" not found' % main}}
            ev("Failed", 'Error: secret "%s-creds" not found' % main, type_="Warning", count=8, field=fm,
               first=3, last=9)
        elif kind == "mount":
            st["phase"] = "Pending"
            st["conditions"] = conds(initialized=False, ready=False)
            st["initContainerStatuses"] = [{"name": init, "ready": False, "restartCount": 0, "image": "busybox",
                                            "imageID": "", "state": {"waiting": {"reason": "PodInitializing"}}}]
            cs["state"] = {"waiting": {"reason": "PodInitializing"}}
            ev("FailedMount", 'MountVolume.SetUp failed for volume "%s-data" : nfs: server images.example.net '
               'not responding, timed out' % main, type_="Warning", count=7, first=2, last=9)
        elif kind == "unschedulable":
            st["phase"] = "Pending"
            msg = "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: " \
                  "3 No preemption victims found for incoming pod."
            st["conditions"] = conds(scheduled=False, reason="Unschedulable", message=msg)
            del st["initContainerStatuses"]
            del st["containerStatuses"]
            del pod["spec"]["nodeName"]
            events.pop()      # no Scheduled
            ev("FailedScheduling", msg, type_="Warning", count=15, first=1, last=9,
               component="default-scheduler")
    pod["status"] = st


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("fixture")
    ap.add_argument("expect")
    ap.add_argument("--namespace", default="fleet")
    ap.add_argument("--list")
    a = ap.parse_args()
    rnd = random.Random(a.n)
    ns = a.namespace
    items, events, logs, expect = [], [], {}, {}
    weights = [k[1] for k in KINDS]
    for i in range(a.n):
        kind, _, want = rnd.choices(KINDS, weights)[0]
        machine = "m%05d" % i
        owner = None
        name = "leapp-%s-pod" % machine
        if i % 2:      # run by a Deployment
            hash_ = "%08x" % rnd.getrandbits(32)
            dep, rs = "leapp-%s" % machine, "leapp-%s-%s" % (machine, hash_)
            name = "%s-%05x" % (rs, rnd.getrandbits(20))
            owner = (rs, "u-rs-%d" % i, hash_)
            items.append({"apiVersion": "apps/v1", "kind": "Deployment",
                          "metadata": {"name": dep, "namespace": ns, "uid": "u-dep-%d" % i,
                                       "creationTimestamp": ts(0)},
                          "spec": {"replicas": 1, "selector": {"matchLabels": {"name": "leapp-%s-label" % machine}},
                                   "template": {"metadata": {"labels": {"name": "leapp-%s-label" % machine}}}},
                          "status": {"replicas": 1}})
            items.append({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                          "metadata": {"name": rs, "namespace": ns, "uid": "u-rs-%d" % i, "creationTimestamp": ts(0),
                                       "labels": {"name": "leapp-%s-label" % machine, "pod-template-hash": hash_},
                                       "annotations": {"deployment.kubernetes.io/revision": "1"},
                                       "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                                                            "name": dep, "uid": "u-dep-%d" % i, "controller": True}]},
                          "spec": {"replicas": 1, "selector": {"matchLabels": {"pod-template-hash": hash_}}},
                          "status": {"replicas": 1}})
        pod = machine_pod(ns, name, "u-pod-%d" % i, machine, kind, owner)
        fill(pod, kind, events, logs)
        items.append(pod)
        expect["pod/" + name] = want
    # Deployments that cannot create their pod: only their ReplicaSet says why
    for j in range(max(1, a.n // 300)):
        dep, rs = "leapp-refused%d" % j, "leapp-refused%d-7f6d5c4b3" % j
        items.append({"apiVersion": "apps/v1", "kind": "Deployment",
                      "metadata": {"name": dep, "namespace": ns, "uid": "u-rdep-%d" % j, "creationTimestamp": ts(0)},
                      "spec": {"replicas": 1, "template": {"spec": {
                          "serviceAccountName": "default", "containers": [{"name": "m", "image": "x"}],
                          "volumes": [{"name": "data", "hostPath": {"path": "/srv/refused%d" % j}}]}}}})
        items.append({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                      "metadata": {"name": rs, "namespace": ns, "uid": "u-rrs-%d" % j, "creationTimestamp": ts(0),
                                   "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": dep,
                                                        "uid": "u-rdep-%d" % j, "controller": True}]},
                      "spec": {"replicas": 1}, "status": {"replicas": 0}})
        events.append({"apiVersion": "v1", "kind": "Event", "metadata": {"name": "%s.1" % rs, "namespace": ns},
                       "involvedObject": {"kind": "ReplicaSet", "namespace": ns, "name": rs, "uid": "u-rrs-%d" % j,
                                          "apiVersion": "apps/v1"},
                       "reason": "FailedCreate", "type": "Warning", "count": 14, "firstTimestamp": ts(1),
                       "lastTimestamp": ts(9), "source": {"component": "replicaset-controller"},
                       "message": 'Error creating: pods "%s-" is forbidden: unable to validate against any security '
                                  'context constraint: [spec.volumes[0]: Invalid value: "hostPath": hostPath volumes '
                                  'are not allowed to be used]' % rs})
        expect["deployment/" + dep] = "SCCDenied"
    doc = {"now": NOW, "items": items + events, "logs": logs}
    with open(a.fixture, "w") as f:
        json.dump(doc, f)
    with open(a.expect, "w") as f:
        json.dump(expect, f, indent=0, sort_keys=True)
    if a.list:
        with open(a.list, "w") as f:
            json.dump({"apiVersion": "v1", "kind": "List", "items": items + events}, f)


if __name__ == "__main__":
    main()
