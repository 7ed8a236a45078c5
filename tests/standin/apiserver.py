#!/usr/bin/env python3
"""Stand-in Kubernetes API server for the oc-leapp tests.

Python 3 standard library only (plus the `openssl` command for the
certificates).  It speaks real TLS and HTTP/1.1 keep-alive, answers enough of
the Kubernetes API for kubectl (discovery, get/list with server-side tables,
pod logs) and lets tests inject faults.  See README.md next to this file.

    python3 apiserver.py --dir STATEDIR [--port 0] [--bind 127.0.0.1]
                         [--latency-ms N] [--fixtures FILE ...]
                         [--fault PATHREGEX=KIND[:ARG] ...]
"""

import argparse
import base64
import calendar
import collections
import copy
import datetime
import fcntl
import gzip
import http.server
import json
import os
import re
import secrets
import select
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid

GIT_VERSION = "v1.32.4-standin"
VERSION_INFO = {
    "major": "1",
    "minor": "32",
    "gitVersion": GIT_VERSION,
    "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335",
    "gitTreeState": "clean",
    "buildDate": "2025-04-22T16:02:27Z",
    "goVersion": "go1.23.6",
    "compiler": "gc",
    "platform": "linux/amd64",
}

ADMIN_GROUPS = ["system:masters", "system:authenticated"]
STATIC_TOKENS = {
    # token -> user name; the admin token is random and lives in STATEDIR/token
    "viewer-nolog": "viewer-nolog",
    "forbidden": "forbidden",
}
GZIP_THRESHOLD = 128 * 1024          # kube-apiserver's default compression threshold
LOG_TS_WIDTH = len("2006-01-02T15:04:05.000000007Z ")

# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

TS_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?Z$")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def fmt_time(t, frac_digits=0):
    t = t.astimezone(datetime.timezone.utc)
    base = t.strftime("%Y-%m-%dT%H:%M:%S")
    if frac_digits:
        us = "%06d" % t.microsecond
        frac = (us + "000")[:frac_digits]
        return "%s.%sZ" % (base, frac)
    return base + "Z"


def parse_time(s):
    """Parse an RFC 3339 UTC timestamp as the API writes it; None if not one."""
    if not isinstance(s, str):
        return None
    m = TS_RE.match(s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(x) for x in m.groups()[:6])
    frac = m.group(7)
    us = int((frac[1:] + "000000")[:6]) if frac else 0
    try:
        return datetime.datetime(y, mo, d, h, mi, se, us, tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def human_duration(seconds):
    """k8s.io/apimachinery/pkg/util/duration.HumanDuration."""
    s = int(seconds)
    if s < -1:
        return "<invalid>"
    if s < 0:
        return "0s"
    if s < 120:
        return "%ds" % s
    minutes = s // 60
    if minutes < 10:
        r = s % 60
        return "%dm" % minutes if r == 0 else "%dm%ds" % (minutes, r)
    if minutes < 180:
        return "%dm" % minutes
    hours = s // 3600
    if hours < 8:
        r = minutes % 60
        return "%dh" % hours if r == 0 else "%dh%dm" % (hours, r)
    if hours < 48:
        return "%dh" % hours
    if hours < 24 * 8:
        r = hours % 24
        return "%dd" % (hours // 24) if r == 0 else "%dd%dh" % (hours // 24, r)
    if hours < 24 * 365 * 2:
        return "%dd" % (hours // 24)
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return "%dy" % (hours // 24 // 365) if dy == 0 else "%dy%dd" % (hours // 24 // 365, dy)
    return "%dy" % (hours // 24 // 365)


def since(ts):
    """translateTimestampSince: '<unknown>' for a missing timestamp."""
    t = parse_time(ts)
    if t is None:
        return "<unknown>"
    return human_duration((utcnow() - t).total_seconds())


def dig(obj, dotted, default=None):
    cur = obj
    for part in dotted.split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            return default
    return cur


def to_json(obj, pretty=False):
    """Serialise like Go's encoding/json: UTF-8, HTML-safe escapes, trailing newline."""
    if pretty:
        text = json.dumps(obj, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return (text + "\n").encode("utf-8")


def is_loopback(host):
    return host == "::1" or host.startswith("127.") or host.startswith("::ffff:127.")


# ---------------------------------------------------------------------------
# Status objects
# ---------------------------------------------------------------------------

REASONS = {
    400: ("BadRequest", "the server rejected our request for an unknown reason"),
    401: ("Unauthorized", "Unauthorized"),
    403: ("Forbidden", "the server does not allow access to the requested resource"),
    404: ("NotFound", "the server could not find the requested resource"),
    405: ("MethodNotAllowed", "the server does not allow this method on the requested resource"),
    406: ("NotAcceptable", "the server was unable to respond with a content type that the client supports"),
    409: ("Conflict", "the server reported a conflict"),
    410: ("Expired", "the server could not find the requested resource"),
    413: ("RequestEntityTooLarge", "the server has rejected the request because it is too large"),
    415: ("UnsupportedMediaType", "the server was unable to respond with a content type that the client supports"),
    422: ("Invalid", "the server rejected our request due to an error in our request"),
    429: ("TooManyRequests", "the server has received too many requests and has asked us to try again later"),
    500: ("InternalError", "an error on the server (\"unknown\") has prevented the request from succeeding"),
    502: ("InternalError", "an error on the server (\"Bad Gateway\") has prevented the request from succeeding"),
    503: ("ServiceUnavailable", "the server is currently unable to handle the request"),
    504: ("Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
}


class ApiError(Exception):
    def __init__(self, code, reason, message, details=None, headers=None):
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.headers = headers or []

    def status(self):
        st = collections.OrderedDict()
        st["kind"] = "Status"
        st["apiVersion"] = "v1"
        st["metadata"] = {}
        st["status"] = "Failure"
        st["message"] = self.message
        if self.reason:
            st["reason"] = self.reason
        if self.details is not None:
            st["details"] = self.details
        st["code"] = self.code
        return st


def err_generic(code, message=None):
    reason, default = REASONS.get(code, ("", "unknown"))
    details = None
    headers = []
    if code == 429:
        details = {"retryAfterSeconds": 1}
        headers = [("Retry-After", "1")]
    if code == 500 and message is None:
        details = {"causes": [{"message": "stand-in injected fault"}]}
        message = "Internal error occurred: stand-in injected fault"
    return ApiError(code, reason, message or default, details, headers)


def err_not_found(rd, name):
    details = {"name": name}
    if rd.group:
        details["group"] = rd.group
    details["kind"] = rd.name
    return ApiError(404, "NotFound", "%s %s not found" % (rd.qualified, json.dumps(name)), details)


def err_path_not_found():
    return ApiError(404, "NotFound", "the server could not find the requested resource", {})


def err_bad_request(message):
    return ApiError(400, "BadRequest", message)


def err_unauthorized():
    return ApiError(401, "Unauthorized", "Unauthorized")


def err_forbidden(user, verb, rd, sub, ns, name):
    resource = rd.name + ("/" + sub if sub else "")
    if ns:
        why = 'User "%s" cannot %s resource "%s" in API group "%s" in the namespace "%s"' % (
            user, verb, resource, rd.group, ns)
    else:
        why = 'User "%s" cannot %s resource "%s" in API group "%s" at the cluster scope' % (
            user, verb, resource, rd.group)
    if name:
        msg = "%s %s is forbidden: %s" % (rd.qualified, json.dumps(name), why)
    else:
        msg = "%s is forbidden: %s" % (rd.qualified, why)
    details = {}
    if name:
        details["name"] = name
    if rd.group:
        details["group"] = rd.group
    details["kind"] = rd.name
    return ApiError(403, "Forbidden", msg, details)


# ---------------------------------------------------------------------------
# Resource registry
# ---------------------------------------------------------------------------

VERBS_FULL = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]
VERBS_NODC = ["create", "delete", "get", "list", "patch", "update", "watch"]


class ResDef:
    def __init__(self, group, version, name, kind, namespaced, singular, short=(),
                 categories=(), verbs=VERBS_FULL, subresources=(), fields=()):
        self.group = group
        self.version = version
        self.name = name
        self.kind = kind
        self.namespaced = namespaced
        self.singular = singular
        self.short = list(short)
        self.categories = list(categories)
        self.verbs = list(verbs)
        self.subresources = list(subresources)   # (name, kind, verbs)
        self.fields = set(fields) | {"metadata.name"} | ({"metadata.namespace"} if namespaced else set())

    @property
    def api_version(self):
        return "%s/%s" % (self.group, self.version) if self.group else self.version

    @property
    def qualified(self):
        return "%s.%s" % (self.name, self.group) if self.group else self.name


POD_FIELDS = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
              "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"]
EVENT_FIELDS = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"]

RESOURCES = [
    ResDef("", "v1", "namespaces", "Namespace", False, "namespace", ["ns"], verbs=VERBS_NODC,
           subresources=[("status", "Namespace", ["get", "patch", "update"])], fields=["status.phase"]),
    ResDef("", "v1", "nodes", "Node", False, "node", ["no"],
           subresources=[("status", "Node", ["get", "patch", "update"])], fields=["spec.unschedulable"]),
    ResDef("", "v1", "pods", "Pod", True, "pod", ["po"], ["all"],
           subresources=[("log", "Pod", ["get"]), ("status", "Pod", ["get", "patch", "update"])],
           fields=POD_FIELDS),
    ResDef("", "v1", "events", "Event", True, "event", ["ev"], fields=EVENT_FIELDS),
    ResDef("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", True, "persistentvolumeclaim",
           ["pvc"], subresources=[("status", "PersistentVolumeClaim", ["get", "patch", "update"])]),
    ResDef("", "v1", "persistentvolumes", "PersistentVolume", False, "persistentvolume", ["pv"],
           subresources=[("status", "PersistentVolume", ["get", "patch", "update"])]),
    ResDef("", "v1", "services", "Service", True, "service", ["svc"], ["all"], verbs=VERBS_NODC,
           subresources=[("status", "Service", ["get", "patch", "update"])]),
    ResDef("apps", "v1", "deployments", "Deployment", True, "deployment", ["deploy"], ["all"],
           subresources=[("status", "Deployment", ["get", "patch", "update"])]),
    ResDef("apps", "v1", "replicasets", "ReplicaSet", True, "replicaset", ["rs"], ["all"],
           subresources=[("status", "ReplicaSet", ["get", "patch", "update"])], fields=["status.replicas"]),
    ResDef("apps", "v1", "statefulsets", "StatefulSet", True, "statefulset", ["sts"], ["all"],
           subresources=[("status", "StatefulSet", ["get", "patch", "update"])]),
    ResDef("apps", "v1", "daemonsets", "DaemonSet", True, "daemonset", ["ds"], ["all"],
           subresources=[("status", "DaemonSet", ["get", "patch", "update"])]),
    ResDef("", "v1", "replicationcontrollers", "ReplicationController", True, "replicationcontroller", ["rc"],
           ["all"], subresources=[("status", "ReplicationController", ["get", "patch", "update"])],
           fields=["status.replicas"]),
    ResDef("batch", "v1", "jobs", "Job", True, "job", [], ["all"],
           subresources=[("status", "Job", ["get", "patch", "update"])], fields=["status.successful"]),
    ResDef("batch", "v1", "cronjobs", "CronJob", True, "cronjob", ["cj"], ["all"],
           subresources=[("status", "CronJob", ["get", "patch", "update"])]),
]
BY_GROUP_RESOURCE = {(r.group, r.name): r for r in RESOURCES}
BY_GROUP_KIND = {(r.group, r.kind): r for r in RESOURCES}
GROUP_VERSIONS = collections.OrderedDict()   # group -> version
for _r in RESOURCES:
    GROUP_VERSIONS.setdefault(_r.group, _r.version)


def resdef_for_object(obj):
    api_version = obj.get("apiVersion", "")
    kind = obj.get("kind", "")
    group = api_version.split("/", 1)[0] if "/" in api_version else ""
    return BY_GROUP_KIND.get((group, kind))


# ---------------------------------------------------------------------------
# Server-side printing (meta.k8s.io Table), after kubernetes pkg/printers
# ---------------------------------------------------------------------------

def col(name, typ="string", priority=0, fmt="", desc=""):
    return {"name": name, "type": typ, "format": fmt, "description": desc or name, "priority": priority}


NAME_COL = col("Name", fmt="name", desc="Name must be unique within a namespace.")
AGE_COL = col("Age", desc="CreationTimestamp is a timestamp representing the server time when this object was created.")


def access_modes(modes):
    modes = modes or []
    out = []
    for full, short in (("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"),
                        ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")):
        if full in modes:
            out.append(short)
    return ",".join(out)


def selector_string(sel):
    if not sel:
        return "<none>"
    parts = []
    for k, v in sorted((sel.get("matchLabels") or {}).items()):
        parts.append("%s=%s" % (k, v))
    for e in sel.get("matchExpressions") or []:
        op = e.get("operator")
        vals = ",".join(sorted(e.get("values") or []))
        if op == "In":
            parts.append("%s in (%s)" % (e["key"], vals))
        elif op == "NotIn":
            parts.append("%s notin (%s)" % (e["key"], vals))
        elif op == "Exists":
            parts.append(e["key"])
        elif op == "DoesNotExist":
            parts.append("!" + e["key"])
    return ",".join(parts) if parts else "<none>"


def containers_cells(podspec):
    cs = (podspec or {}).get("containers") or []
    return ",".join(c.get("name", "") for c in cs), ",".join(c.get("image", "") for c in cs)


def is_restartable_init(c):
    return bool(c) and c.get("restartPolicy") == "Always"


def print_pod(pod):
    spec = pod.get("spec") or {}
    status = pod.get("status") or {}
    meta = pod.get("metadata") or {}
    restarts = 0
    ri_restarts = 0
    total = len(spec.get("containers") or [])
    ready = 0
    last_restart = None
    last_ri_restart = None
    phase = status.get("phase", "")
    reason = status.get("reason") or phase
    for cond in status.get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"
    inits = {c.get("name"): c for c in spec.get("initContainers") or []}
    for c in inits.values():
        if is_restartable_init(c):
            total += 1

    def later(a, b):
        ta, tb = parse_time(a), parse_time(b)
        if tb is None:
            return a
        if ta is None or tb > ta:
            return b
        return a

    initializing = False
    n_inits = len(spec.get("initContainers") or [])
    for i, cs in enumerate(status.get("initContainerStatuses") or []):
        restarts += int(cs.get("restartCount") or 0)
        lt = (cs.get("lastState") or {}).get("terminated")
        if lt:
            last_restart = later(last_restart, lt.get("finishedAt"))
        if is_restartable_init(inits.get(cs.get("name"))):
            ri_restarts += int(cs.get("restartCount") or 0)
            if lt:
                last_ri_restart = later(last_ri_restart, lt.get("finishedAt"))
        state = cs.get("state") or {}
        term = state.get("terminated")
        wait = state.get("waiting")
        if term is not None and int(term.get("exitCode") or 0) == 0:
            continue
        if is_restartable_init(inits.get(cs.get("name"))) and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term is not None:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = "Init:Signal:%d" % term["signal"]
                else:
                    reason = "Init:ExitCode:%d" % int(term.get("exitCode") or 0)
            else:
                reason = "Init:" + term["reason"]
            initializing = True
        elif wait is not None and wait.get("reason") and wait.get("reason") != "PodInitializing":
            reason = "Init:" + wait["reason"]
            initializing = True
        else:
            reason = "Init:%d/%d" % (i, n_inits)
            initializing = True
        break

    initialized = any(c.get("type") == "Initialized" and c.get("status") == "True"
                      for c in status.get("conditions") or [])
    if not initializing or initialized:
        restarts = ri_restarts
        last_restart = last_ri_restart
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += int(cs.get("restartCount") or 0)
            lt = (cs.get("lastState") or {}).get("terminated")
            if lt:
                last_restart = later(last_restart, lt.get("finishedAt"))
            state = cs.get("state") or {}
            wait, term, run = state.get("waiting"), state.get("terminated"), state.get("running")
            if wait is not None and wait.get("reason"):
                reason = wait["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                if term.get("signal"):
                    reason = "Signal:%d" % term["signal"]
                else:
                    reason = "ExitCode:%d" % int(term.get("exitCode") or 0)
            elif cs.get("ready") and run is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            ready_cond = any(c.get("type") == "Ready" and c.get("status") == "True"
                             for c in status.get("conditions") or [])
            reason = "Running" if ready_cond else "NotReady"

    if meta.get("deletionTimestamp") and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta.get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_str = str(restarts)
    if restarts and parse_time(last_restart):
        restarts_str = "%d (%s ago)" % (restarts, since(last_restart))
    ips = status.get("podIPs") or []
    pod_ip = ips[0].get("ip") if ips else status.get("podIP")
    gates = spec.get("readinessGates") or []
    if gates:
        true_types = {c.get("type") for c in status.get("conditions") or [] if c.get("status") == "True"}
        n_true = sum(1 for g in gates if g.get("conditionType") in true_types)
        gates_str = "%d/%d" % (n_true, len(gates))
    else:
        gates_str = "<none>"
    cells = [meta.get("name", ""), "%d/%d" % (ready, total), reason, restarts_str,
             since(meta.get("creationTimestamp")),
             pod_ip or "<none>", spec.get("nodeName") or "<none>",
             status.get("nominatedNodeName") or "<none>", gates_str]
    conditions = None
    if phase == "Succeeded":
        conditions = [{"type": "Completed", "status": "True", "reason": "Succeeded",
                       "message": "The pod has completed successfully."}]
    elif phase == "Failed":
        conditions = [{"type": "Completed", "status": "True", "reason": "Failed",
                       "message": "The pod failed."}]
    return cells, conditions


POD_COLS = [NAME_COL,
            col("Ready", desc="The aggregate readiness state of this pod for accepting traffic."),
            col("Status", desc="The aggregate status of the containers in this pod."),
            col("Restarts", desc="The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            AGE_COL,
            col("IP", priority=1, desc="IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            col("Node", priority=1, desc="NodeName indicates in which node this pod is scheduled."),
            col("Nominated Node", priority=1, desc="nominatedNodeName is set only when this pod preempts other pods on the node."),
            col("Readiness Gates", priority=1, desc="If specified, all readiness gates will be evaluated for pod readiness.")]


def event_source(ev):
    src = ev.get("source") or {}
    comp = src.get("component") or ev.get("reportingComponent") or ev.get("reportingController") or ""
    inst = src.get("host") or ev.get("reportingInstance") or ""
    if not comp:
        return "<unknown>"
    return comp + (", " + inst if inst else "")


def print_event(ev):
    first = since(ev.get("firstTimestamp"))
    if not parse_time(ev.get("firstTimestamp")):
        first = since(ev.get("eventTime"))
    last = since(ev.get("lastTimestamp"))
    if not parse_time(ev.get("lastTimestamp")):
        last = first
    count = ev.get("count") or 0
    series = ev.get("series")
    if series:
        last = since(series.get("lastObservedTime"))
        count = series.get("count") or 0
    elif not count:
        count = 1
    io = ev.get("involvedObject") or {}
    kind = (io.get("kind") or "").lower()
    target = "%s/%s" % (kind, io["name"]) if io.get("name") else kind
    cells = [last, ev.get("type", ""), ev.get("reason", ""), target, io.get("fieldPath", ""),
             event_source(ev), (ev.get("message") or "").strip(), first, int(count),
             (ev.get("metadata") or {}).get("name", "")]
    return cells, None


EVENT_COLS = [col("Last Seen", desc="The time at which the most recent occurrence of this event was recorded."),
              col("Type", desc="Type of this event (Normal, Warning), new types could be added in the future"),
              col("Reason", desc="This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
              col("Object", desc="The object that this event is about."),
              col("Subobject", priority=1, desc="If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement."),
              col("Source", priority=1, desc="The component reporting this event. Should be a short machine understandable string."),
              col("Message", desc="A human-readable description of the status of this operation."),
              col("First Seen", priority=1, desc="The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
              col("Count", priority=1, desc="The number of times this event has occurred."),
              col("Name", priority=1, fmt="name", desc="Name must be unique within a namespace.")]


def print_pvc(o):
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    meta = o.get("metadata") or {}
    phase = st.get("phase", "")
    if meta.get("deletionTimestamp"):
        phase = "Terminating"
    capacity = ""
    modes = ""
    if spec.get("volumeName"):
        modes = access_modes(st.get("accessModes"))
        capacity = str((st.get("capacity") or {}).get("storage", ""))
    sc = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class") or spec.get("storageClassName") or ""
    vac = spec.get("volumeAttributesClassName") or "<unset>"
    return [meta.get("name", ""), phase, spec.get("volumeName", ""), capacity, modes, sc, vac,
            since(meta.get("creationTimestamp")), spec.get("volumeMode") or "<unset>"], None


PVC_COLS = [NAME_COL, col("Status"), col("Volume"), col("Capacity"), col("Access Modes"),
            col("StorageClass"), col("VolumeAttributesClass"), AGE_COL, col("VolumeMode", priority=1)]


def print_pv(o):
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    meta = o.get("metadata") or {}
    claim = ""
    if spec.get("claimRef"):
        claim = "%s/%s" % (spec["claimRef"].get("namespace", ""), spec["claimRef"].get("name", ""))
    phase = st.get("phase", "")
    if meta.get("deletionTimestamp"):
        phase = "Terminating"
    sc = (meta.get("annotations") or {}).get("volume.beta.kubernetes.io/storage-class") or spec.get("storageClassName") or ""
    return [meta.get("name", ""), str((spec.get("capacity") or {}).get("storage", "")),
            access_modes(spec.get("accessModes")), spec.get("persistentVolumeReclaimPolicy", ""),
            phase, claim, sc, spec.get("volumeAttributesClassName") or "<unset>", st.get("reason", ""),
            since(meta.get("creationTimestamp")), spec.get("volumeMode") or "<unset>"], None


PV_COLS = [NAME_COL, col("Capacity"), col("Access Modes"), col("Reclaim Policy"), col("Status"),
           col("Claim"), col("StorageClass"), col("VolumeAttributesClass"), col("Reason"), AGE_COL,
           col("VolumeMode", priority=1)]


def print_namespace(o):
    meta = o.get("metadata") or {}
    return [meta.get("name", ""), (o.get("status") or {}).get("phase", ""),
            since(meta.get("creationTimestamp"))], None


NS_COLS = [NAME_COL, col("Status", desc="The status of the namespace"), AGE_COL]


def print_deployment(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    desired = spec.get("replicas", 1)
    names, images = containers_cells(dig(spec, "template.spec"))
    return [meta.get("name", ""), "%d/%d" % (st.get("readyReplicas", 0), desired),
            int(st.get("updatedReplicas", 0)), int(st.get("availableReplicas", 0)),
            since(meta.get("creationTimestamp")), names, images,
            selector_string(spec.get("selector"))], None


DEPLOY_COLS = [NAME_COL, col("Ready", desc="Number of the pod with ready state"),
               col("Up-to-date", "integer", desc="Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
               col("Available", "integer", desc="Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
               AGE_COL, col("Containers", priority=1, desc="Names of each container in the template."),
               col("Images", priority=1, desc="Images referenced by each container in the template."),
               col("Selector", priority=1, desc="Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.")]


def print_replicaset(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    names, images = containers_cells(dig(spec, "template.spec"))
    return [meta.get("name", ""), int(spec.get("replicas", 1)), int(st.get("replicas", 0)),
            int(st.get("readyReplicas", 0)), since(meta.get("creationTimestamp")),
            names, images, selector_string(spec.get("selector"))], None


RS_COLS = [NAME_COL, col("Desired", "integer", desc="Replicas is the number of desired replicas."),
           col("Current", "integer", desc="Replicas is the most recently observed number of replicas."),
           col("Ready", "integer", desc="The number of ready replicas for this replica set."),
           AGE_COL, col("Containers", priority=1, desc="Names of each container in the template."),
           col("Images", priority=1, desc="Images referenced by each container in the template."),
           col("Selector", priority=1, desc="Selector is a label query over pods that should match the replica count.")]


def print_statefulset(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    names, images = containers_cells(dig(spec, "template.spec"))
    return [meta.get("name", ""), "%d/%d" % (st.get("readyReplicas", 0), spec.get("replicas", 1)),
            since(meta.get("creationTimestamp")), names, images], None


STS_COLS = [NAME_COL, col("Ready", desc="Number of the pod with ready state"), AGE_COL,
            col("Containers", priority=1, desc="Names of each container in the template."),
            col("Images", priority=1, desc="Images referenced by each container in the template.")]


def print_daemonset(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    names, images = containers_cells(dig(spec, "template.spec"))
    sel = dig(spec, "template.spec.nodeSelector") or {}
    return [meta.get("name", ""), int(st.get("desiredNumberScheduled", 0)), int(st.get("currentNumberScheduled", 0)),
            int(st.get("numberReady", 0)), int(st.get("updatedNumberScheduled", 0)),
            int(st.get("numberAvailable", 0)),
            ",".join("%s=%s" % kv for kv in sorted(sel.items())) or "<none>",
            since(meta.get("creationTimestamp")), names, images, selector_string(spec.get("selector"))], None


DS_COLS = [NAME_COL, col("Desired", "integer", desc="The total number of nodes that should be running the daemon pod."),
           col("Current", "integer", desc="The number of nodes that are running at least 1 daemon pod."),
           col("Ready", "integer", desc="numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
           col("Up-to-date", "integer", desc="The total number of nodes that are running updated daemon pod"),
           col("Available", "integer", desc="The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
           col("Node Selector", desc="NodeSelector is a selector which must be true for the pod to fit on a node."),
           AGE_COL, col("Containers", priority=1, desc="Names of each container in the template."),
           col("Images", priority=1, desc="Images referenced by each container in the template."),
           col("Selector", priority=1, desc="A label query over pods that are managed by the daemon set.")]


def print_job(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    conds = {c.get("type"): c.get("status") for c in st.get("conditions") or []}
    status = "Running"
    if conds.get("Complete") == "True":
        status = "Complete"
    elif conds.get("Failed") == "True":
        status = "Failed"
    elif conds.get("Suspended") == "True":
        status = "Suspended"
    completions = "%d/%d" % (st.get("succeeded", 0), spec.get("completions", 1))
    names, images = containers_cells(dig(spec, "template.spec"))
    start, end = parse_time(st.get("startTime")), parse_time(st.get("completionTime"))
    duration = human_duration(((end or utcnow()) - start).total_seconds()) if start else ""
    return [meta.get("name", ""), status, completions, duration, since(meta.get("creationTimestamp")),
            names, images, selector_string(spec.get("selector"))], None


JOB_COLS = [NAME_COL, col("Status", desc="Status of the job."),
            col("Completions", desc="The desired number of successfully finished pods the job should be run with."),
            col("Duration", desc="Time required to complete the job."), AGE_COL,
            col("Containers", priority=1, desc="Names of each container in the template."),
            col("Images", priority=1, desc="Images referenced by each container in the template."),
            col("Selector", priority=1, desc="A label query over pods that should match the pod count.")]


def print_cronjob(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    names, images = containers_cells(dig(spec, "jobTemplate.spec.template.spec"))
    last = st.get("lastScheduleTime")
    return [meta.get("name", ""), spec.get("schedule", ""), spec.get("timeZone") or "<none>",
            "True" if spec.get("suspend") else "False", len(st.get("active") or []),
            since(last) if last else "<none>", since(meta.get("creationTimestamp")), names, images,
            selector_string(dig(spec, "jobTemplate.spec.selector"))], None


CRONJOB_COLS = [NAME_COL, col("Schedule", desc="The schedule in Cron format."),
                col("Timezone", desc="The time zone name for the given schedule."),
                col("Suspend", "boolean", desc="This flag tells the controller to suspend subsequent executions."),
                col("Active", "integer", desc="A list of pointers to currently running jobs."),
                col("Last Schedule", desc="Information when was the last time the job was successfully scheduled."),
                AGE_COL, col("Containers", priority=1, desc="Names of each container in the template."),
                col("Images", priority=1, desc="Images referenced by each container in the template."),
                col("Selector", priority=1, desc="A label query over pods that should match the pod count.")]


def print_service(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    typ = spec.get("type") or "ClusterIP"
    cluster_ip = spec.get("clusterIP") or "<none>"
    ext = spec.get("externalIPs") or []
    if typ == "LoadBalancer":
        ing = [i.get("ip") or i.get("hostname") for i in dig(st, "loadBalancer.ingress") or []]
        ips = [x for x in ing if x] + ext
        external = ",".join(ips) if ips else "<pending>"
    elif typ == "ExternalName":
        external = spec.get("externalName") or "<none>"
    else:
        external = ",".join(ext) if ext else "<none>"
    ports = []
    for p in spec.get("ports") or []:
        proto = p.get("protocol", "TCP")
        if p.get("nodePort"):
            ports.append("%s:%s/%s" % (p.get("port"), p["nodePort"], proto))
        else:
            ports.append("%s/%s" % (p.get("port"), proto))
    sel = spec.get("selector") or {}
    sel_str = ",".join("%s=%s" % kv for kv in sorted(sel.items())) if sel else "<none>"
    return [meta.get("name", ""), typ, cluster_ip, external, ",".join(ports) if ports else "<none>",
            since(meta.get("creationTimestamp")), sel_str], None


SVC_COLS = [NAME_COL, col("Type"), col("Cluster-IP"), col("External-IP"), col("Port(s)"), AGE_COL,
            col("Selector", priority=1)]


def print_node(o):
    meta = o.get("metadata") or {}
    spec = o.get("spec") or {}
    st = o.get("status") or {}
    conds = {c.get("type"): c.get("status") for c in st.get("conditions") or []}
    status = "Ready" if conds.get("Ready") == "True" else ("NotReady" if "Ready" in conds else "Unknown")
    if spec.get("unschedulable"):
        status += ",SchedulingDisabled"
    roles = sorted(k.split("/", 1)[1] for k in (meta.get("labels") or {})
                   if k.startswith("node-role.kubernetes.io/") and k.split("/", 1)[1])
    addrs = st.get("addresses") or []
    internal = ",".join(a["address"] for a in addrs if a.get("type") == "InternalIP") or "<none>"
    external = ",".join(a["address"] for a in addrs if a.get("type") == "ExternalIP") or "<none>"
    ni = st.get("nodeInfo") or {}
    return [meta.get("name", ""), status, ",".join(roles) if roles else "<none>",
            since(meta.get("creationTimestamp")), ni.get("kubeletVersion", ""), internal, external,
            ni.get("osImage", "<unknown>"), ni.get("kernelVersion", "<unknown>"),
            ni.get("containerRuntimeVersion", "<unknown>")], None


NODE_COLS = [NAME_COL, col("Status"), col("Roles"), AGE_COL, col("Version"),
             col("Internal-IP", priority=1), col("External-IP", priority=1), col("OS-Image", priority=1),
             col("Kernel-Version", priority=1), col("Container-Runtime", priority=1)]

PRINTERS = {
    "Pod": (POD_COLS, print_pod),
    "Event": (EVENT_COLS, print_event),
    "PersistentVolumeClaim": (PVC_COLS, print_pvc),
    "PersistentVolume": (PV_COLS, print_pv),
    "Namespace": (NS_COLS, print_namespace),
    "Deployment": (DEPLOY_COLS, print_deployment),
    "ReplicaSet": (RS_COLS, print_replicaset),
    "ReplicationController": (RS_COLS, print_replicaset),
    "StatefulSet": (STS_COLS, print_statefulset),
    "DaemonSet": (DS_COLS, print_daemonset),
    "Job": (JOB_COLS, print_job),
    "CronJob": (CRONJOB_COLS, print_cronjob),
    "Service": (SVC_COLS, print_service),
    "Node": (NODE_COLS, print_node),
}


def print_default(o):
    meta = o.get("metadata") or {}
    return [meta.get("name", ""), meta.get("creationTimestamp")], None


DEFAULT_PRINTER = ([NAME_COL, col("Created At", "date", desc="CreationTimestamp")], print_default)


# ---------------------------------------------------------------------------
# Selectors
# ---------------------------------------------------------------------------

def split_top(s, sep=","):
    parts, depth, cur = [], 0, []
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


KEY = r"[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?"
VAL = r"[-A-Za-z0-9_.]*"


def parse_label_selector(text):
    """Return a predicate over a labels dict.  Raises ApiError on bad syntax."""
    reqs = []
    text = text.strip()
    if not text:
        return lambda labels: True
    for raw in split_top(text):
        r = raw.strip()
        m = re.fullmatch(r"(%s)\s*(==|=|!=)\s*(%s)" % (KEY, VAL), r)
        if m:
            k, op, v = m.group(1), m.group(3), m.group(4)
            if op == "!=":
                reqs.append(lambda L, k=k, v=v: L.get(k) != v)
            else:
                reqs.append(lambda L, k=k, v=v: k in L and L[k] == v)
            continue
        m = re.fullmatch(r"(%s)\s+(in|notin)\s*\(([^()]*)\)" % KEY, r)
        if m:
            k, op = m.group(1), m.group(3)
            vals = {x.strip() for x in m.group(4).split(",")}
            if op == "in":
                reqs.append(lambda L, k=k, vals=vals: k in L and L[k] in vals)
            else:
                reqs.append(lambda L, k=k, vals=vals: L.get(k) not in vals)
            continue
        m = re.fullmatch(r"(!?)\s*(%s)" % KEY, r)
        if m:
            neg, k = m.group(1), m.group(2)
            if neg:
                reqs.append(lambda L, k=k: k not in L)
            else:
                reqs.append(lambda L, k=k: k in L)
            continue
        m = re.fullmatch(r"(%s)\s*(<|>)\s*(-?\d+)" % KEY, r)
        if m:
            k, op, n = m.group(1), m.group(3), int(m.group(4))

            def cmp(L, k=k, op=op, n=n):
                try:
                    x = int(L[k])
                except (KeyError, ValueError):
                    return False
                return x < n if op == "<" else x > n
            reqs.append(cmp)
            continue
        raise err_bad_request("unable to parse requirement: found '%s', expected: identifier" % r)
    return lambda labels: all(f(labels or {}) for f in reqs)


def split_escaped(s, sep):
    parts, cur, esc = [], [], False
    for ch in s:
        if esc:
            cur.append(ch)
            esc = False
        elif ch == "\\":
            esc = True
        elif ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def field_value(obj, rd, field):
    if rd.kind == "Event" and field == "source":
        return dig(obj, "source.component", "") or ""
    if rd.kind == "Pod" and field == "status.podIPs":
        ips = dig(obj, "status.podIPs") or []
        return ips[0].get("ip", "") if ips else ""
    v = dig(obj, field)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        if field in ("spec.hostNetwork", "spec.unschedulable"):
            return "false"
        return ""
    return str(v)


def parse_field_selector(text, rd):
    terms = []
    text = text.strip()
    if not text:
        return lambda o: True
    for raw in split_escaped(text, ","):
        if not raw.strip():
            continue
        if "!=" in raw:
            k, v = raw.split("!=", 1)
            neg = True
        elif "==" in raw:
            k, v = raw.split("==", 1)
            neg = False
        elif "=" in raw:
            k, v = raw.split("=", 1)
            neg = False
        else:
            raise err_bad_request("invalid selector: '%s'; can't understand '%s'" % (text, raw))
        k = k.strip()
        if k not in rd.fields:
            raise err_bad_request("field label not supported: %s" % k)
        terms.append((k, v, neg))

    def pred(o):
        for k, v, neg in terms:
            actual = field_value(o, rd, k)
            if (actual == v) == neg:
                return False
        return True
    return pred


# ---------------------------------------------------------------------------
# Logs
# ---------------------------------------------------------------------------

class GenLog:
    """A log of `total` bytes made of `line` repeated; streamed, never built."""

    def __init__(self, total, line):
        self.total = int(total)
        self.record = line.encode("utf-8") + b"\n"


def split_lines(data):
    out, start = [], 0
    while start < len(data):
        i = data.find(b"\n", start)
        if i < 0:
            out.append(data[start:])
            break
        out.append(data[start:i + 1])
        start = i + 1
    return out


TS_SUFFIX = [(".%03d000007Z " % ms).encode() for ms in range(1000)]


def epoch_ms(t):
    return calendar.timegm(t.utctimetuple()) * 1000 + t.microsecond // 1000


def ts_prefix(base_ms, index):
    """Fixed-width RFC 3339 (nano) timestamp: base + index ms + 7 ns, never zero-trimmed."""
    sec, ms = divmod(base_ms + index, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)).encode() + TS_SUFFIX[ms]


def render_log(spec, tail, timestamps, limit, base):
    """Return (length, iterator of byte chunks)."""
    if isinstance(spec, GenLog):
        return render_genlog(spec, tail, timestamps, limit, base)
    lines = split_lines(spec)
    first = 0
    if tail is not None:
        first = max(0, len(lines) - tail)
        lines = lines[first:]
    if timestamps:
        lines = [ts_prefix(base, first + i) + ln for i, ln in enumerate(lines)]
    data = b"".join(lines)
    if limit is not None:
        data = data[:limit]
    return len(data), iter([data])


def render_genlog(g, tail, timestamps, limit, base):
    p = len(g.record)
    total = g.total
    nfull, rem = divmod(total, p)
    nlines = nfull + (1 if rem else 0)
    first = 0 if tail is None else max(0, nlines - tail)
    start = first * p
    body_len = total - start
    length = body_len + (LOG_TS_WIDTH * (nlines - first) if timestamps else 0)
    if limit is not None:
        length = min(length, limit)

    def plain():
        big = g.record * (262144 // p + 2)          # len(big) >= 262144 + p
        off, left = start, length
        while left > 0:
            phase = off % p
            n = min(left, 262144)
            yield big[phase:phase + n]
            off += n
            left -= n

    def stamped():
        left = length
        i = first
        while left > 0 and i < nlines:
            sec, ms = divmod(base + i, 1000)
            n = min(1000 - ms, nlines - i)          # lines left in this second
            head = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)).encode()
            full = min(n, max(0, nfull - i))
            block = b"".join([head + TS_SUFFIX[m] + g.record for m in range(ms, ms + full)])
            if full < n:                            # the partial last line
                block += head + TS_SUFFIX[ms + full] + g.record[:rem]
            if len(block) > left:
                block = block[:left]
            left -= len(block)
            i += n
            yield block

    return length, (stamped() if timestamps else plain())


# ---------------------------------------------------------------------------
# State: objects, logs, warnings, faults, stats
# ---------------------------------------------------------------------------

class FixtureError(Exception):
    pass


def shift_times(node, delta):
    if isinstance(node, dict):
        return {k: shift_times(v, delta) for k, v in node.items()}
    if isinstance(node, list):
        return [shift_times(v, delta) for v in node]
    if isinstance(node, str):
        m = TS_RE.match(node)
        t = parse_time(node) if m else None
        if t is not None:
            frac = m.group(7)
            return fmt_time(t + delta, len(frac) - 1 if frac else 0)
    return node


class Fault:
    KINDS = ("slow", "hang", "drop", "garbage", "truncated", "500", "html", "status", "body")

    def __init__(self, path, kind, arg=None, times=None):
        if ":" in kind and arg is None:
            kind, arg = kind.split(":", 1)
        if kind not in self.KINDS:
            raise ValueError("unknown fault kind %r (one of %s)" % (kind, ", ".join(self.KINDS)))
        if kind == "slow":
            arg = float(arg if arg is not None else 1)
        elif kind == "body":
            if not isinstance(arg, dict) or not isinstance(arg.get("code"), int) or not isinstance(arg.get("body"), str):
                raise ValueError('fault kind body wants arg {"code": N, "body": "text"}')
        elif kind == "status":
            if arg is None:
                raise ValueError("fault kind status needs a code: status:CODE")
            arg = int(arg)
            if not 100 <= arg <= 599:
                raise ValueError("bad status code %r" % arg)
        self.path = path
        self.regex = re.compile(path)
        self.kind = kind
        self.arg = arg
        self.times = None if times is None else int(times)
        if self.times is not None and self.times < 1:
            raise ValueError("times must be at least 1")
        self.hits = 0

    def describe(self):
        d = {"path": self.path, "kind": self.kind, "hits": self.hits}
        if self.arg is not None:
            d["arg"] = self.arg
        if self.times is not None:
            d["times"] = self.times
        return d

    @classmethod
    def from_cli(cls, text):
        if "=" not in text:
            raise ValueError("--fault wants PATHREGEX=KIND[:ARG], got %r" % text)
        path, spec = text.rsplit("=", 1)
        return cls(path, spec)


class State:
    def __init__(self, statedir, latency_ms=0, aggregated=True, gzip_on=True):
        self.dir = statedir
        self.lock = threading.RLock()
        self.objects = {}            # (group, resource, ns, name) -> object
        self.logs = {}               # "ns/pod/container[/previous]" -> bytes | GenLog
        self.warnings = []           # [(prefix, [header values])]
        self.faults = []
        self.rv = 1000
        self.start = utcnow().replace(microsecond=0)
        self.config = {"latency_ms": int(latency_ms), "aggregated_discovery": bool(aggregated),
                       "gzip": bool(gzip_on)}
        self.stopping = threading.Event()
        self.admin_token = None
        # stats
        self.next_conn = 0
        self.reset_stats()
        self.open_socks = set()
        self.log_lock = threading.Lock()
        self.reqlog = open(os.path.join(statedir, "requests.log"), "a", encoding="utf-8")

    # -- stats -------------------------------------------------------------
    def reset_stats(self):
        with self.lock:
            self.requests = 0
            self.by_path = collections.Counter()
            self.used_conns = set()
            self.accepted = 0
            self.handshake_failures = 0
            self.recent = collections.deque(maxlen=10000)

    def on_accept(self):
        with self.lock:
            self.next_conn += 1
            self.accepted += 1
            return self.next_conn

    def on_handshake_failure(self, cid, addr, exc):
        with self.lock:
            self.handshake_failures += 1
        self.write_log("conn=%d TLS handshake failed from %s: %s" % (cid, addr[0], exc))

    def on_api_request(self, cid, path):
        with self.lock:
            self.requests += 1
            self.by_path[path] += 1
            self.used_conns.add(cid)

    def stats(self):
        with self.lock:
            return {"requests": self.requests, "by_path": dict(self.by_path),
                    "connections": len(self.used_conns), "connections_total": self.accepted,
                    "open_connections": len(self.open_socks),
                    "handshake_failures": self.handshake_failures}

    def write_log(self, line):
        with self.log_lock:
            if not self.reqlog.closed:
                self.reqlog.write("%s %s\n" % (fmt_time(utcnow(), 3), line))
                self.reqlog.flush()

    def close(self):
        with self.log_lock:
            self.reqlog.close()

    # -- objects -----------------------------------------------------------
    def next_rv(self):
        self.rv += 1
        return str(self.rv)

    def load(self, doc, source="<fixture>", replace=False):
        """Load a fixture document (our format, a List, or one object)."""
        if isinstance(doc, list):
            doc = {"items": doc}
        if not isinstance(doc, dict):
            raise FixtureError("%s: a fixture must be a JSON object" % source)
        if "items" not in doc and "kind" in doc and "metadata" in doc:
            doc = {"items": [doc]}
        items = doc.get("items") or []
        if not isinstance(items, list):
            raise FixtureError("%s: items must be a list" % source)
        list_kind = doc.get("kind", "")
        default_kind = list_kind[:-4] if list_kind.endswith("List") and list_kind != "List" else None
        delta = None
        if doc.get("now") is not None:
            base = parse_time(doc["now"])
            if base is None:
                raise FixtureError("%s: now must be an RFC 3339 UTC time like 2025-01-01T00:00:00Z" % source)
            delta = self.start - base
        prepared = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise FixtureError("%s: items[%d] is not an object" % (source, i))
            item = copy.deepcopy(item)
            if default_kind and "kind" not in item:
                item["kind"] = default_kind
                item.setdefault("apiVersion", doc.get("apiVersion", "v1"))
            if delta is not None:
                item = shift_times(item, delta)
            rd = resdef_for_object(item)
            if rd is None:
                raise FixtureError("%s: items[%d]: unsupported apiVersion/kind %s/%s (supported: %s)" % (
                    source, i, item.get("apiVersion"), item.get("kind"),
                    ", ".join(sorted("%s %s" % (r.api_version, r.kind) for r in RESOURCES))))
            meta = item.setdefault("metadata", {})
            if not meta.get("name"):
                raise FixtureError("%s: items[%d] (%s) has no metadata.name" % (source, i, rd.kind))
            prepared.append((rd, item))
        logs = {}
        for key, val in (doc.get("logs") or {}).items():
            parts = key.split("/")
            if len(parts) not in (3, 4) or (len(parts) == 4 and parts[3] != "previous") or not all(parts[:3]):
                raise FixtureError("%s: bad log key %r (want NAMESPACE/POD/CONTAINER[/previous])" % (source, key))
            logs[key] = self._log_value(val, source, key)
        warnings = []
        for prefix, vals in (doc.get("warnings") or {}).items():
            if isinstance(vals, str):
                vals = [vals]
            if not prefix.startswith("/") or not all(isinstance(v, str) for v in vals):
                raise FixtureError("%s: warnings want {\"/path/prefix\": [\"299 - \\\"text\\\"\"]}" % source)
            warnings.append((prefix, list(vals)))
        with self.lock:
            if replace:
                self.objects.clear()
                self.logs.clear()
                self.warnings = []
            for rd, item in prepared:
                self._put(rd, item)
            self.logs.update(logs)
            for prefix, vals in warnings:
                self.warnings = [(p, v) for p, v in self.warnings if p != prefix] + [(prefix, vals)]
            self._ensure_namespaces()
            self._link_events()
        return len(prepared)

    def _log_value(self, val, source, key):
        if isinstance(val, str):
            return val.encode("utf-8")
        if isinstance(val, list) and all(isinstance(x, str) for x in val):
            return "".join(x + "\n" for x in val).encode("utf-8")
        if isinstance(val, dict) and isinstance(val.get("generate"), dict):
            g = val["generate"]
            line = g.get("line", "x" * 79)
            total = g.get("bytes")
            if not isinstance(total, int) or total < 0 or not isinstance(line, str) or not line or "\n" in line:
                raise FixtureError("%s: logs[%r].generate wants {\"bytes\": N >= 0, \"line\": \"one line\"}" % (source, key))
            return GenLog(total, line)
        if isinstance(val, dict) and isinstance(val.get("text"), str):
            return val["text"].encode("utf-8")
        raise FixtureError("%s: logs[%r] must be a string, a list of lines or {\"generate\": {...}}" % (source, key))

    def _put(self, rd, item):
        meta = item["metadata"]
        if rd.namespaced:
            meta.setdefault("namespace", "default")
        else:
            meta.pop("namespace", None)
        item["apiVersion"] = rd.api_version
        item["kind"] = rd.kind
        ns = meta.get("namespace", "")
        if not meta.get("uid"):
            meta["uid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "standin:%s/%s/%s/%s" % (
                rd.group, rd.name, ns, meta["name"])))
        if not meta.get("resourceVersion"):
            meta["resourceVersion"] = self.next_rv()
        elif str(meta["resourceVersion"]).isdigit():     # keep list RVs >= item RVs
            self.rv = max(self.rv, int(meta["resourceVersion"]))
        if not meta.get("creationTimestamp"):
            meta["creationTimestamp"] = fmt_time(self.start)
        self.objects[(rd.group, rd.name, ns, meta["name"])] = item

    def _ensure_namespaces(self):
        rd = BY_GROUP_RESOURCE[("", "namespaces")]
        needed = {k[2] for k in self.objects if k[2]}
        for ns in sorted(needed):
            if ("", "namespaces", "", ns) not in self.objects:
                self._put(rd, {"apiVersion": "v1", "kind": "Namespace",
                               "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
                               "spec": {"finalizers": ["kubernetes"]},
                               "status": {"phase": "Active"}})

    def _link_events(self):
        """Fill involvedObject.uid of events from the objects they name."""
        for (g, r, ns, name), ev in self.objects.items():
            if r != "events":
                continue
            io = ev.get("involvedObject")
            if not isinstance(io, dict) or io.get("uid") or not io.get("name"):
                continue
            api = io.get("apiVersion", "v1")
            group = api.split("/", 1)[0] if "/" in api else ""
            rd = BY_GROUP_KIND.get((group, io.get("kind")))
            if rd is None:
                continue
            target = self.objects.get((rd.group, rd.name, io.get("namespace", "") if rd.namespaced else "",
                                       io["name"]))
            if target:
                io["uid"] = target["metadata"]["uid"]

    def get(self, rd, ns, name):
        with self.lock:
            o = self.objects.get((rd.group, rd.name, ns or "", name))
            return copy.deepcopy(o) if o is not None else None

    def list(self, rd, ns, pred=None, start=None, limit=None):
        """The objects in (namespace, name) order, filtered by pred, from the
        key after start, at most limit of them: only those are copied, so a
        page of a big list costs a page. Returns (objects, rv, next start or
        None, how many more there are)."""
        with self.lock:
            refs = sorted((((key[2], key[3]), o) for key, o in self.objects.items()
                           if key[0] == rd.group and key[1] == rd.name and (ns is None or key[2] == ns)),
                          key=lambda ko: ko[0])
            rv = str(self.rv)
        picked, more, nxt = [], 0, None
        for k, o in refs:
            if start is not None and k <= start:
                continue
            if pred is not None and not pred(o):
                continue
            if limit is not None and len(picked) >= limit:
                more += 1
                continue
            picked.append((k, o))
        if more:
            nxt = picked[-1][0]
        with self.lock:
            out = [copy.deepcopy(o) for _, o in picked]
        return out, rv, nxt, more

    def warnings_for(self, path):
        with self.lock:
            out = []
            for prefix, vals in self.warnings:
                if path == prefix or path.startswith(prefix.rstrip("/") + "/") or path.startswith(prefix):
                    out.extend(vals)
            return out

    # -- faults ------------------------------------------------------------
    def set_faults(self, faults):
        with self.lock:
            self.faults = list(faults)

    def pick_fault(self, target):
        with self.lock:
            for f in self.faults:
                if f.regex.search(target):
                    f.hits += 1
                    if f.times is not None:
                        f.times -= 1
                        if f.times <= 0:
                            self.faults.remove(f)
                    return f
        return None


# ---------------------------------------------------------------------------
# Discovery documents
# ---------------------------------------------------------------------------

def legacy_resource_list(group):
    version = GROUP_VERSIONS[group]
    res = []
    for r in RESOURCES:
        if r.group != group:
            continue
        e = collections.OrderedDict()
        e["name"] = r.name
        e["singularName"] = r.singular
        e["namespaced"] = r.namespaced
        e["kind"] = r.kind
        e["verbs"] = r.verbs
        if r.short:
            e["shortNames"] = r.short
        if r.categories:
            e["categories"] = r.categories
        res.append(e)
        for sub, kind, verbs in r.subresources:
            res.append({"name": "%s/%s" % (r.name, sub), "singularName": "", "namespaced": r.namespaced,
                        "kind": kind, "verbs": verbs})
    gv = "%s/%s" % (group, version) if group else version
    return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": res}


def aggregated_discovery(core, dv):
    items = []
    for group, version in GROUP_VERSIONS.items():
        if (group == "") != core:
            continue
        resources = []
        for r in RESOURCES:
            if r.group != group:
                continue
            e = collections.OrderedDict()
            e["resource"] = r.name
            e["responseKind"] = {"group": r.group, "version": r.version, "kind": r.kind}
            e["scope"] = "Namespaced" if r.namespaced else "Cluster"
            e["singularResource"] = r.singular
            e["verbs"] = r.verbs
            if r.short:
                e["shortNames"] = r.short
            if r.categories:
                e["categories"] = r.categories
            subs = []
            for sub, kind, verbs in r.subresources:
                subs.append({"subresource": sub,
                             "responseKind": {"group": r.group, "version": r.version, "kind": kind},
                             "verbs": verbs})
            if subs:
                e["subresources"] = subs
            resources.append(e)
        meta = {"creationTimestamp": None}
        if group:
            meta = {"name": group, "creationTimestamp": None}
        items.append({"metadata": meta,
                      "versions": [{"version": version, "resources": resources, "freshness": "Current"}]})
    return {"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/%s" % dv,
            "metadata": {}, "items": items}


def api_group_list():
    groups = []
    for group, version in GROUP_VERSIONS.items():
        if not group:
            continue
        gv = {"groupVersion": "%s/%s" % (group, version), "version": version}
        groups.append({"name": group, "versions": [gv], "preferredVersion": gv})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


# ---------------------------------------------------------------------------
# Content negotiation
# ---------------------------------------------------------------------------

def parse_accept(accept):
    out = []
    for part in (accept or "").split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        params = {}
        for b in bits[1:]:
            if "=" in b:
                k, v = b.split("=", 1)
                params[k.strip().lower()] = v.strip().strip('"')
        out.append((bits[0].lower(), params))
    return out


def negotiate(accept, discovery=False, aggregated=True):
    """Return (kind, version) with kind in json/table/partial/aggregated, or None."""
    entries = parse_accept(accept)
    if not entries:
        return ("json", None)
    for mt, p in entries:
        if mt not in ("application/json", "application/*", "*/*"):
            continue
        as_ = p.get("as")
        if as_ is None:
            return ("json", None)
        g, v = p.get("g"), p.get("v")
        if discovery:
            if aggregated and as_ == "APIGroupDiscoveryList" and g == "apidiscovery.k8s.io" and v in ("v2", "v2beta1"):
                return ("aggregated", v)
            continue
        if as_ == "Table" and g == "meta.k8s.io" and v in ("v1", "v1beta1"):
            return ("table", v)
        if as_ in ("PartialObjectMetadata", "PartialObjectMetadataList") and g == "meta.k8s.io" and v in ("v1", "v1beta1"):
            return ("partial", v)
    return None


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------

class ClientGone(Exception):
    pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "standin"
    sys_version = ""

    def __init__(self, request, client_address, server, conn_id=0):
        self.conn_id = conn_id
        super().__init__(request, client_address, server)

    # quiet: we keep our own request log
    def log_message(self, fmt, *args):
        pass

    def send_response(self, code, message=None):
        self._status = code
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, TimeoutError, OSError, ClientGone):
            self.close_connection = True

    def finish(self):
        try:
            super().finish()
        except (ConnectionError, ssl.SSLError, OSError):
            pass

    @property
    def state(self):
        return self.server.state

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    def do_PATCH(self):
        self.dispatch("PATCH")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def do_HEAD(self):
        self.dispatch("HEAD")

    def do_OPTIONS(self):
        self.dispatch("OPTIONS")

    # -- request body --------------------------------------------------------
    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    raise ClientGone()
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while True:
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(chunks)
        n = int(self.headers.get("Content-Length") or 0)
        if n <= 0:
            return b""
        data = self.rfile.read(n)
        if len(data) < n:
            raise ClientGone()
        return data

    # -- writing ---------------------------------------------------------------
    def _start(self, status, ctype, length, extra=(), encoding=None):
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if not self.is_control:
            self.send_header("Audit-Id", str(uuid.uuid4()))
            self.send_header("Cache-Control", "no-cache, private")
            for w in self.warnings:
                self.send_header("Warning", w)
        for k, v in extra:
            self.send_header(k, v)
        if encoding:
            self.send_header("Content-Encoding", encoding)
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(length))
        if self.close_connection:
            self.send_header("Connection", "close")

    def send_bytes(self, status, body, ctype="application/json", extra=()):
        encoding = None
        if (ctype.startswith("application/json") and len(body) >= GZIP_THRESHOLD and self.state.config["gzip"]
                and "gzip" in (self.headers.get("Accept-Encoding") or "").lower()
                and not (self.fault and self.fault.kind == "truncated")):
            body = gzip.compress(body, 6)
            encoding = "gzip"
        if self.fault and self.fault.kind == "truncated":
            body = body[:len(body) // 2]
        if self.command == "HEAD":
            body_out = b""
        else:
            body_out = body
        self._start(status, ctype, len(body), extra, encoding)
        self._headers_buffer.append(b"\r\n")
        data = b"".join(self._headers_buffer) + body_out
        self._headers_buffer = []
        self.wfile.write(data)

    def send_json(self, status, obj, extra=(), ctype="application/json"):
        self.send_bytes(status, to_json(obj, self.pretty), ctype, extra)

    def send_error_status(self, e):
        self.send_json(e.code, e.status(), e.headers)

    def send_stream(self, status, ctype, length, chunks):
        if self.fault and self.fault.kind == "truncated":
            length //= 2
        self._start(status, ctype, length)
        self.end_headers()
        if self.command == "HEAD":
            return
        left = length
        for chunk in chunks:
            if left <= 0:
                break
            if len(chunk) > left:
                chunk = chunk[:left]
            self.wfile.write(chunk)
            left -= len(chunk)
            if self.state.stopping.is_set():
                self.close_connection = True
                return
        if left > 0:          # should not happen: keep framing honest
            self.close_connection = True

    # -- dispatch ------------------------------------------------------------
    def dispatch(self, method):
        t0 = time.monotonic()
        self._status = 0
        self.fault = None
        self.warnings = []
        self.user = None
        self.pretty = False
        url = urllib.parse.urlsplit(self.path)
        path = url.path or "/"
        self.query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        self.is_control = path == "/_control" or path.startswith("/_control/")
        try:
            body = self.read_body()
        except (ValueError, ClientGone):
            self.close_connection = True
            return
        note = ""
        try:
            if self.is_control:
                self.handle_control(method, path, body)
            else:
                self.state.on_api_request(self.conn_id, path)
                note = self.handle_api(method, path, url.query) or ""
        except ApiError as e:
            self.send_error_status(e)
        except (ConnectionError, ssl.SSLError, TimeoutError, BrokenPipeError, ClientGone):
            self.close_connection = True
            note = "client went away"
        except Exception:                       # a bug in the stand-in: say so, keep serving
            tb = traceback.format_exc()
            sys.stderr.write("standin: internal error on %s %s\n%s" % (method, self.path, tb))
            note = "internal error"
            if self._status == 0:
                try:
                    self.send_error_status(ApiError(500, "InternalError", "stand-in internal error: see server stderr"))
                except OSError:
                    self.close_connection = True
            else:
                self.close_connection = True
        ms = (time.monotonic() - t0) * 1000.0
        ua = self.headers.get("User-Agent", "")
        if not self.is_control:
            with self.state.lock:
                self.state.recent.append({
                    "method": method, "path": path, "query": url.query, "status": self._status,
                    "ms": round(ms, 1), "user": self.user or "", "userAgent": ua,
                    "accept": self.headers.get("Accept", ""), "connection": self.conn_id,
                    "impersonate": self.headers.get("Impersonate-User", ""),
                    "host": self.headers.get("Host", ""), "sni": getattr(self.connection, "sni", "")})
        self.state.write_log("conn=%d %s %s %s %.1fms user=%s%s" % (
            self.conn_id, method, self.path, self._status or "-", ms, self.user or "-",
            (" (" + note + ")") if note else ""))

    # -- control API -----------------------------------------------------------
    def handle_control(self, method, path, body):
        if not is_loopback(self.client_address[0]):
            raise err_path_not_found()
        st = self.state
        if path == "/_control/stats" and method == "GET":
            return self.send_json(200, st.stats())
        if path == "/_control/reset" and method == "POST":
            st.reset_stats()
            return self.send_json(200, {"ok": True})
        if path == "/_control/requests" and method == "GET":
            with st.lock:
                return self.send_json(200, {"items": list(st.recent)})
        if path == "/_control/faults":
            if method == "GET":
                with st.lock:
                    return self.send_json(200, [f.describe() for f in st.faults])
            if method == "DELETE":
                st.set_faults([])
                return self.send_json(200, [])
            if method == "POST":
                spec = self.json_body(body)
                if isinstance(spec, dict):
                    spec = [spec]
                if not isinstance(spec, list):
                    raise err_bad_request("want a JSON list of {path, kind, arg?, times?}")
                try:
                    faults = [Fault(f["path"], str(f["kind"]), f.get("arg"), f.get("times")) for f in spec]
                except (KeyError, TypeError, ValueError, re.error) as e:
                    raise err_bad_request("bad fault: %s" % e)
                st.set_faults(faults)
                return self.send_json(200, [f.describe() for f in faults])
        if path == "/_control/fixtures" and method == "POST":
            doc = self.json_body(body)
            replace = (self.query.get("replace") or ["false"])[0] in ("1", "true", "yes")
            try:
                n = st.load(doc, "POST /_control/fixtures", replace=replace)
            except FixtureError as e:
                raise err_bad_request(str(e))
            return self.send_json(200, {"loaded": n})
        if path == "/_control/config":
            if method == "POST":
                cfg = self.json_body(body)
                if not isinstance(cfg, dict):
                    raise err_bad_request("want a JSON object")
                with st.lock:
                    for k, v in cfg.items():
                        if k not in st.config:
                            raise err_bad_request("unknown config key %r (known: %s)" % (k, ", ".join(st.config)))
                        st.config[k] = type(st.config[k])(v)
            if method in ("GET", "POST"):
                with st.lock:
                    return self.send_json(200, dict(st.config))
        raise err_path_not_found()

    def json_body(self, body):
        try:
            return json.loads(body.decode("utf-8") or "null")
        except (UnicodeDecodeError, ValueError) as e:
            raise err_bad_request("request body is not JSON: %s" % e)

    # -- faults ------------------------------------------------------------------
    def apply_fault(self, f):
        """Return True when the fault answered (or dropped) the request."""
        st = self.state
        if f.kind == "slow":
            st.stopping.wait(f.arg)
            return False
        if f.kind == "hang":
            self.wait_until_gone()
            self.close_connection = True
            return True
        if f.kind == "drop":
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        if f.kind == "garbage":
            self.fault = None
            self.send_bytes(200, b"<<stand-in garbage>> \x00\xff{not json", "application/json")
            return True
        if f.kind == "500":
            self.fault = None
            self.send_error_status(err_generic(500))
            return True
        if f.kind == "html":
            self.fault = None
            body = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    b"</body>\r\n</html>\r\n")
            self.send_bytes(502, body, "text/html")
            return True
        if f.kind == "status":
            self.fault = None
            self.send_error_status(err_generic(f.arg))
            return True
        if f.kind == "body":
            self.fault = None
            self.send_bytes(f.arg["code"], f.arg["body"].encode("utf-8", "surrogatepass"), "application/json")
            return True
        return False       # truncated: handled when writing

    def wait_until_gone(self):
        sock = self.connection
        while not self.state.stopping.is_set():
            try:
                r, _, _ = select.select([sock], [], [], 0.1)
            except (OSError, ValueError):
                return
            if r:
                try:
                    data = sock.recv(4096)
                except ssl.SSLWantReadError:
                    continue
                except (OSError, ssl.SSLError):
                    return
                if not data:
                    return

    # -- API -------------------------------------------------------------------
    def authenticate(self):
        st = self.state
        cert = None
        try:
            cert = self.connection.getpeercert()
        except (ValueError, OSError):
            cert = None
        except AttributeError:                  # the client closed the TLS connection meanwhile
            raise ClientGone()
        if cert:
            cn, orgs = None, []
            for rdn in cert.get("subject", ()):
                for k, v in rdn:
                    if k == "commonName":
                        cn = v
                    elif k == "organizationName":
                        orgs.append(v)
            if cn:
                groups = orgs + ["system:authenticated"]
                if cn == "admin" or "system:masters" in orgs:
                    return cn, ADMIN_GROUPS if cn == "admin" else groups
                return cn, groups
        auth = self.headers.get("Authorization") or ""
        if auth[:7].lower() == "bearer ":
            tok = auth[7:].strip()
            if st.admin_token and secrets.compare_digest(tok.encode(), st.admin_token.encode()):
                return "admin", ADMIN_GROUPS
            if tok in STATIC_TOKENS:
                return STATIC_TOKENS[tok], ["system:authenticated"]
        return None

    def authorize(self, user, groups, verb, rd, sub, ns, name):
        if "system:masters" in groups:
            return
        if user == "viewer-nolog" and not (rd.name == "pods" and sub == "log"):
            return
        raise err_forbidden(user, verb, rd, sub, ns, name)

    def handle_api(self, method, path, raw_query):
        st = self.state
        with st.lock:
            latency = st.config["latency_ms"]
        self.warnings = st.warnings_for(path)
        ua = self.headers.get("User-Agent", "")
        self.pretty = (self.query.get("pretty") or [""])[0] in ("1", "true") or \
            ua.startswith("curl") or ua.startswith("Wget")
        target = path + ("?" + raw_query if raw_query else "")
        f = st.pick_fault(target)
        if latency > 0:
            st.stopping.wait(latency / 1000.0)
        if f is not None:
            self.fault = f
            if self.apply_fault(f):
                return "fault " + f.kind
        note = ("fault " + f.kind) if f else ""

        if path in ("/healthz", "/livez", "/readyz"):
            self.send_bytes(200, b"ok", "text/plain; charset=utf-8")
            return note
        who = self.authenticate()
        if who is None:
            raise err_unauthorized()
        self.user, groups = who
        as_user = self.headers.get("Impersonate-User")
        if as_user:                             # kubectl --as / --as-group
            if "system:masters" not in groups:
                raise ApiError(403, "Forbidden",
                               'users "%s" is forbidden: User "%s" cannot impersonate resource "users" in API group "" at the cluster scope'
                               % (as_user, self.user), {"name": as_user, "kind": "users"})
            groups = self.headers.get_all("Impersonate-Group") or []
            groups = list(groups) + ["system:authenticated"]
            self.user = as_user
        if method not in ("GET", "HEAD"):
            raise err_generic(405)

        accept = self.headers.get("Accept", "")
        segs = [s for s in path.split("/") if s]
        # discovery
        if path == "/version" or path == "/version/":
            return self.send_json(200, VERSION_INFO) or note
        if segs and segs[0] == "openapi":
            raise err_path_not_found()
        if segs == ["api"] or segs == ["apis"]:
            core = segs == ["api"]
            neg = negotiate(accept, discovery=True, aggregated=st.config["aggregated_discovery"])
            if neg and neg[0] == "aggregated":
                ctype = "application/json;g=apidiscovery.k8s.io;v=%s;as=APIGroupDiscoveryList" % neg[1]
                return self.send_json(200, aggregated_discovery(core, neg[1]), ctype=ctype) or note
            if core:
                host, port = self.server.server_address[:2]
                return self.send_json(200, {"kind": "APIVersions", "versions": ["v1"],
                                            "serverAddressByClientCIDRs": [
                                                {"clientCIDR": "0.0.0.0/0",
                                                 "serverAddress": "%s:%d" % (host, port)}]}) or note
            return self.send_json(200, api_group_list()) or note
        if len(segs) == 2 and segs[0] == "apis" and segs[1] in GROUP_VERSIONS:
            g = segs[1]
            gv = {"groupVersion": "%s/%s" % (g, GROUP_VERSIONS[g]), "version": GROUP_VERSIONS[g]}
            return self.send_json(200, {"kind": "APIGroup", "apiVersion": "v1", "name": g,
                                        "versions": [gv], "preferredVersion": gv}) or note
        if segs[:2] == ["api", "v1"]:
            group, rest = "", segs[2:]
        elif len(segs) >= 3 and segs[0] == "apis" and GROUP_VERSIONS.get(segs[1]) == segs[2] and segs[1]:
            group, rest = segs[1], segs[3:]
        else:
            raise err_path_not_found()
        if not rest:
            return self.send_json(200, legacy_resource_list(group)) or note
        self.serve_resource(group, rest, accept, groups)
        return note

    def serve_resource(self, group, rest, accept, groups):
        st = self.state
        ns = None
        if rest[0] == "namespaces" and len(rest) >= 3:
            ns, resource, tail = rest[1], rest[2], rest[3:]
        else:
            resource, tail = rest[0], rest[1:]
        rd = BY_GROUP_RESOURCE.get((group, resource))
        if rd is None or len(tail) > 2 or (ns is not None and not rd.namespaced):
            raise err_path_not_found()
        name = tail[0] if tail else None
        sub = tail[1] if len(tail) > 1 else None
        if rd.namespaced and ns is None and name is not None:
            raise err_path_not_found()
        if sub is not None and sub not in [s[0] for s in rd.subresources]:
            raise err_path_not_found()
        watch = (self.query.get("watch") or [""])[0] in ("1", "true")
        verb = "get" if name else ("watch" if watch else "list")
        self.authorize(self.user, groups, verb, rd, sub, ns, name)
        if watch:
            raise ApiError(405, "MethodNotAllowed", "the stand-in API server does not support watch")

        if sub == "log":
            return self.serve_log(rd, ns, name)

        neg = negotiate(accept)
        if neg is None:
            raise ApiError(406, "NotAcceptable",
                           "only the following media types are accepted: application/json")
        if name:
            obj = st.get(rd, ns, name)
            if obj is None:
                raise err_not_found(rd, name)
            if neg[0] == "table":
                return self.send_json(200, self.make_table(rd, [obj], st.rv, neg[1]))
            if neg[0] == "partial":
                return self.send_json(200, partial(obj, neg[1]))
            return self.send_json(200, obj)

        q = lambda k: (self.query.get(k) or [""])[0]
        label_pred = parse_label_selector(q("labelSelector"))
        field_pred = parse_field_selector(q("fieldSelector"), rd)
        limit = q("limit")
        if limit:
            try:
                limit = int(limit)
            except ValueError:
                raise err_bad_request('strconv.ParseInt: parsing "%s": invalid syntax' % limit)
        limit = limit if limit and limit > 0 else None
        start = decode_continue(q("continue"))
        objs, rv, nxt, more = st.list(rd, ns, lambda o: label_pred(o["metadata"].get("labels") or {}) and field_pred(o),
                                      start, limit)
        meta = {"resourceVersion": rv}
        if nxt is not None:
            meta["continue"] = encode_continue(nxt, rv)
            meta["remainingItemCount"] = more
        if neg[0] == "table":
            table = self.make_table(rd, objs, rv, neg[1])
            table["metadata"] = meta
            return self.send_json(200, table)
        if neg[0] == "partial":
            return self.send_json(200, {"kind": "PartialObjectMetadataList",
                                        "apiVersion": "meta.k8s.io/%s" % neg[1],
                                        "metadata": meta,
                                        "items": [partial(o, neg[1]) for o in objs]})
        for o in objs:
            o.pop("kind", None)
            o.pop("apiVersion", None)
        return self.send_json(200, {"kind": rd.kind + "List", "apiVersion": rd.api_version,
                                    "metadata": meta, "items": objs})

    def make_table(self, rd, objs, rv, tv):
        cols, fn = PRINTERS.get(rd.kind, DEFAULT_PRINTER)
        include = (self.query.get("includeObject") or ["Metadata"])[0]
        rows = []
        for o in objs:
            cells, conds = fn(o)
            row = {"cells": cells}
            if conds:
                row["conditions"] = conds
            if include == "Object":
                row["object"] = o
            elif include != "None":
                row["object"] = partial(o, "v1")
            rows.append(row)
        return {"kind": "Table", "apiVersion": "meta.k8s.io/%s" % tv,
                "metadata": {"resourceVersion": str(rv)}, "columnDefinitions": cols, "rows": rows}

    # -- logs ------------------------------------------------------------------
    def serve_log(self, rd, ns, name):
        st = self.state
        pod = st.get(rd, ns, name)
        if pod is None:
            raise err_not_found(rd, name)
        q = lambda k: (self.query.get(k) or [None])[0]
        spec = pod.get("spec") or {}
        mains = [c.get("name") for c in spec.get("containers") or []]
        inits = [c.get("name") for c in spec.get("initContainers") or []]
        ephs = [c.get("name") for c in spec.get("ephemeralContainers") or []]
        container = q("container") or ""

        def names(lst):
            return "[" + " ".join(lst) + "]"
        if not container:
            if len(mains) == 1:
                container = mains[0]
            elif not mains:
                raise err_bad_request("a container name must be specified for pod %s" % name)
            else:
                msg = "a container name must be specified for pod %s, choose one of: %s" % (name, names(mains))
                if inits:
                    msg += " or one of the init containers: %s" % names(inits)
                if ephs:
                    msg += " or one of the ephemeral containers: %s" % names(ephs)
                raise err_bad_request(msg)
        elif container not in mains + inits + ephs:
            raise err_bad_request("container %s is not valid for pod %s" % (container, name))

        def int_param(k, minimum):
            v = q(k)
            if v is None or v == "":
                return None
            try:
                n = int(v)
            except ValueError:
                raise err_bad_request('strconv.ParseInt: parsing "%s": invalid syntax' % v)
            if n < minimum:
                raise ApiError(422, "Invalid", 'PodLogOptions "%s" is invalid: %s: Invalid value: %d: must be greater than%s %d' % (
                    name, k, n, " or equal to" if minimum == 0 else "", 0),
                    {"name": name, "kind": "PodLogOptions",
                     "causes": [{"reason": "FieldValueInvalid",
                                 "message": "Invalid value: %d: must be greater than%s 0" % (n, " or equal to" if minimum == 0 else ""),
                                 "field": k}]})
            return n
        tail = int_param("tailLines", 0)
        limit = int_param("limitBytes", 1)
        previous = (q("previous") or "") in ("1", "true")
        timestamps = (q("timestamps") or "") in ("1", "true")

        if not spec.get("nodeName"):           # not scheduled: a null stream
            return self.send_bytes(200, b"", "text/plain")

        status = pod.get("status") or {}
        cs = None
        for key in ("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"):
            for c in status.get(key) or []:
                if c.get("name") == container:
                    cs = c
                    break
            if cs:
                break
        if cs is None:
            raise err_bad_request('container "%s" in pod "%s" is not available' % (container, name))
        state = cs.get("state") or {}
        last = (cs.get("lastState") or {}).get("terminated")
        running, term, wait = state.get("running"), state.get("terminated"), state.get("waiting")
        which = "current"
        started = None
        if previous:
            if last is None or last.get("containerID") == "":
                raise err_bad_request('previous terminated container "%s" in pod "%s" not found' % (container, name))
            which, started = "previous", last.get("startedAt")
        elif running is not None:
            started = running.get("startedAt")
        elif term is not None:
            if term.get("containerID") == "" and not (last and last.get("containerID") != ""):
                raise err_bad_request('container "%s" in pod "%s" is terminated' % (container, name))
            if term.get("containerID") == "":
                which, started = "last", last.get("startedAt")
            else:
                started = term.get("startedAt")
        elif last is not None:
            if last.get("containerID") == "":
                raise err_bad_request('container "%s" in pod "%s" is terminated' % (container, name))
            which, started = "last", last.get("startedAt")
        elif wait is not None:
            reason = wait.get("reason", "")
            if reason == "ErrImagePull":
                why = "image can't be pulled"
            elif reason == "ImagePullBackOff":
                why = "trying and failing to pull image"
            else:
                why = reason
            raise err_bad_request('container "%s" in pod "%s" is waiting to start: %s' % (container, name, why))
        else:
            raise err_bad_request('container "%s" in pod "%s" is waiting to start - no logs yet' % (container, name))

        base_key = "%s/%s/%s" % (ns, name, container)
        with st.lock:
            if which == "previous":
                content = st.logs.get(base_key + "/previous")
            elif which == "last":
                content = st.logs.get(base_key, st.logs.get(base_key + "/previous"))
            else:
                content = st.logs.get(base_key)
        if content is None:
            content = b""
        base = epoch_ms(parse_time(started) or parse_time(pod["metadata"].get("creationTimestamp")) or st.start)
        length, chunks = render_log(content, tail, timestamps, limit, base)
        self.send_stream(200, "text/plain", length, chunks)


def encode_continue(key, rv):
    """An opaque continue token, as the apiserver's: where the page ended."""
    raw = json.dumps({"v": "meta.k8s.io/v1", "rv": int(rv), "start": "%s/%s" % key}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_continue(token):
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        d = json.loads(raw)
        ns, name = d["start"].split("/", 1)
        return (ns, name)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ApiError(400, "BadRequest", "continue key is not valid: incorrect encoded start resourceVersion "
                       "(version meta.k8s.io/v1)")


def partial(obj, v):
    return {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/%s" % v,
            "metadata": obj.get("metadata") or {}}


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, state, ssl_ctx, idle_timeout=600):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.state = state
        self.ssl_ctx = ssl_ctx
        self.idle_timeout = idle_timeout
        self._conn_threads = set()
        self._conn_threads_lock = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self):
        # HTTPServer.server_bind would do a reverse DNS lookup (getfqdn); skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request, client_address):
        cid = self.state.on_accept()
        t = threading.Thread(target=self._conn_thread, args=(request, client_address, cid),
                             name="conn-%d" % cid, daemon=True)
        with self._conn_threads_lock:
            self._conn_threads.add(t)
        t.start()

    def _conn_thread(self, raw, addr, cid):
        st = self.state
        tls = None
        try:
            try:
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                raw.settimeout(10)
                tls = self.ssl_ctx.wrap_socket(raw, server_side=True)
            except (ssl.SSLError, OSError) as e:
                st.on_handshake_failure(cid, addr, e)
                return
            tls.settimeout(self.idle_timeout)
            with st.lock:
                st.open_socks.add(tls)
            if st.stopping.is_set():
                return
            try:
                Handler(tls, addr, self, cid)
            except (ConnectionError, ssl.SSLError, TimeoutError, OSError):
                pass
        except Exception:
            sys.stderr.write("standin: connection %d crashed\n%s" % (cid, traceback.format_exc()))
        finally:
            if tls is not None:
                with st.lock:
                    st.open_socks.discard(tls)
                try:
                    tls.close()
                except OSError:
                    pass
            try:
                raw.close()
            except OSError:
                pass
            with self._conn_threads_lock:
                self._conn_threads.discard(threading.current_thread())

    def handle_error(self, request, client_address):
        sys.stderr.write("standin: error from %s\n%s" % (client_address, traceback.format_exc()))

    def stop(self):
        self.shutdown()
        self.state.stopping.set()
        with self.state.lock:
            socks = list(self.state.open_socks)
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        deadline = time.monotonic() + 3
        with self._conn_threads_lock:
            threads = list(self._conn_threads)
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        self.server_close()


# ---------------------------------------------------------------------------
# Certificates and kubeconfig
# ---------------------------------------------------------------------------

OPENSSL_CNF = """\
[req]
distinguished_name = dn
prompt = no
[dn]
CN = standin
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,IP:::1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""

CERT_FILES = ["ca.crt", "ca.key", "server.crt", "server.key", "client.crt", "client.key",
              "other-ca.crt", "other-ca.key", "other-client.crt", "other-client.key"]


def run_openssl(args, cwd):
    p = subprocess.run(["openssl"] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise SystemExit("standin: openssl %s failed:\n%s" % (" ".join(args), p.stderr.decode(errors="replace")))


def ensure_certs(statedir):
    lock_path = os.path.join(statedir, ".certs.lock")
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if all(os.path.exists(os.path.join(statedir, f)) for f in CERT_FILES):
            return
        with tempfile.TemporaryDirectory(dir=statedir, prefix=".certs.") as tmp:
            with open(os.path.join(tmp, "openssl.cnf"), "w") as f:
                f.write(OPENSSL_CNF)
            ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
            days = ["-days", "3650"]

            def ca(name, cn):
                run_openssl(["req", "-x509", "-new", "-config", "openssl.cnf", "-extensions", "v3_ca"] + ec +
                            ["-nodes", "-keyout", name + ".key", "-out", name + ".crt", "-subj", cn] + days, tmp)

            def leaf(name, subj, ca_name, ext, rsa=False):
                if rsa:
                    run_openssl(["genrsa", "-traditional", "-out", name + ".key", "2048"], tmp)
                    keyargs = ["-key", name + ".key"]
                else:
                    keyargs = ec + ["-nodes", "-keyout", name + ".key"]
                run_openssl(["req", "-new", "-config", "openssl.cnf"] + keyargs +
                            ["-out", name + ".csr", "-subj", subj], tmp)
                run_openssl(["x509", "-req", "-in", name + ".csr", "-CA", ca_name + ".crt",
                             "-CAkey", ca_name + ".key", "-set_serial", "0x" + secrets.token_hex(8),
                             "-extfile", "openssl.cnf", "-extensions", ext, "-out", name + ".crt"] + days, tmp)
            ca("ca", "/CN=standin-ca")
            leaf("server", "/CN=127.0.0.1", "ca", "v3_server")
            leaf("client", "/O=system:masters/CN=admin", "ca", "v3_client", rsa=True)
            ca("other-ca", "/CN=standin-other-ca")
            leaf("other-client", "/O=system:masters/CN=admin", "other-ca", "v3_client")
            for f in CERT_FILES:
                if f.endswith(".key"):
                    os.chmod(os.path.join(tmp, f), 0o600)
                os.replace(os.path.join(tmp, f), os.path.join(statedir, f))


def ensure_token(statedir):
    path = os.path.join(statedir, "token")
    try:
        with open(path) as f:
            tok = f.read().strip()
        if tok:
            return tok
    except FileNotFoundError:
        pass
    tok = "standin-admin-" + secrets.token_hex(16)
    write_atomic(path, tok + "\n", 0o600)
    return tok


def write_atomic(path, text, mode=0o644):
    d = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=d, prefix="." + os.path.basename(path) + ".")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def yq(s):
    """Quote a YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(s)


def client_host(bind):
    """The address clients should use for a server bound to `bind`."""
    if bind in ("", "0.0.0.0") or bind.startswith("127."):
        return "127.0.0.1"
    if bind in ("::", "::1"):
        return "[::1]"
    if ":" in bind:
        return "[%s]" % bind
    return bind


def write_kubeconfig(statedir, url, port, token):
    p = lambda f: os.path.join(os.path.abspath(statedir), f)

    def b64(f):
        with open(p(f), "rb") as fh:
            return base64.b64encode(fh.read()).decode()
    clusters = [
        ("standin", [("server", url), ("certificate-authority", p("ca.crt"))]),
        ("standin-data", [("server", url), ("certificate-authority-data", b64("ca.crt"))]),
        ("standin-localhost", [("server", "https://localhost:%d" % port), ("certificate-authority", p("ca.crt"))]),
        ("standin-wrongca", [("server", url), ("certificate-authority", p("other-ca.crt"))]),
        ("standin-insecure", [("server", url), ("insecure-skip-tls-verify", True)]),
    ]
    users = [
        ("token-user", [("token", token)]),
        ("cert-user", [("client-certificate", p("client.crt")), ("client-key", p("client.key"))]),
        ("cert-data-user", [("client-certificate-data", b64("client.crt")), ("client-key-data", b64("client.key"))]),
        ("tokenfile-user", [("tokenFile", p("token"))]),
        ("viewer-nolog-user", [("token", "viewer-nolog")]),
        ("forbidden-user", [("token", "forbidden")]),
        ("bad-token-user", [("token", "not-a-valid-token")]),
        ("wrong-ca-cert-user", [("client-certificate", p("other-client.crt")), ("client-key", p("other-client.key"))]),
    ]
    contexts = [
        ("standin", "standin", "token-user"),
        ("standin-cert", "standin", "cert-user"),
        ("standin-certdata", "standin-data", "cert-data-user"),
        ("standin-tokenfile", "standin", "tokenfile-user"),
        ("standin-viewer", "standin", "viewer-nolog-user"),
        ("standin-forbidden", "standin", "forbidden-user"),
        ("standin-badtoken", "standin", "bad-token-user"),
        ("standin-localhost", "standin-localhost", "token-user"),
        ("standin-wrongca", "standin-wrongca", "token-user"),
        ("standin-insecure", "standin-insecure", "token-user"),
        ("standin-wrongcert", "standin", "wrong-ca-cert-user"),
    ]
    out = ["apiVersion: v1", "kind: Config", "preferences: {}", "current-context: standin", "clusters:"]
    for name, fields in clusters:
        out += ["- name: %s" % name, "  cluster:"]
        out += ["    %s: %s" % (k, "true" if v is True else yq(v)) for k, v in fields]
    out.append("users:")
    for name, fields in users:
        out += ["- name: %s" % name, "  user:"]
        out += ["    %s: %s" % (k, yq(v)) for k, v in fields]
    out.append("contexts:")
    for name, cluster, user in contexts:
        out += ["- name: %s" % name, "  context:", "    cluster: %s" % cluster,
                "    user: %s" % user, "    namespace: demo"]
    write_atomic(os.path.join(statedir, "kubeconfig"), "\n".join(out) + "\n", 0o600)


def make_ssl_context(statedir):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(os.path.join(statedir, "server.crt"), os.path.join(statedir, "server.key"))
    ctx.load_verify_locations(os.path.join(statedir, "ca.crt"))
    ctx.verify_mode = ssl.CERT_OPTIONAL
    ctx.set_alpn_protocols(["http/1.1"])

    def sni(sock, name, _ctx):
        sock.sni = name or ""          # recorded per request: tls-server-name tests
    ctx.sni_callback = sni
    return ctx


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="Stand-in Kubernetes API server for tests.")
    ap.add_argument("--dir", required=True, help="state directory (certificates, kubeconfig, port, logs)")
    ap.add_argument("--port", type=int, default=0, help="port to listen on (0 = pick a free one)")
    ap.add_argument("--bind", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    ap.add_argument("--latency-ms", type=int, default=0, help="delay every API response by N ms")
    ap.add_argument("--fixtures", nargs="+", action="extend", default=[], metavar="FILE",
                    help="fixture files to load (JSON; several merge)")
    ap.add_argument("--fault", action="append", default=[], metavar="PATHREGEX=KIND[:ARG]",
                    help="inject a fault (slow:SECS, hang, drop, garbage, truncated, 500, html, status:CODE)")
    ap.add_argument("--legacy-discovery", action="store_true",
                    help="never answer aggregated discovery (clients fall back to /api/v1, /apis/G/V)")
    ap.add_argument("--no-gzip", action="store_true", help="never gzip large JSON responses")
    args = ap.parse_args(argv)

    statedir = os.path.abspath(args.dir)
    os.makedirs(statedir, exist_ok=True)
    port_file = os.path.join(statedir, "port")
    try:
        os.unlink(port_file)
    except FileNotFoundError:
        pass
    ensure_certs(statedir)
    token = ensure_token(statedir)

    state = State(statedir, args.latency_ms, not args.legacy_discovery, not args.no_gzip)
    state.admin_token = token
    try:
        for path in args.fixtures:
            try:
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
            except (OSError, ValueError) as e:
                raise FixtureError("%s: %s" % (path, e))
            state.load(doc, path)
        state.set_faults([Fault.from_cli(x) for x in args.fault])
    except (FixtureError, ValueError, re.error) as e:
        state.close()
        sys.stderr.write("standin: %s\n" % e)
        return 2

    try:
        server = Server((args.bind, args.port), state, make_ssl_context(statedir))
    except OSError as e:
        state.close()
        sys.stderr.write("standin: cannot listen on %s:%d: %s\n" % (args.bind, args.port, e))
        return 1
    port = server.server_address[1]
    url = "https://%s:%d" % (client_host(args.bind), port)
    write_kubeconfig(statedir, url, port, token)
    write_atomic(os.path.join(statedir, "url"), url + "\n")

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    def serve():
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            stop.set()
    loop = threading.Thread(target=serve, name="accept")
    loop.start()
    write_atomic(port_file, "%d\n" % port)
    state.write_log("listening on https://%s:%d (pid %d)" % (args.bind, port, os.getpid()))
    try:
        stop.wait()          # signal handlers run in this (main) thread and set it
    finally:
        server.stop()
        loop.join()
        try:                                   # only our own port file
            with open(port_file) as f:
                if f.read().strip() == str(port):
                    os.unlink(port_file)
        except FileNotFoundError:
            pass
        state.write_log("stopped")
        state.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
