"""A local peer that plays an OpenStreetMap-compatible tile server for the browser suite.

    python3 tests/browser/tile_peer.py PORT

Answers GET /{z}/{x}/{y}.png with a 256x256 PNG (a plain light tile drawn here with zlib: no image library) and
GET /count with how many tiles it served, so a test can see that the page drew tiles from the configured server.
Anything else is 404. scripts/browser-test starts it and points PAKN_MAP_TILES at it.
"""

from __future__ import annotations

import re
import struct
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b"")


TILE = png(256, 256, (232, 238, 226))
TILE_PATH = re.compile(r"^/\d{1,2}/\d+/\d+\.png$")
served = 0
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        global served
        if TILE_PATH.match(self.path):
            with lock:
                served += 1
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(TILE)))
            self.end_headers()
            self.wfile.write(TILE)
        elif self.path == "/count":
            with lock:
                body = str(served).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, format: str, *args) -> None:  # quiet: the suite's log is for failures
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
