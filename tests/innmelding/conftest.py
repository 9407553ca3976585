import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def tom_cache():
    """The lookup counter of «Bestemte personer» lives in the cache: each test starts and ends without it."""
    cache.clear()
    yield
    cache.clear()
