"""The opt-in online basemap: which style it loads, and whether it can be reached.

The maps need no basemap (the park is drawn as the outline of its points). When the planner asks
for one, the browser loads the style at :func:`style_url` (Carto's light basemap, or the one named
by :data:`STYLE_ENV`, e.g. a park office's own tile server). The app cannot see what the browser
loads, so it tries the same address from its own computer (:func:`unreachable`) and says so when
that fails. Nothing here imports Streamlit.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from urllib.parse import urlsplit

#: Environment variable: the style JSON of the online basemap (default :data:`CARTO_LIGHT`).
STYLE_ENV = "OPTIMIZER_BASEMAP_STYLE"

#: Carto's light basemap (Positron), free for this use with attribution.
CARTO_LIGHT = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"

#: Seconds to wait for the basemap's server before saying it cannot be reached.
PROBE_TIMEOUT_S = 3.0


def style_url() -> str:
    """The style the online basemap loads: :data:`STYLE_ENV` if set, else Carto's light style."""
    return os.environ.get(STYLE_ENV, "").strip() or CARTO_LIGHT


def host_of(url: str) -> str:
    """The server a URL names.

    >>> host_of(CARTO_LIGHT)
    'basemaps.cartocdn.com'
    """
    return urlsplit(url).netloc or url


def unreachable(url: str, timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """Why the style at ``url`` cannot be loaded from this computer, or None when it can."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            if response.status != 200:
                return f"it answered with HTTP status {response.status}"
    except urllib.error.HTTPError as error:
        return f"it answered with HTTP status {error.code}"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return f"no answer ({reason})"
    return None
