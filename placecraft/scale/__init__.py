"""Generated places at realistic scale, for benchmarks (``manage.py seed_scale``)."""
