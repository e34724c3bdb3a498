"""The page's inline style and script, and a Content-Security-Policy that allows only them.

Everything is inline so the page works offline from `file://`. The policy pins the one script
and the one style block by hash: should escaping ever miss, injected markup still cannot run
scripts or load anything from the network.
"""

from __future__ import annotations

import base64
import hashlib

CSS = """\
:root{--fg:#1c2330;--muted:#5a6472;--bg:#f3f4f6;--card:#fff;--line:#d8dce2;--ok:#16703a;
--warn:#8a5a00;--bad:#b3261e;--link:#0b57d0;--head:#12355b}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
color:var(--fg);background:var(--bg)}
a{color:var(--link)}
.en{color:var(--muted);font-size:.8em;font-weight:400}
.top{background:var(--head);color:#fff;padding:14px 12px}
.top h1{margin:0 auto;max-width:1100px;font-size:1.45rem;line-height:1.3}
.top .en{color:#c5d3e4}
main{max-width:1100px;margin:0 auto;padding:10px 12px 40px}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;
margin:12px 0;padding:0;list-style:none}
.stats li{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.stats b{display:block;font-size:1.35rem;overflow-wrap:anywhere}
.stats .bad b{color:var(--bad)}
.stats .warn b{color:var(--warn)}
.stats .info b{font-size:1rem;font-weight:600}
nav.toc{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 14px}
nav.toc ol{margin:.3em 0;padding-left:1.4em}
nav.toc li{margin:.25em 0}
section.script{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:12px 16px;margin:16px 0}
section.script.draft,section.script.stale{border:2px dashed var(--warn)}
section.script h2{margin:.1em 0 .3em;font-size:1.3rem;overflow-wrap:anywhere}
h3{font-size:1.05rem;margin:1.1em 0 .4em;border-bottom:1px solid var(--line);padding-bottom:2px}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:.85rem;
font-weight:600;border:1px solid currentColor;margin:2px 4px 2px 0;vertical-align:middle}
.badge.approved,.badge.built,.badge.up-to-date{color:var(--ok)}
.badge.draft,.badge.stale,.badge.uu-tien,.badge.skipped{color:var(--warn);background:#fff6dc}
.badge.khan-cap,.badge.failed,.badge.missing{color:#fff;background:var(--bad);
border-color:var(--bad)}
.badge.unknown,.badge.thuong,.badge.outside{color:var(--muted)}
.badge.trusted{color:var(--ok)}
.badge.tampered,.badge.untrusted,.badge.unsigned{color:#fff;background:var(--bad)}
.badge .en{color:inherit;opacity:.85}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;margin:.4em 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
code{font-size:.85em;overflow-wrap:anywhere;word-break:break-all}
.problems{margin:.6em 0;padding:0;list-style:none}
.problems li{padding:6px 10px;border-radius:6px;margin:4px 0;overflow-wrap:anywhere}
.problems .error{background:#fde8e6;color:var(--bad)}
.problems .warning{background:#fff6dc;color:var(--warn)}
table.targets{border-collapse:collapse;width:100%;font-size:.92rem}
table.targets th,table.targets td{text-align:left;padding:4px 6px;
border-bottom:1px solid var(--line)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:12px;
align-items:start}
.thumbs{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;
align-items:start}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fafbfc;
min-width:0}
figcaption{font-size:.88rem;color:var(--muted);overflow-wrap:anywhere}
figcaption a{font-weight:600}
video{display:block;width:100%;max-height:70vh;background:#000;border-radius:4px}
audio{display:block;width:100%}
img{display:block;max-width:100%;height:auto}
.thumbs img{width:100%;border:1px solid var(--line);background:#fff}
.wave{margin-top:6px;width:100%;border-radius:4px}
ul.files{margin:.3em 0;padding-left:1.3em}
ul.files li{margin:.2em 0;overflow-wrap:anywhere}
.missing{color:var(--bad);font-weight:600}
.broken{display:none;color:var(--bad);font-weight:600}
figure[data-broken] .broken{display:block}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:20px 8px}
@media (max-width:600px){body{font-size:15px}.top h1{font-size:1.2rem}
section.script{padding:10px;border-radius:6px}dl.facts{grid-template-columns:1fr}
dl.facts dd{margin-bottom:6px}.grid{grid-template-columns:1fr}}
"""

# Marks each video, audio, image and subtitle track with data-loaded / data-error once the
# browser has opened (or failed to open) it, so a broken file shows a red note on the page
# (and a headless browser's DOM tells which media loaded). Capturing listeners registered in
# <head>, before any media element exists, see every event. The page works without it.
SCRIPT = """\
(function(){
var kinds={VIDEO:1,AUDIO:1,IMG:1,TRACK:1};
function mark(ok){return function(e){var el=e.target;
if(!el||!kinds[el.tagName])return;
el.setAttribute(ok?'data-loaded':'data-error','1');
if(!ok){var f=el.closest('figure');if(f)f.setAttribute('data-broken','1');}};}
document.addEventListener('loadedmetadata',mark(true),true);
document.addEventListener('load',mark(true),true);
document.addEventListener('error',mark(false),true);
})();
"""


def sha256_source(text: str) -> str:
    """A CSP hash source ('sha256-…') for an inline block's exact text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    """Only local files and data: URLs, only our own script and style: nothing from the net."""
    local = "'self' file: data:"
    return "; ".join([
        "default-src 'none'",
        f"img-src {local}",
        f"media-src {local}",
        f"script-src {sha256_source(SCRIPT)}",
        f"style-src {sha256_source(CSS)}",
        "base-uri 'none'",
        "form-action 'none'",
    ])
