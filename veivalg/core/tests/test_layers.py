"""The import contract of pyproject.toml ([tool.importlinter]) holds: core and places import no
domain app, a lower app never imports a higher one, no domain app imports the demo. `make lint`
runs the same check; here it fails the suite (and so CI) too."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_no_app_imports_a_layer_above_it():
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
