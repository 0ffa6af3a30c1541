"""Write RefineCode-v0 episode starts as verl's parquet files: train.parquet and val.parquet.

    python examples/verl_grpo/make_data.py --out ~/data/refine_code [--mutants wrong_trap,wrong_cap]

Training rows are the built-in train split, from scratch and (``--mutants``) from labelled wrong
solutions; validation rows are the test split from scratch. Each row names its start in
``extra_info`` and routes to the ``refine_code`` agent loop (refine_agents.integrations.verl).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder for train.parquet and val.parquet")
    parser.add_argument("--dataset", default="builtin", help="a dataset name or path for refine_env.problems.load (default: builtin)")
    parser.add_argument("--mutants", default="", help="comma-separated mutant labels to start training episodes from")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the training rows (default: 1)")
    args = parser.parse_args(list(argv) or None)

    from refine_agents.integrations.verl import LoopConfig, make_rows, write_parquet

    out = Path(args.out).expanduser()
    out.mkdir(parents=True, exist_ok=True)
    labels = tuple(label for label in args.mutants.split(",") if label)
    train = make_rows(LoopConfig(dataset=args.dataset, split="train"), mutant_labels=labels) * args.repeat
    val = make_rows(LoopConfig(dataset=args.dataset, split="test"))
    write_parquet(train, str(out / "train.parquet"))
    write_parquet(val, str(out / "val.parquet"))
    print(f"{len(train)} training rows, {len(val)} validation rows in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
