#!/usr/bin/env bash
# Run the verl integration's tests against a real verl, in a virtual environment of its own.
#
# verl 0.9.1 pins transformers>=5.5.3,<5.11 while the project's test extra (TRL 1.16) resolves a
# newer one, so verl gets its own venv (.venv-verl/, ignored by git) instead of the project's.
# torch is installed first, pinned, so that verl's resolve never replaces it (on a CPU-only
# machine set TORCH_INDEX=https://download.pytorch.org/whl/cpu). Usage:
#   bash scripts/verl_check.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VERL_VENV:-.venv-verl}"
# verl-core: what verl.experimental.agent_loop imports (cachetools, fastapi, ...) beyond the bare package.
VERL_SPEC="${VERL_SPEC:-verl[verl-core]==0.9.1}"
TORCH_SPEC="${TORCH_SPEC:-torch==2.13.0}"

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import torch" >/dev/null 2>&1; then
    "$VENV/bin/pip" install --quiet "$TORCH_SPEC" ${TORCH_INDEX:+--index-url "$TORCH_INDEX"}
fi
if ! "$VENV/bin/python" -c "import verl.experimental.agent_loop" >/dev/null 2>&1; then
    "$VENV/bin/pip" install --quiet "$VERL_SPEC" "$TORCH_SPEC"
fi
# This project, editable, with its light dependencies; torch and transformers are verl's.
"$VENV/bin/pip" install --quiet -e . "$TORCH_SPEC" pytest
exec "$VENV/bin/python" -m pytest tests/test_integrations_verl.py -q -p no:cacheprovider "$@"
