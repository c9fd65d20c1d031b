"""What every HTML page shares in its style sheet: dark mode.

A parent reading at night on a phone set to dark gets a dark page (`prefers-color-scheme`);
print is always black on white (the dark rules are for the screen only).
The charts draw in `currentColor`, so they follow. Status colours are lightened to keep
4.5:1 contrast on the dark background.
"""

from __future__ import annotations

DARK = """
@media screen and (prefers-color-scheme: dark) {
  :root { color-scheme: dark; }
  body { background: #121212; color: #e8e8e8; }
  th { background: #2a2a2a; color: #f0f0f0; }
  th, td { border-color: #555 !important; }
  p.heading, td.item small, .method, .legend, figure.goal figcaption, small { color: #c8c8c8; }
  a { color: #8cc4ff; }
  .not-implemented, .behind { color: #ff8a80; } .no-evidence, .no-data { color: #ffab70; }
  .stale { color: #e6c35c; } .partial { color: #d7a6ff; } .minutes-short { color: #6fd0ff; }
  .ok, .on-track, .met { color: #7ddc7d; } .inactive { color: #b0b0b0; }
}
"""
