"""Serving light: static files named by content and gzipped, pages gzipped."""

import gzip
import re
from pathlib import Path

import service.dashboard as dashboard

STATIC = Path(dashboard.__file__).parent / "static"
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def test_chart_js_goes_gzipped_under_its_content_name(world, dash):
    dash.login(world["north_staff"])
    page = dash.get(f"/dashboard/programmes/{world['north_launch'].id}").get_data(as_text=True)
    src = re.search(
        r'src="(/dashboard/assets/vendor/chart-4\.6\.1\.umd\.min\.[0-9a-f]{10}\.js)"', page
    )
    assert src, "Chart.js is linked by its content name"
    packed = dash.get(src.group(1), headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "immutable" in packed.headers["Cache-Control"]
    original = (STATIC / "vendor" / "chart-4.6.1.umd.min.js").read_bytes()
    body = packed.get_data()
    assert gzip.decompress(body) == original
    assert len(body) < len(original) / 2
    plain = dash.get(src.group(1))
    assert "Content-Encoding" not in plain.headers and plain.get_data() == original


def test_pages_are_gzipped_when_the_browser_takes_it(world, dash):
    dash.login(world["north_staff"])
    page = dash.get("/dashboard/participants", headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert b"Participants" in gzip.decompress(page.get_data())
    assert "Content-Encoding" not in dash.get("/dashboard/participants").headers


def test_no_path_escapes_the_static_folder(world, dash):
    assert dash.get("/dashboard/assets/../blueprint.0000000000.py").status_code == 404
    assert dash.get("/dashboard/assets/nothing.0000000000.js").status_code == 404
