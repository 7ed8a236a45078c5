# A web server for tests/init/fetch.sh that misbehaves on purpose, as image
# servers do: usage `python3 www.py PORT`, on 127.0.0.1.
#   /stream/N   a plain tar of one N MiB file (home/big: not a volume, so
#               nothing is written), sent in 1 MiB pieces over about 3 s
#   /stall      the first blocks of a tar, then nothing for 60 s
#   /cut        the first blocks of a tar, then the connection closed short
#               of its Content-Length
#   /close      the connection closed without an answer
#   /403        HTTP 403
import http.server
import socketserver
import sys
import tarfile
import time


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_tar(self, mib, pieces, length=None):
        info = tarfile.TarInfo("home/big")
        info.size = mib << 20
        self.send_response(200)
        self.send_header("Content-Type", "application/x-tar")
        if length:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        self.wfile.write(info.tobuf(format=tarfile.GNU_FORMAT))
        piece = bytes(range(256)) * 4096
        for _ in range(pieces):
            self.wfile.write(piece)
            self.wfile.flush()
            time.sleep(3.0 / max(mib, 1))

    def do_GET(self):
        if self.path.startswith("/stream/"):
            mib = int(self.path.split("/")[2])
            self.send_tar(mib, mib)
            self.wfile.write(b"\0" * 1024)
        elif self.path == "/stall":
            self.send_tar(8, 1)
            time.sleep(60)
        elif self.path == "/cut":
            self.send_tar(8, 1, length=(8 << 20) + 1536)
            self.close_connection = True
        elif self.path == "/close":
            self.close_connection = True
        elif self.path == "/403":
            self.send_error(403)
        else:
            self.send_error(404)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
