"""What a phone's quick first screen rests on: pages and static files are sent compressed,
and static files live under hashed names that a browser keeps for a year (session_app/assets.py)."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest

from session_app.assets import FOREVER, Assets

HASHED = re.compile(r"/static/(?P<stem>[\w./-]+)\.(?P<hash>[0-9a-f]{12})(?P<ext>\.\w+)$")
IMPORTS = re.compile(r"""(?:^\s*import\s*|\bfrom\s*)["']([^"']+)["']""", re.MULTILINE)


def _static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def _page_urls(actions) -> dict[str, str]:
    team = actions.team()
    hosted, member = team.hosted, team.members[0]
    return {
        "member": (member.client, f"/s/{hosted.public_id}/me"),
        "host": (hosted.host, f"/s/{hosted.public_id}/host"),
        "screen": (actions.new_client(), f"/screen/{hosted.screen_key}"),
        "start": (actions.new_client(), "/"),
    }


def test_every_file_a_page_needs_has_a_hashed_name_kept_for_a_year(actions):
    """The stylesheet, the page's module, every module it imports (also the Socket.IO client
    from node_modules) and the icons: all hashed, all immutable, all preloaded at once."""
    for role, (browser, path) in _page_urls(actions).items():
        html = browser.get(path).text
        urls = _static_urls(html)
        assert any(u.endswith(".css") for u in urls), role
        todo, seen = list(urls), set()
        while todo:
            url = todo.pop()
            if url in seen:
                continue
            seen.add(url)
            assert HASHED.search(url), (role, url)
            response = browser.get(url)
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == FOREVER, url
            if url.endswith(".js"):
                for spec in IMPORTS.findall(response.text):
                    resolved = spec if spec.startswith("/") else url.rsplit("/", 1)[0] + spec[1:]
                    todo.append(resolved)
        modules = [u for u in seen if u.endswith(".js")]
        if role != "start":  # the live pages: the Socket.IO client is one of ours, hashed
            assert any("/static/vendor/socket.io.esm.min." in u for u in modules), role
        # Every module the page imports, directly or not, is named in a modulepreload link
        # (fetched together, not one import after the other).
        preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', html))
        entry = re.search(r'<script type="module" src="([^"]+)"', html)[1]
        assert preloaded | {entry} == set(modules), role
    # The live pages get the icons' hashed addresses in their page data.
    member, path = _page_urls(actions)["member"]
    data = member.get(path).text
    icons = re.findall(r'"icon": ?"(/static/icons/[^"]+)"', data)
    assert len(icons) == 12 and all(HASHED.search(u) for u in icons)
    assert member.get(icons[0]).headers["Cache-Control"] == FOREVER


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
    ],
)
def test_static_files_and_pages_are_compressed(actions, accept, encoding, decode):
    browser, path = _page_urls(actions)["member"]
    page = browser.get(path, headers={"Accept-Encoding": accept})
    assert page.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in page.headers["Vary"]
    html = decode(page.data).decode()
    assert 'id="page-data"' in html
    for url in _static_urls(html):
        if url.endswith((".js", ".css")):
            packed = browser.get(url, headers={"Accept-Encoding": accept})
            plain = browser.get(url, headers={"Accept-Encoding": "identity"})
            assert packed.headers["Content-Encoding"] == encoding, url
            assert "Content-Encoding" not in plain.headers
            assert decode(packed.data) == plain.data
            assert len(packed.data) < len(plain.data) * 0.6, url


def test_an_old_or_plain_name_still_works_but_is_not_kept(client):
    css = HASHED.search(_static_urls(client.get("/").text)[0])
    for url in (f"/static/css/app.{'0' * 12}.css", "/static/css/app.css"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
    assert css is not None
    assert client.get("/static/../pyproject.toml").status_code == 404
    assert client.get("/static/css/nothing.0123456789ab.css").status_code == 404


def test_a_hash_changes_when_the_file_or_a_module_it_imports_changes(tmp_path):
    (tmp_path / "js").mkdir()
    vendor = tmp_path / "client.js"
    vendor.write_text("export const io = 1;\n")
    (tmp_path / "js" / "a.js").write_text('import { b } from "./b.js";\nexport const a = b;\n')
    (tmp_path / "js" / "b.js").write_text(
        'import { io } from "/vendor/client.js";\nimport "./c.js";\nexport const b = io;\n'
    )
    (tmp_path / "js" / "c.js").write_text("export {};\n")
    (tmp_path / "app.css").write_text("body { color: red; }\n")
    assets = Assets(tmp_path, "/static", {"vendor/client.js": vendor}, recheck_seconds=0)

    urls = {name: assets.url(name) for name in ("js/a.js", "js/b.js", "js/c.js", "app.css")}
    b = assets.get("js/b.js")
    assert b is not None
    assert b.body.decode() == (
        f'import {{ io }} from "{assets.url("vendor/client.js")}";\n'
        f'import "./{assets.hashed("js/c.js").split("/")[1]}";\nexport const b = io;\n'
    )
    assert assets.graph("js/a.js") == ["js/a.js", "js/b.js", "vendor/client.js", "js/c.js"]

    (tmp_path / "js" / "c.js").write_text("export const changed = true;\n")
    after = {name: assets.url(name) for name in urls}
    # c changed; b imports c, a imports b: all three are new names. The stylesheet is not.
    assert [name for name in urls if after[name] != urls[name]] == ["js/a.js", "js/b.js", "js/c.js"]
    assert after["js/c.js"].rsplit("/", 1)[1] in assets.get("js/b.js").body.decode()

    vendor.write_text("export const io = 2;\n")
    assert assets.url("js/a.js") not in (urls["js/a.js"], after["js/a.js"])
    (tmp_path / "app.css").write_text("body { color: blue; }\n")
    assert assets.url("app.css") != urls["app.css"]


def test_an_import_cycle_is_refused(tmp_path):
    (tmp_path / "a.js").write_text('import "./b.js";\n')
    (tmp_path / "b.js").write_text('import "./a.js";\n')
    with pytest.raises(ValueError, match="import cycle"):
        Assets(tmp_path).url("a.js")
