# The distribution fixtures: a fordelingsklar family, Sortland's vedtak, its Bosetter and the canary notes.
from ..fordeling.conftest import ansatt, bosetter, familie, vedtak  # noqa: F401
from ..fordeling.test_sider import hemmelig  # noqa: F401
