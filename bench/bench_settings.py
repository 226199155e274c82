"""Settings for the benchmarks: production settings (DEBUG off) with two differences that do not
change what is measured: static files are addressed without the hashed manifest, so no
``collectstatic`` into the shared working tree is needed, and HTTPS redirects are off because the
benchmark speaks plain HTTP on 127.0.0.1."""

import warnings

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# whitenoise looks for collected static files; the benchmark requests pages, not assets.
warnings.filterwarnings("ignore", "No directory at")
