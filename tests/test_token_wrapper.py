"""TokenObservation: shapes, padding, truncation sides, length facts and argument errors."""

from __future__ import annotations

from typing import List

import numpy as np
import pytest

from refine_env.env import RefineCodeEnv
from refine_env.problems import load_builtin
from refine_env.wrappers.tokens import TokenObservation


class ByteTokenizer:
    """A tokenizer without any download: one id per UTF-8 byte, shifted by one so that 0 can pad."""

    pad_token_id = 0

    def __len__(self) -> int:
        return 257

    def encode(self, text: str, add_special_tokens: bool = True) -> List[int]:
        assert add_special_tokens is False, "the wrapper must not ask for special tokens"
        return [b + 1 for b in text.encode("utf-8")]


class PlainTokenizer:
    """Only ``encode(text)``: no special-token flag, no vocabulary size."""

    def encode(self, text: str) -> List[int]:
        return [ord(c) % 50 for c in text]


def _env() -> RefineCodeEnv:
    # render_mode="ansi": render() returns the latest text observation, what the wrapper tokenized.
    return RefineCodeEnv(dataset=load_builtin()[:2], max_turns=3, render_mode="ansi")


def test_shapes_padding_and_length_facts() -> None:
    env = TokenObservation(_env(), tokenizer=ByteTokenizer(), max_tokens=50_000)
    obs, info = env.reset(seed=0)
    assert obs.shape == (50_000,) and obs.dtype == np.int64
    assert env.observation_space.contains(obs)
    assert env.observation_space.high.max() == 256
    n = info["tokens"]["length"]
    assert 0 < n < 50_000 and info["tokens"]["cut"] == 0
    assert (obs[n:] == 0).all() and (obs[:n] > 0).all()
    # A step without code is a format error: no sandbox needed, and the feedback is tokenized too.
    obs, reward, terminated, truncated, info = env.step("no action here")
    assert env.observation_space.contains(obs) and info["format_error"]
    assert info["tokens"]["length"] == len(env.render().encode("utf-8"))  # type: ignore[union-attr]


@pytest.mark.parametrize("side", ["left", "right", "middle"])
def test_truncation_sides(side: str) -> None:
    env = TokenObservation(_env(), tokenizer=ByteTokenizer(), max_tokens=9, truncation=side)
    ids, facts = env.encode("abcdefghijklmnop")
    assert facts == {"length": 16, "cut": 7}
    text = bytes(int(i) - 1 for i in ids).decode()
    assert text == {"left": "hijklmnop", "right": "abcdefghi", "middle": "abcdemnop"}[side]
    short, facts = env.encode("ab")
    assert short.tolist() == [98, 99] + [0] * 7 and facts == {"length": 2, "cut": 0}


def test_reset_reports_truncation_of_the_prompt() -> None:
    env = TokenObservation(_env(), tokenizer=ByteTokenizer(), max_tokens=64)
    obs, info = env.reset(seed=0)
    assert obs.shape == (64,) and (obs > 0).all()
    assert info["tokens"]["cut"] == info["tokens"]["length"] - 64 > 0 and info["tokens"]["truncation"] == "middle"


def test_plain_tokenizer_needs_vocab_size() -> None:
    with pytest.raises(ValueError, match="Expected vocab_size to be given: tokenizer PlainTokenizer has no len"):
        TokenObservation(_env(), tokenizer=PlainTokenizer())
    env = TokenObservation(_env(), tokenizer=PlainTokenizer(), vocab_size=50, pad_id=49, max_tokens=4)
    ids, _ = env.encode("a")
    assert ids.tolist() == [ord("a") % 50, 49, 49, 49]


def test_argument_errors() -> None:
    with pytest.raises(TypeError, match="Expected tokenizer to have encode"):
        TokenObservation(_env(), tokenizer=object())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Expected truncation to be one of"):
        TokenObservation(_env(), tokenizer=ByteTokenizer(), truncation="top")
    with pytest.raises(ValueError, match=r"Expected max_tokens to be an int >= 1, got 0"):
        TokenObservation(_env(), tokenizer=ByteTokenizer(), max_tokens=0)
    with pytest.raises(ValueError, match=r"Expected pad_id to be an int in \[0, 10\), got 10"):
        TokenObservation(_env(), tokenizer=PlainTokenizer(), vocab_size=10, pad_id=10)
    env = TokenObservation(_env(), tokenizer=PlainTokenizer(), vocab_size=10)
    with pytest.raises(ValueError, match=r"Expected token ids in \[0, 10\) from the tokenizer"):
        env.encode("z")


def test_hf_tokenizer_if_available(tmp_path) -> None:
    """A real Hugging Face tokenizer, trained offline on a few lines (no download)."""
    tokenizers = pytest.importorskip("tokenizers")
    transformers = pytest.importorskip("transformers")
    from tokenizers import models, pre_tokenizers, trainers

    tok = tokenizers.Tokenizer(models.BPE(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.train_from_iterator(["Action: run", "print(sum(map(int, input().split())))"] * 20,
                            trainers.BpeTrainer(vocab_size=300, special_tokens=["[PAD]", "[UNK]"]))
    hf = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]")
    env = TokenObservation(_env(), tokenizer=hf, max_tokens=128)
    obs, info = env.reset(seed=0)
    assert env.pad_id == hf.pad_token_id and env.vocab_size == len(hf)
    assert env.observation_space.contains(obs)
    assert obs.tolist()[: min(info["tokens"]["length"], 64)] == hf.encode(env.render(), add_special_tokens=False)[:64]
