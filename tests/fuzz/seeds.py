#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/)
from the project's fixtures and from real formats written out here. Run
from the top of the clone when the fixtures change; the output is committed.
Seeds are kept small: the fuzzer mutates them, it does not need many."""
import gzip
import io
import json
import os
import re
import shutil
import tarfile

TOP = os.getcwd()
FIX = os.path.join(TOP, "tests/fixtures")
OUT = os.path.join(TOP, "tests/fuzz/corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(FIX, path), "rb") as f:
        return f.read()


def cases(limit=None):
    """The diagnose fixtures: (name, list text, {container: (log, previous)})."""
    out = []
    base = os.path.join(FIX, "diagnose")
    for c in sorted(os.listdir(base)):
        d = os.path.join(base, c)
        lst = [f for f in ("list.yaml", "list.json") if os.path.exists(os.path.join(d, f))]
        if not lst:
            continue
        logs = {}
        if os.path.isdir(os.path.join(d, "logs")):
            for l in sorted(os.listdir(os.path.join(d, "logs"))):
                m = re.match(r"(.+?)(\.previous)?\.log$", l)
                if m:
                    logs[m.group(1), bool(m.group(2))] = open(os.path.join(d, "logs", l), "rb").read()[-4096:]
        out.append((c, lst[0], open(os.path.join(d, lst[0]), "rb").read(), logs))
    for c in [c for c in sorted(os.listdir(os.path.join(base, "corpus"))) if os.path.isdir(os.path.join(base, "corpus", c))][:limit]:
        d = os.path.join(base, "corpus", c)
        logs = {}
        for l in sorted(os.listdir(os.path.join(d, "logs"))) if os.path.isdir(os.path.join(d, "logs")) else []:
            m = re.match(r"(.+?)(\.previous)?\.log$", l)
            if m:
                logs[m.group(1), bool(m.group(2))] = open(os.path.join(d, "logs", l), "rb").read()[-4096:]
        out.append((c, "list.json", open(os.path.join(d, "list.json"), "rb").read(), logs))
    return out


def pod_of(text):
    """The namespace and name of the first Pod of a List (JSON or YAML)."""
    try:
        doc = json.loads(text)
    except ValueError:
        import yaml
        doc = yaml.safe_load(text)
    items = doc.get("items", [doc]) if isinstance(doc, dict) else []
    for it in items:
        if isinstance(it, dict) and it.get("kind") == "Pod":
            md = it.get("metadata", {})
            return md.get("namespace", "default"), md.get("name", "pod")
    return "demo", "leapp-web-pod"


def tar_of(files, gz=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mtime = 1714550400
            t.addfile(ti, io.BytesIO(data))
    raw = buf.getvalue()
    return gzip.compress(raw, mtime=0) if gz else raw


def inspect_files(name, text, logs):
    ns, pod = pod_of(text)
    files = [("inspect.local.1/namespaces/%s/core/pods.%s" % (ns, name.split(".")[-1]), text)]
    for (ctr, prev), log in sorted(logs.items()):
        files.append(("inspect.local.1/namespaces/%s/pods/%s/%s/%s/logs/%s.log"
                      % (ns, pod, ctr, ctr, "previous" if prev else "current"), log))
    return files


def diagnose():
    all_cases = cases()
    for c, lname, text, logs in all_cases:
        if len(text) <= 12000:
            put("offline", c + "-" + lname, text)
    put("offline", "pod.json", read("diagnose/forms/pod.json"))
    put("offline", "several.yaml", read("diagnose/forms/several.yaml"))
    put("offline", "target-deployment.yaml", b"#! deployment/leapp-web\n" + read("diagnose/CrashLoop/list.yaml"))
    put("offline", "target-selector.yaml", b"#! -l name in (leapp-web-label),app!=x\n" + read("diagnose/OOMKilled/list.yaml"))
    put("offline", "target-all.yaml", b"#! --all\n" + read("diagnose/Healthy/list.yaml"))
    put("offline", "bare-array.json", b"[" + read("diagnose/forms/pod.json") + b"]")
    # the inspect directory itself, packed; and the cases with their logs
    inspect = os.path.join(FIX, "diagnose/forms/inspect")
    files = []
    for dp, dn, fn in sorted(os.walk(inspect)):
        dn.sort()
        for f in sorted(fn):
            p = os.path.join(dp, f)
            files.append((os.path.relpath(p, inspect), open(p, "rb").read()[-6000:]))
    put("archive", "inspect.tar", tar_of(files))
    put("offline", "inspect-dir", "".join("== %s\n%s" % (n, d.decode(errors="replace")) for n, d in files if len(d) < 6000))
    put("archive", "inspect.tar.gz", tar_of(files, gz=True))
    put("offline", "inspect.tar.gz", tar_of(files, gz=True))
    n = 0
    for c, lname, text, logs in all_cases:
        if logs and len(text) <= 8000 and n < 14:
            put("archive", c + ".tar", tar_of(inspect_files(lname, text, logs)))
            n += 1


def kubeconfig():
    for f in ("a.yaml", "b.yaml", "data.yaml", "garbage.yaml", "notalist.yaml", "exec/kubeconfig.yaml"):
        text = read("kubeconfig/" + f).replace(b"token.txt", b"token")
        put("kubeconfig", f.replace("/", "-"), text)
        put("yaml", "kubeconfig-" + f.replace("/", "-"), text)
    a = read("kubeconfig/a.yaml").replace(b"token.txt", b"token")
    # with flags: context, cluster, user, server, namespace, timeout, token, as, tls-server-name, group, insecure
    put("kubeconfig", "a-flags", a + b"\0file-ctx\0shared\0file-user\0a.example:6443/\0ns\01h30m\0\0admin\0api.a\0system:masters\0\1")
    put("kubeconfig", "a-timeout", a + b"\0\0\0\0\0\0500ms\0tok\0\0\0\0")
    put("kubeconfig", "certs.yaml", """apiVersion: v1
kind: Config
current-context: c
clusters:
- name: c
  cluster: {server: "https://[::1]:6443/", certificate-authority: ca.pem, proxy-url: "socks5://127.0.0.1:1080"}
users:
- name: u
  user: {client-certificate: cert.pem, client-key: key.pem, as: someone, as-groups: [g1, g2], as-uid: "7"}
contexts:
- name: c
  context: {cluster: c, user: u, namespace: leapp}
""")
    put("kubeconfig", "exec-v1beta1.json", json.dumps({
        "apiVersion": "v1", "kind": "Config", "current-context": "x",
        "clusters": [{"name": "x", "cluster": {"server": "https://x:6443", "extensions": [
            {"name": "client.authentication.k8s.io/exec", "extension": {"a": 1}}]}}],
        "users": [{"name": "x", "user": {"exec": {"apiVersion": "client.authentication.k8s.io/v1beta1",
                                                   "command": "aws", "args": ["eks", "get-token"],
                                                   "env": [{"name": "AWS_PROFILE", "value": "p"}],
                                                   "installHint": "line one\nline two", "provideClusterInfo": True}}}],
        "contexts": [{"name": "x", "context": {"cluster": "x", "user": "x"}}]}, indent=1))


def execcred():
    put("execcred", "token-v1", b"\0" + json.dumps({
        "kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1",
        "status": {"token": "my-bearer-token", "expirationTimestamp": "2030-01-02T03:04:05Z"}}).encode())
    put("execcred", "cert-v1beta1", b"\1" + json.dumps({
        "kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1beta1",
        "status": {"clientCertificateData": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                   "clientKeyData": "-----BEGIN EC PRIVATE KEY-----\nMHc\n-----END EC PRIVATE KEY-----\n",
                   "expirationTimestamp": "2030-01-02T03:04:05.123456789+02:00"}}).encode())
    put("execcred", "wrong-version", b"\0" + json.dumps({
        "kind": "ExecCredential", "apiVersion": "client.authentication.k8s.io/v1alpha1", "status": {"token": "t"}}).encode())
    put("execcred", "only-cert", b"\0" + json.dumps({
        "apiVersion": "client.authentication.k8s.io/v1", "status": {"clientCertificateData": "x"}}).encode())
    put("execcred", "not-json", b"\0Please log in: https://login.example/device\n")


def small_parsers():
    for i, s in enumerate(["80", "8080:80", "443:", "65535", "0", "65536", "1:2:3", "08", "-1", " 80", "80:x"]):
        put("netspec", "port-%02d" % i, s)
    for i, s in enumerate(["192.168.1.10", "010.1.1.1", "::1", "fe80::1%eth0", "2001:db8::ff00:42:8329",
                           "::ffff:10.0.0.1", "1.2.3", "256.1.1.1", "a:b"]):
        put("netspec", "ip-%02d" % i, s)
    for i, s in enumerate(["512Mi", "1.5Gi", "500m", "2", "1e3", "0.5", "1E-3", "+1Ki", "-1", ".5", "5.", "2Gi",
                           "1e9999", "12345678901234567890Ei", "1m", "0"]):
        put("quantity", "q-%02d" % i, s)
    for i, s in enumerate(["quay.io/acme", "registry.example.com:5000/team/web", "localhost:5000", "localhost",
                           "docker.io/library/", "https://quay.io", "quay.io/Acme", "quay.io/a__b/c-d.e",
                           "host:99999/x", "-bad.example/x", "quay.io/acme@sha256:abc", "a" * 210]):
        put("imageref", "r-%02d" % i, s)
    for i, (mx, a, b, c) in enumerate([(63, "Web Server (CentOS 7)", "", ""), (53, "leapp-", "data_volume.d", "-etc-vol"),
                                       (10, "x" * 80, "y" * 80, "z"), (243, "ÄÖÜ--__..", "-stem-", "-sfx"),
                                       (0, "a.b.c", "a-b", "")]):
        put("names", "n-%02d" % i, bytes([(mx - 10) % 244]) + "\0".join([a, b, c]).encode())


def wording():
    st = {"kind": "Status", "apiVersion": "v1", "status": "Failure",
          "message": "pods \"leapp-web-pod\" is forbidden: User \"system:serviceaccount:demo:default\" cannot get resource",
          "reason": "Forbidden", "code": 403}
    put("wording", "status-403", bytes([3, 0]) + json.dumps(st).encode())
    put("wording", "status-401", bytes([2, 5]) + json.dumps({"kind": "Status", "message": "Unauthorized", "code": 401}).encode())
    put("wording", "html-502", bytes([8, 6]) + b"<html>\r\n<head><title>502 Bad Gateway</title></head>\n<body>\x1b[31m\xc2\x9b</body></html>")
    put("wording", "controls", bytes([4, 0x87]) + json.dumps({"message": "a\u001b]0;title\u0007b\u009bc\nd",
                                                               "reason": "Not\u0085Found"}).encode())


def yaml_seeds():
    put("yaml", "anchors.yaml", "base: &b {a: 1, b: [x, y]}\nuse: *b\nlist: [*b, *b]\n")
    put("yaml", "multi.yaml", "---\nkind: Pod\n---\n- 1\n- 0x1F\n- 0o17\n- 1.5e3\n- .5\n- ~\n- TRUE\n---\nplain\n...\n")
    put("yaml", "tags.yaml", "a: !!str 123\nb: '007'\nc: \"\\u263A\\x00\"\nd: |\n  lit\n  block\ne: >-\n  folded\n  text\n? [complex, key]\n: v\n")
    put("yaml", "podlist.yaml", "items:\n- metadata: {name: a}\n- metadata: {name: b}\nkind: PodList\napiVersion: v1\n")
    put("yaml", "laughs.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n")
    put("yaml", "flow.json", '{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"p"}},[1,2,{"a":null}]]}')
    for c, lname, text, logs in cases()[:6]:
        put("yaml", c + "-" + lname, text)


UNITS = {
    "httpd.service": """[Unit]
Description=The Apache HTTP Server
After=network.target remote-fs.target nss-lookup.target
Documentation=man:httpd(8)

[Service]
Type=notify
EnvironmentFile=/etc/sysconfig/httpd
ExecStart=/usr/sbin/httpd $OPTIONS -DFOREGROUND
ExecReload=/usr/sbin/httpd $OPTIONS -k graceful
ExecStop=/bin/kill -WINCH ${MAINPID}
KillSignal=SIGCONT
PrivateTmp=true

[Install]
WantedBy=multi-user.target
""",
    "sshd.service": """[Unit]
Description=OpenSSH server daemon
After=network.target sshd-keygen.service
Wants=sshd-keygen.service
ConditionPathExists=!/etc/ssh/sshd_not_to_be_run

[Service]
Type=forking
PIDFile=/var/run/sshd.pid
EnvironmentFile=-/etc/sysconfig/sshd
ExecStart=/usr/sbin/sshd $OPTIONS
ExecReload=/bin/kill -HUP $MAINPID
KillMode=process
Restart=on-failure
RestartSec=42s

[Install]
WantedBy=multi-user.target
""",
    "getty@.service": """[Unit]
Description=Getty on %I
Documentation=man:agetty(8) man:systemd-getty-generator(8)
After=systemd-user-sessions.service plymouth-quit-wait.service
ConditionPathExists=/dev/tty0

[Service]
ExecStart=-/sbin/agetty --noclear %I $TERM
Type=idle
Restart=always
RestartSec=0
UtmpIdentifier=%I
TTYPath=/dev/%I
Environment=LANG= LANGUAGE= LC_CTYPE= "LC_ALL=C x" TERM=linux
TimeoutStartSec=1min 30s 500ms
""",
    "tomcat.service": """[Unit]
Description=Apache Tomcat Web Application Container
After=syslog.target network.target

[Service]
Type=simple
EnvironmentFile=/etc/tomcat/tomcat.conf
Environment="NAME=" 'JAVA_OPTS=-Xmx512m -Dfile.encoding=UTF-8'
EnvironmentFile=-/etc/sysconfig/tomcat
ExecStart=/usr/libexec/tomcat/server start
SuccessExitStatus=143
User=tomcat
Group=tomcat
RuntimeDirectory=tomcat tomcat/run
RuntimeDirectoryMode=0750
WorkingDirectory=~

[Install]
WantedBy=multi-user.target
""",
    "oneshot.service": """[Unit]
Description=Several commands \\
  on two lines
Requires=local-fs.target
Before=httpd.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStartPre=-/bin/mkdir -p /run/app ; /bin/chown app /run/app
ExecStart=@/usr/bin/app app-name --config="/etc/app/a b.conf" 'single \\x41' \\
    --flag=\\t\\n\\\\
ExecStart=+/bin/echo "${HOME}" $$literal %% %n %N %p %P %i %I %f %t %H %m
ExecStop=!!/bin/true
ExecStop=:/bin/echo $NOT_EXPANDED
TimeoutSec=infinity
TimeoutStopSec=5min 20s
StartLimitBurst=3
StartLimitInterval=10
[Install]
Alias=other.service
""",
}


def units():
    for name, text in UNITS.items():
        put("unitfile", name, text)
    put("unitfile", "env-file", "# comment\nOPTIONS=-DFOREGROUND\nexport LANG=en_US.UTF-8\nQUOTED=\"a \\\"b\\\" $c\"\n"
        "SINGLE='x y'\nCONT=one \\\ntwo\n BAD NAME=1\n=novalue\n")
    put("unitfile", "bad", "Key=outside\n[Unit\n[Unit]]\n[Service]\nnoequals\n=empty\nExecStart=relative/path\n"
        "ExecStart=/bin/sh -c 'unterminated\nExecStart=/bin/x \\z\n")
    S, E = "usr/lib/systemd/system/", "etc/systemd/system/"
    trees = {
        "rhel7": [
            (E + "default.target -> /usr/lib/systemd/system/multi-user.target", ""),
            (S + "multi-user.target", "[Unit]\nDescription=Multi-User System\nRequires=basic.target\nAfter=basic.target\n"),
            (S + "basic.target", "[Unit]\nDescription=Basic System\n"),
            (S + "httpd.service", UNITS["httpd.service"]),
            (S + "sshd.service", UNITS["sshd.service"]),
            (S + "tomcat.service", UNITS["tomcat.service"]),
            (E + "multi-user.target.wants/httpd.service -> /usr/lib/systemd/system/httpd.service", ""),
            (E + "multi-user.target.wants/sshd.service -> ../../../../usr/lib/systemd/system/sshd.service", ""),
            (E + "multi-user.target.wants/tomcat.service -> " + "/" + S + "tomcat.service", ""),
            (E + "httpd.service.d/override.conf", "[Service]\nExecStart=\nExecStart=/usr/sbin/httpd -X\nUser=apache\n"),
            (E + "getty@tty1.service -> /dev/null", ""),
            ("etc/sysconfig/httpd", "OPTIONS=-DFOO\nLANG=C\n"),
            ("etc/passwd", "root:x:0:0:root:/root:/bin/bash\napache:x:48:48:Apache:/usr/share/httpd:/sbin/nologin\n"
                           "tomcat:x:91:91:Tomcat:/usr/share/tomcat:/sbin/nologin\n"),
            ("etc/group", "root:x:0:\napache:x:48:\ntomcat:x:91:apache,root\nwheel:x:10:tomcat\n"),
            ("usr/lib/tmpfiles.d/httpd.conf", "d /run/httpd   710 root  apache\nd /run/httpd/htcacheclean   700 apache apache\n"),
            ("etc/tmpfiles.d/x.conf", "D /var/run/x 0755 - -\nd /run/%u/y\nd /tmp/not-run\nd /run/u 0700 nobody\n"),
            ("etc/hostname", "web01\n"),
        ],
        "sysv": [
            ("etc/rc.d/init.d/tomcat6 *", "#!/bin/sh\n# chkconfig: 345 80 20\n# description: Tomcat 6\n# pidfile: /var/run/tomcat6.pid\n"
                                          "### BEGIN INIT INFO\n# Provides: tomcat6 $tomcat\n# Required-Start: $network $syslog\n"
                                          "# Should-Start: postgresql\n# X-Start-Before: httpd\n# Short-Description: Tomcat\n"
                                          "# Description: the servlet container\n#  on two lines\n### END INIT INFO\n"),
            ("etc/rc.d/init.d/legacy *", "#!/bin/sh\n# chkconfig: - 99 01\n# description: old style \\\n#   continued\n"),
            ("etc/rc.d/init.d/functions", "# not executable\n"),
            ("etc/rc.d/rc3.d/S80tomcat6 -> ../init.d/tomcat6", ""),
            ("etc/rc.d/rc3.d/S99legacy -> ../init.d/legacy", ""),
            ("etc/rc.d/rc5.d/S05legacy -> /etc/rc.d/init.d/legacy", ""),
            ("etc/init.d -> rc.d/init.d", ""),
            ("usr/lib/systemd/system/multi-user.target", "[Unit]\nDescription=Multi-User\n"),
            ("usr/lib/systemd/system/runlevel3.target -> multi-user.target", ""),
            ("etc/systemd/system/tomcat6.service.d/a.conf", "[Service]\nTimeoutSec=10\n[Unit]\nConditionPathIsDirectory=/var/lib\n"),
            ("var/lib/", ""),
        ],
        "templates": [
            (E + "default.target -> graphical.target", ""),
            (E + "graphical.target", "[Unit]\nWants=getty@tty1.service app@x\\x2dy.service\nAfter=multi-user.target\nRequisite=a.socket\n"),
            (S + "getty@.service", UNITS["getty@.service"]),
            (S + "app@.service", "[Unit]\nBindsTo=dep.service\nAfter=dep.service\nBefore=dep.service\n"
                                 "AssertPathExists=/etc\nConditionVirtualization=container\nConditionFirstBoot=no\n"
                                 "ConditionKernelCommandLine=quiet\nConditionPathExists=|/nope\nConditionPathExists=|!/nope\n"
                                 "[Service]\nExecStart=/bin/app %i %I %j\n"),
            (S + "dep.service", "[Unit]\nAfter=app@x\\x2dy.service\n[Service]\nType=bogus\nExecStart=/bin/dep\n"),
            ("usr/local/lib/systemd/system/dep.service.d/10.conf", "[Service]\nUser=1000\nGroup=wheel\n"),
            ("etc/systemd/system/oneshot.service", UNITS["oneshot.service"]),
            (E + "graphical.target.wants/oneshot.service -> ../oneshot.service", ""),
            (E + "graphical.target.requires/loop.service -> loop.service", ""),
            (E + "loop.service -> loop.service", ""),
            ("dev/tty0", ""),
        ],
    }
    for name, entries in trees.items():
        text = "".join("== %s\n%s" % (p, c) for p, c in entries)
        put("unittree", name, text)


def machines():
    c7 = os.path.join(TOP, "examples/macrocontainers/web-centos7")
    put("machine", "centos7", "== etc/os-release\n" + open(os.path.join(c7, "etc/os-release")).read() +
        "== etc/redhat-release\n" + open(os.path.join(c7, "etc/redhat-release")).read() +
        "== etc/hostname\nweb\n== usr/lib/systemd/systemd\n\0\0systemd 219 running in %ssystem mode. (+PAM)\0\n"
        "== sbin/init -> ../usr/lib/systemd/systemd\n== bin -> usr/bin\n== usr/bin/\n== var/www/html/index.html\nhi\n"
        "== home/webadmin/notes.txt\nnotes\n== dev/null\n== run/x\n== tmp/y\n== lost+found/z\n")
    put("machine", "centos6", "== etc/redhat-release\nCentOS release 6.9 (Final)\n== sbin/init\n== sbin/initctl\n"
        "== etc/rc.d/rc3.d/\n== root/.bashrc\n# bash\n")
    put("machine", "rhel7-noversion", "== etc/os-release\nID=\"rhel\"\nVERSION_ID=\"\"\nPRETTY_NAME='Red Hat'\n"
        "== etc/redhat-release\nRed Hat Enterprise Linux Server release 7.4 (Maipo)\n== etc/x\n")
    put("machine", "debian", "== usr/lib/os-release\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
        "== etc/os-release -> ../usr/lib/os-release\n== usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so\n"
        "== var/lib/dpkg/status\nPackage: systemd\nStatus: install ok installed\nVersion: 1:252.17-1~deb12u1\n\n"
        "== lib -> usr/lib\n== Data/\n== data/f\nx\n")
    for name in ("centos7", "debian", "centos6"):
        text = open(os.path.join(OUT, "machine", name), "rb").read()
        put("tarball", name, text)
    put("tarball", "every-kind", "== etc/passwd\nroot:x:0:0::/root:/bin/sh\n== usr/bin/sh *\n\x7fELF\n"
        "== usr/bin/ -> sh\n== bin -> usr/bin\n== var/empty/\n== var/log/a.log\n" + "x" * 300 + "\n"
        "== home/\xc3\xa9t\xc3\xa9/n\xe9e\n== a/" + "d/" * 14 + "deep\n== lnk -> /etc/../../../etc/passwd\n")
    for name, entries in (("paths", ["etc/os-release", "/etc/os-release", "../../etc/os-release", "sbin/init",
                                      "usr/sbin/init", "bin/sh", "a/b/../../etc", "loop", "etc/os-release/",
                                      "", ".", "/", "x/../..", "dev/null"]),):
        tree = ("== etc/os-release\nID=centos\n== usr/sbin/init -> ../lib/systemd/systemd\n"
                "== usr/lib/systemd/systemd *\nsystemd\n== sbin -> usr/sbin\n== bin -> /usr/bin\n"
                "== usr/bin/sh\n== loop -> loop2\n== loop2 -> /loop\n== a/b/\n== up -> ../../..\n"
                "== abs -> /\n== dev/null -> /dev/null\n")
        put("inroot", name, tree + "\0" + "\n".join(entries + ["up/etc/os-release", "abs/usr/sbin/init",
                                                                   "a/b/../../up/../sbin/init"]))
    put("machine", "loops", "== etc/os-release -> /etc/os-release\n== usr -> .\n== a -> b\n== b -> a\n== etc/redhat-release -> /dev/zero\n== srv/f\n")


def extract():
    """Machine images as oc-leapp archive writes them, and hostile ones."""
    def tar(entries, fmt=tarfile.GNU_FORMAT, gz=False):
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
            for e in entries:
                name, kind = e[0], e[1]
                ti = tarfile.TarInfo(name)
                ti.mtime = 1714550400
                ti.uid = ti.gid = 48
                data = b""
                if kind == "file":
                    data = e[2]
                    ti.size = len(data)
                    ti.mode = e[3] if len(e) > 3 else 0o644
                elif kind == "dir":
                    ti.type = tarfile.DIRTYPE
                    ti.mode = 0o755
                elif kind == "sym":
                    ti.type = tarfile.SYMTYPE
                    ti.linkname = e[2]
                elif kind == "hard":
                    ti.type = tarfile.LNKTYPE
                    ti.linkname = e[2]
                elif kind == "fifo":
                    ti.type = tarfile.FIFOTYPE
                if fmt == tarfile.PAX_FORMAT and kind == "file":
                    ti.pax_headers = {"SCHILY.xattr.user.a": "b", "mtime": "1714550400.5"}
                t.addfile(ti, io.BytesIO(data) if data else None)
        raw = buf.getvalue()
        return gzip.compress(raw, mtime=0) if gz else raw
    machine = [("etc/", "dir"), ("etc/os-release", "file", b"ID=centos\nVERSION_ID=7\n"),
               ("etc/machine-id", "file", b"0123456789abcdef0123456789abcdef\n"),
               ("usr/bin/", "dir"), ("usr/bin/sh", "file", b"\x7fELF", 0o4755),
               ("usr/bin/bash", "hard", "usr/bin/sh"), ("var/log/", "dir"), ("var/run", "sym", "../run"),
               ("home/u/.bashrc", "file", b"# bash\n", 0o600), ("var/fifo", "fifo")]
    put("extract", "machine.tar", tar(machine))
    put("extract", "machine-pax.tar", tar(machine, tarfile.PAX_FORMAT))
    put("extract", "machine.tar.gz", tar(machine, gz=True))
    put("extract", "cross-volume-link.tar", tar([("etc/a", "file", b"x" * 100), ("var/b", "hard", "etc/a")]))
    put("extract", "escape-dotdot.tar", tar([("etc/../../outside/x", "file", b"x"), ("../outside/y", "file", b"y")]))
    put("extract", "escape-absolute.tar", tar([("/etc/passwd", "file", b"x")]))
    put("extract", "escape-symlink.tar", tar([("etc/l", "sym", "../../outside"), ("etc/l/pwned", "file", b"x"),
                                              ("var/abs", "sym", "/"), ("var/abs/outside/z", "file", b"z")]))
    put("extract", "escape-hardlink.tar", tar([("etc/h", "hard", "../outside/x"), ("etc/i", "hard", "/etc/shadow")]))
    put("extract", "not-a-volume.tar", tar([("opt/app", "file", b"x"), ("etc", "file", b"replaces a volume")]))
    # a GNU sparse file: 1 MiB with 4 KiB of data at its end
    buf = io.BytesIO()
    ti = tarfile.TarInfo("var/log/lastlog")
    ti.size = 4096
    ti.mtime = 1714550400
    hdr = bytearray(ti.tobuf(tarfile.GNU_FORMAT))
    hdr[156] = ord("S")
    # one sparse region (offset 1 MiB - 4 KiB, 4 KiB), real size 1 MiB
    def octal(n, w):
        return ("%0*o" % (w - 1, n)).encode() + b"\0"
    hdr[386:386 + 12] = octal(1024 * 1024 - 4096, 12)
    hdr[398:398 + 12] = octal(4096, 12)
    hdr[483:483 + 12] = octal(1024 * 1024, 12)
    hdr[148:156] = b"        "
    hdr[148:156] = ("%06o\0 " % sum(hdr[:512])).encode()
    buf.write(bytes(hdr[:512]) + b"L" * 4096 + b"\0" * 1024)
    put("extract", "sparse-gnu.tar", buf.getvalue())


if __name__ == "__main__":
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    diagnose()
    kubeconfig()
    execcred()
    small_parsers()
    wording()
    yaml_seeds()
    units()
    machines()
    extract()
