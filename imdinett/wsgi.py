import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "imdinett.settings")
application = get_wsgi_application()
# What is loaded now (modules, models, URL patterns: ~190,000 objects) lives as long as the worker. Frozen, it is
# out of the garbage collector's sight, so a full collection walks only what requests made: unfrozen, one in ten
# requests of a large page (Forslag til fordeling) paid 40–80 ms for it (issue #21, docs/beslutninger.md).
gc.freeze()
