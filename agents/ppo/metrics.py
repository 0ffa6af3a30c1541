"""Run bookkeeping: JSONL and TensorBoard logs, and wall time plus peak memory per training phase."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, Mapping

import torch

__all__ = ["RunLogger", "PhaseMeter"]

logger = logging.getLogger(__name__)


class RunLogger:
    """Appends one JSON object per step to ``metrics.jsonl`` and mirrors scalars to TensorBoard.

    Only the main process writes. Non-finite values are written as null in JSON (valid JSON)
    and skipped in TensorBoard.
    """

    def __init__(self, output_dir: os.PathLike, *, tensorboard: bool, enabled: bool = True) -> None:
        self.enabled = enabled
        self.path = Path(output_dir) / "metrics.jsonl"
        self.samples_path = Path(output_dir) / "samples.jsonl"
        self._writer: Any = None
        if not enabled:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if tensorboard:
            from torch.utils.tensorboard import SummaryWriter

            self._writer = SummaryWriter(log_dir=str(Path(output_dir) / "tensorboard"))

    def log(self, step: int, metrics: Mapping[str, float]) -> None:
        if not self.enabled:
            return
        record: Dict[str, Any] = {"step": int(step)}
        for key, value in sorted(metrics.items()):
            v = float(value)
            record[key] = v if math.isfinite(v) else None
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        if self._writer is not None:
            for key, v in record.items():
                if key != "step" and v is not None:
                    self._writer.add_scalar(key, v, global_step=int(step))
            self._writer.flush()

    def log_samples(self, step: int, samples: Any) -> None:
        if not self.enabled or not samples:
            return
        with open(self.samples_path, "a", encoding="utf-8") as f:
            for sample in samples:
                f.write(json.dumps({"step": int(step), **sample}, ensure_ascii=False) + "\n")

    def truncate_after(self, step: int) -> None:
        """Drop records after ``step`` (a resumed run rewrites the steps it redoes)."""
        if not self.enabled:
            return
        for path in (self.path, self.samples_path):
            if not path.is_file():
                continue
            kept = [line for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and json.loads(line).get("step", 0) <= step]
            path.write_text("".join(line + "\n" for line in kept), encoding="utf-8")

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


class PhaseMeter:
    """Wall time and peak memory of each named phase of a step.

    On CUDA the peak is ``torch.cuda.max_memory_allocated`` since the phase began (its counter
    is reset at each phase). On CPU there is no allocator counter to reset, so a thread samples
    the process's resident memory (RSS) every ``interval_s`` during the phase: a peak shorter
    than the interval can be missed. Phases may nest (``rollout_is`` inside ``score``): the
    outer phase's time and peak include the inner one's (on CUDA the peak reached before the
    inner reset is carried over to the phases still open).
    """

    def __init__(self, device: torch.device, *, interval_s: float = 0.005) -> None:
        self.device = device
        self.interval_s = interval_s
        self.times: Dict[str, float] = {}
        self.peaks_mb: Dict[str, float] = {}
        self._open: Dict[str, float] = {}  # CUDA: phases in progress and their peak before the last reset

    def reset(self) -> None:
        self.times.clear()
        self.peaks_mb.clear()

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
            so_far = torch.cuda.max_memory_allocated(self.device) / 2**20
            for outer in self._open:
                self._open[outer] = max(self._open[outer], so_far)
            torch.cuda.reset_peak_memory_stats(self.device)
            self._open[name] = 0.0
            try:
                yield
            finally:
                torch.cuda.synchronize(self.device)
                before = self._open.pop(name, 0.0)
                peak = max(before, torch.cuda.max_memory_allocated(self.device) / 2**20)
                self.peaks_mb[name] = max(self.peaks_mb.get(name, 0.0), peak)
                self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - start
            return
        import psutil

        proc = psutil.Process()
        peak = [proc.memory_info().rss]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(self.interval_s):
                peak[0] = max(peak[0], proc.memory_info().rss)

        thread = threading.Thread(target=sample, name=f"rss-{name}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()
            peak[0] = max(peak[0], proc.memory_info().rss)
            self.peaks_mb[name] = max(self.peaks_mb.get(name, 0.0), peak[0] / 2**20)
            self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - start

    def metrics(self) -> Dict[str, float]:
        out = {f"time/{k}_s": v for k, v in self.times.items()}
        out.update({f"memory/{k}_peak_mb": v for k, v in self.peaks_mb.items()})
        return out
