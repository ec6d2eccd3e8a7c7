"""Voilà settings for the pages of a JupyterHub user's server (the hub puts this folder in JUPYTER_CONFIG_PATH).

A closed tab asks its server to shut its kernel down (a POST carrying the page's ``_xsrf`` cookie); Voilà's pages
never set that cookie, so the request was refused and the kernel lived on until the culler. ``vae app`` sets the
cookie before each page (vae_toolkit.app.server.serve); under the hub the same function runs as Voilà's prelaunch
hook. Only the cookie is set: XSRF checking stays on for every request.
"""

from vae_toolkit.app.server import set_xsrf_cookie

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file
c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
