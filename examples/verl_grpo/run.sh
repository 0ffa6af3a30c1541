#!/usr/bin/env bash
# GRPO on RefineCode-v0 with verl's trainer, episodes played by the RefineCode agent loop.
#
#   MODEL=Qwen/Qwen3-4B DATA=~/data/refine_code STEPS=200 bash examples/verl_grpo/run.sh [hydra overrides...]
#
# Needs verl 0.9.1 with a rollout engine (pip install 'refine-env[verl]' 'verl[vllm]==0.9.1') and GPUs;
# run from the project root (or with refine_agents importable). Extra arguments override overrides.txt,
# e.g. trainer.n_gpus_per_node=1 data.train_batch_size=8.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODEL="${MODEL:-Qwen/Qwen3-4B}"
DATA="${DATA:-$HOME/data/refine_code}"
AGENT_LOOP="${AGENT_LOOP:-$HERE/agent_loop.yaml}"
STEPS="${STEPS:-200}"

if [ ! -f "$DATA/train.parquet" ] || [ ! -f "$DATA/val.parquet" ]; then
    python3 "$HERE/make_data.py" --out "$DATA"
fi
args=()
while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    case "$line" in ""|"#"*) continue ;; esac
    line="${line//\$MODEL/$MODEL}"
    line="${line//\$DATA/$DATA}"
    line="${line//\$AGENT_LOOP/$AGENT_LOOP}"
    line="${line//\$STEPS/$STEPS}"
    args+=("$line")
done < "$HERE/overrides.txt"
exec python3 -m verl.trainer.main_ppo "${args[@]}" "$@"
