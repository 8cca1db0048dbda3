"""Static files under content-hashed names, cached for a year and sent compressed.

``url_for("static", filename="js/live.js")`` gives ``/static/js/live.<hash>.js``: the hash
is that of the bytes sent, so it changes when the file changes and a browser may keep the
file for good (``immutable``). A page that reloads then asks for nothing but its HTML.

ES modules are sent with their imports rewritten to hashed names too (no build step, and no
import map: that would be an inline script, which the CSP refuses). A module's hash is then
that of its text with its imports' hashes in it, so changing ``dom.js`` also renames every
module that imports it, directly or not. ``module_script`` writes a ``modulepreload`` link
for every module a page needs, so the browser fetches them all at once instead of finding
them one import at a time.

Each file is read, rewritten and compressed (brotli, gzip) once per version, not per
request. An old name (a page rendered before the file changed) still gets the file, but
without the long caching.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request
from markupsafe import Markup
from werkzeug.security import safe_join

HASH_LENGTH = 12
FOREVER = "public, max-age=31536000, immutable"
# Only the encodings a browser can be sent; best first.
ENCODINGS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda data: brotli.compress(data, quality=11),
    "gzip": lambda data: gzip.compress(data, 9, mtime=0),
}
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".txt", ".map")
MIN_COMPRESS = 256
_HASHED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<ext>\.[A-Za-z0-9]+)$")
# Static imports and re-exports with a path (never a bare name): `import x from "./a.js"`,
# `import "./a.js"`, `export { y } from "/vendor/b.js"`, over several lines too.
_IMPORT = re.compile(
    r"""(?P<head>^\s*(?:import\s*|(?:import|export)\b[^;"'`]*?\bfrom\s*))"""
    r"""(?P<q>["'])(?P<spec>\.{0,2}/[^"'\s]+)(?P=q)""",
    re.MULTILINE,
)


@dataclass
class Asset:
    """One file as it is sent: its bytes, their hash and the compressed forms made so far."""

    name: str  # as url_for("static") names it: "js/live.js"
    body: bytes
    hash: str
    mimetype: str
    stamp: tuple[int, int]  # mtime_ns, size of the file read
    imports: dict[str, str] = field(default_factory=dict)  # module imported: its hash in body
    encoded: dict[str, bytes] = field(default_factory=dict)
    checked: float = 0.0  # when the file was last found unchanged (time.monotonic)

    def hashed_name(self) -> str:
        stem, dot, ext = self.name.rpartition(".")
        return f"{stem}.{self.hash}.{ext}" if dot else f"{self.name}.{self.hash}"

    def encoded_body(self, encoding: str) -> bytes | None:
        """The body in ``encoding``, or None when that would not be smaller."""
        if encoding not in self.encoded:
            packed = ENCODINGS[encoding](self.body)
            self.encoded[encoding] = packed if len(packed) < len(self.body) else b""
        return self.encoded[encoding] or None


class Assets:
    """The files under ``folder`` (and a few ``extra`` ones, e.g. from node_modules), by name."""

    def __init__(
        self,
        folder: Path,
        url_path: str = "/static",
        extra: dict[str, Path] | None = None,
        recheck_seconds: float = 1.0,
    ):
        self.folder, self.url_path = Path(folder), url_path.rstrip("/")
        self.extra = dict(extra or {})
        # A page asks for several names: look at the files at most this often.
        self.recheck_seconds = recheck_seconds
        self._assets: dict[str, Asset] = {}

    # --- reading ----------------------------------------------------------------------

    def path(self, name: str) -> Path | None:
        if name in self.extra:
            return self.extra[name]
        joined = safe_join(str(self.folder), name)
        return Path(joined) if joined is not None else None

    def get(self, name: str, _seen: tuple[str, ...] = ()) -> Asset | None:
        """The asset as sent now (read again if the file or a module it imports changed)."""
        known = self._assets.get(name)
        now = time.monotonic()
        if known is not None and now - known.checked < self.recheck_seconds:
            return known
        path = self.path(name)
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        if path is None or stat is None or not path.is_file():
            self._assets.pop(name, None)
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        seen = (*_seen, name)
        if (
            known is not None
            and known.stamp == stamp
            and all(
                getattr(self.get(dep, seen), "hash", None) == digest
                for dep, digest in known.imports.items()
            )
        ):
            known.checked = now
            return known
        asset = self._read(name, path, stamp, seen)
        asset.checked = now
        self._assets[name] = asset
        return asset

    def _read(self, name: str, path: Path, stamp: tuple[int, int], seen: tuple[str, ...]) -> Asset:
        body = path.read_bytes()
        imports: dict[str, str] = {}
        if name.endswith(".js"):
            body, imports = self._rewrite(name, body, seen)
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if mimetype.startswith("text/") or name.endswith(".js"):
            mimetype = ("text/javascript" if name.endswith(".js") else mimetype) + "; charset=utf-8"
        digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
        return Asset(name, body, digest, mimetype, stamp, imports)

    def _rewrite(
        self, name: str, body: bytes, seen: tuple[str, ...]
    ) -> tuple[bytes, dict[str, str]]:
        """A module with each import of another asset pointing at that asset's hashed name."""
        text, imports = body.decode("utf-8"), {}

        def hashed(match: re.Match) -> str:
            spec = match["spec"]
            target = self._resolve(name, spec)
            if target is None:
                return match[0]
            if target in seen:
                raise ValueError(f"import cycle: {' -> '.join((*seen, target))}")
            asset = self.get(target, seen)
            if asset is None:
                return match[0]  # the browser will say it is missing
            imports[target] = asset.hash
            if spec.startswith("/"):
                url = self.url(target)
            else:  # stay relative: the page may sit under another prefix
                url = spec.rsplit("/", 1)[0] + "/" + asset.hashed_name().rsplit("/", 1)[-1]
            return f"{match['head']}{match['q']}{url}{match['q']}"

        return _IMPORT.sub(hashed, text).encode("utf-8"), imports

    def _resolve(self, importer: str, spec: str) -> str | None:
        """The asset name an import specifier means, or None when it is not one of ours."""
        if spec.startswith("/"):
            prefix = self.url_path + "/"
            if spec.startswith(prefix):
                return spec[len(prefix) :]
            for extra in self.extra:  # /vendor/x.js: an extra asset by its own name
                if spec == "/" + extra:
                    return extra
            return None
        parts = importer.split("/")[:-1]
        for part in spec.split("/"):
            if part == "..":
                if not parts:
                    return None
                parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        return "/".join(parts)

    # --- addresses --------------------------------------------------------------------

    def hashed(self, name: str) -> str:
        """The hashed name of an asset (the name itself when there is no such file)."""
        asset = self.get(name)
        return asset.hashed_name() if asset is not None else name

    def url(self, name: str) -> str:
        return f"{self.url_path}/{self.hashed(name)}"

    def graph(self, entry: str) -> list[str]:
        """Every module ``entry`` needs, the entry first, each once."""
        order: list[str] = []

        def visit(name: str) -> None:
            if name in order:
                return
            order.append(name)
            asset = self.get(name)
            for dep in asset.imports if asset else ():
                visit(dep)

        visit(entry)
        return order

    def module_script(self, entry: str) -> Markup:
        """The page's module, and a preload for each module it imports (all fetched at once)."""
        urls = [self.url(name) for name in self.graph(entry)]
        preload = Markup('<link rel="modulepreload" href="{}">')
        script = Markup('<script type="module" src="{}"></script>')
        return Markup("").join([preload.format(url) for url in urls[1:]] + [script.format(urls[0])])

    # --- sending ----------------------------------------------------------------------

    def send(self, filename: str) -> Response:
        """The static endpoint: a hashed name is kept for a year, any other is checked."""
        match = _HASHED.match(filename)
        asset, forever = None, False
        if match:
            asset = self.get(match["stem"] + match["ext"])
            forever = asset is not None and asset.hash == match["hash"]
        if asset is None:
            asset = self.get(filename)
        if asset is None:
            abort(404)
        response = Response(asset.body, mimetype=asset.mimetype)
        if filename.endswith(COMPRESSIBLE) and len(asset.body) >= MIN_COMPRESS:
            response.vary.add("Accept-Encoding")
            encoding = _choose(request.headers.get("Accept-Encoding", ""))
            packed = asset.encoded_body(encoding) if encoding else None
            if encoding and packed is not None:
                response.set_data(packed)
                response.headers["Content-Encoding"] = encoding
        response.set_etag(f"{asset.hash}-{response.headers.get('Content-Encoding', 'identity')}")
        response.headers["Cache-Control"] = FOREVER if forever else "no-cache"
        return response.make_conditional(request)


def _choose(accept_encoding: str) -> str | None:
    """The best encoding the browser accepts (q=0 refuses one)."""
    accepted = {}
    for part in accept_encoding.lower().split(","):
        token, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        accepted[token.strip()] = q
    for encoding in ENCODINGS:
        if accepted.get(encoding, accepted.get("*", 0.0)) > 0:
            return encoding
    return None


def init_app(app: Flask, extra: dict[str, Path] | None = None) -> Assets:
    """Serve ``app``'s static folder through ``Assets`` and hash every ``url_for("static")``."""
    assets = Assets(Path(app.static_folder or "static"), app.static_url_path or "/static", extra)
    app.extensions["assets"] = assets
    app.view_functions["static"] = assets.send

    @app.url_defaults
    def _hashed(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = assets.hashed(values["filename"])

    app.jinja_env.globals["module_script"] = assets.module_script
    return assets
