"""PPO's pure pieces against hand-computed numbers: GAE, GRPO, RLOO, turn-level credit, losses, masks, batches, config."""

from __future__ import annotations

import math
from pathlib import Path
from typing import List, Optional, Sequence

import pytest
import torch
from refine_agents.ppo import PPOConfig
from refine_agents.ppo.advantages import (
    broadcast_episodes,
    broadcast_turns,
    gae,
    grpo_advantages,
    masked_whiten,
    rloo_advantages,
    turn_group_advantages,
    turn_returns,
)
from refine_agents.ppo.buffer import build_batch, mini_batches, pack_by_length
from refine_agents.ppo.estimators import ESTIMATORS, get_estimator, turn_level_rewards, turn_values
from refine_agents.ppo.losses import (
    aggregate,
    entropy_from_logits,
    explained_variance,
    kl_penalty,
    policy_loss,
    rollout_importance_stats,
    rollout_importance_weights,
    value_loss,
)
from refine_agents.ppo.model import PolicyOutput
from refine_agents.ppo.objective import KLController, ppo_objective
from refine_agents.ppo.rollout import Episode, EpisodeStart
from refine_agents.ppo.scoring import progress_rewards

T = torch.tensor


def close(a: torch.Tensor, b: Sequence, tol: float = 1e-5) -> bool:
    return torch.allclose(a.double(), torch.as_tensor(b, dtype=torch.float64), atol=tol, rtol=0)


# -- GAE ------------------------------------------------------------------------------------------

def test_gae_skips_environment_tokens_and_matches_hand_computation() -> None:
    # Row 0: prompt, a1, a2 | env | a3 ; turn 0's reward 0.5 on a2, turn 1's reward 1.0 on a3.
    # Values on env tokens (9.9) must be ignored: the step after a2 is a3.
    rewards = T([[0.0, 0.0, 0.5, 0.0, 1.0], [0.0, 2.0, 0.0, 0.0, 0.0]])
    values = T([[9.9, 0.1, 0.2, 9.9, 0.3], [9.9, 0.5, 9.9, 9.9, 9.9]])
    mask = T([[0, 1, 1, 0, 1], [0, 1, 0, 0, 0]])
    adv, ret = gae(rewards, values, mask, gamma=0.9, lam=0.8)
    # delta2 = 1 - 0.3 = 0.7; delta1 = 0.5 + 0.9*0.3 - 0.2 = 0.57; delta0 = 0.9*0.2 - 0.1 = 0.08
    # A2 = 0.7; A1 = 0.57 + 0.72*0.7 = 1.074; A0 = 0.08 + 0.72*1.074 = 0.85328
    assert close(adv[0], [0, 0.85328, 1.074, 0, 0.7])
    assert close(ret[0], [0, 0.95328, 1.274, 0, 1.0])
    assert close(adv[1], [0, 1.5, 0, 0, 0])
    assert close(ret[1], [0, 2.0, 0, 0, 0])


def test_gae_with_lambda_one_is_the_discounted_return_minus_value() -> None:
    rewards = T([[0.0, 0.0, 0.0, 1.0]])
    values = T([[0.0, 0.2, 0.4, 0.6]])
    mask = T([[0, 1, 1, 1]])
    adv, ret = gae(rewards, values, mask, gamma=0.5, lam=1.0)
    assert close(ret[0], [0, 0.25, 0.5, 1.0])
    assert close(adv[0], [0, 0.05, 0.1, 0.4])


def test_gae_refuses_rewards_on_environment_tokens() -> None:
    with pytest.raises(ValueError, match="Expected rewards of 0 wherever mask is 0"):
        gae(T([[1.0, 0.0]]), T([[0.0, 0.0]]), T([[0, 1]]), gamma=1.0, lam=1.0)


# -- GRPO, RLOO -----------------------------------------------------------------------------------

def test_grpo_normalises_within_each_group() -> None:
    scores = T([1.0, 0.0, 0.0, 1.0, 0.5, 0.5])
    groups = T([0, 0, 0, 0, 1, 1])
    adv = grpo_advantages(scores, groups)
    # group 0: mean 0.5, unbiased std sqrt(1/3); group 1: all equal, so 0.
    s = 0.5 / math.sqrt(1 / 3)
    assert close(adv, [s, -s, -s, s, 0, 0], tol=1e-4)
    assert close(grpo_advantages(scores, groups, scale_by_std=False), [0.5, -0.5, -0.5, 0.5, 0, 0])


def test_rloo_uses_the_mean_of_the_other_episodes() -> None:
    adv = rloo_advantages(T([1.0, 0.0, 0.0, 1.0, 3.0, 1.0]), T([0, 0, 0, 0, 1, 1]))
    assert close(adv, [2 / 3, -2 / 3, -2 / 3, 2 / 3, 2.0, -2.0])


def test_group_estimators_need_two_episodes_per_group() -> None:
    for fn in (grpo_advantages, rloo_advantages):
        with pytest.raises(ValueError, match=r"Expected every group to hold at least 2 episodes, got group sizes \[2, 1\]"):
            fn(T([1.0, 0.0, 1.0]), T([0, 0, 1]))


# -- turn level -----------------------------------------------------------------------------------

def test_turn_returns_discount_over_turns() -> None:
    assert close(turn_returns(T([[-0.1, -0.1, 1.0]]), T([[1, 1, 1]]), gamma=0.5)[0], [0.1, 0.4, 1.0])


def test_turn_group_advantages_compare_the_same_turn_of_the_group() -> None:
    # Group of three, gamma 1, unscaled: A runs two turns (cost then success), B fails in one, C succeeds in one.
    rewards = T([[-0.1, 1.0], [0.0, 0.0], [1.0, 0.0]])
    mask = T([[1, 1], [1, 0], [1, 0]])
    adv = turn_group_advantages(rewards, mask, T([0, 0, 0]), gamma=1.0, scale_by_std=False)
    mean0 = (0.9 + 0.0 + 1.0) / 3
    # Turn 1 was reached by A alone: it takes A's turn-0 advantage.
    assert close(adv, [[0.9 - mean0, 0.9 - mean0], [-mean0, 0.0], [1.0 - mean0, 0.0]])


def test_turn_group_advantages_equal_grpo_for_a_final_reward() -> None:
    rewards = T([[0.0, 1.0], [0.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    mask = torch.ones(4, 2)
    groups = T([0, 0, 0, 0])
    adv = turn_group_advantages(rewards, mask, groups, gamma=1.0)
    expected = grpo_advantages(rewards.sum(dim=1), groups)
    assert torch.allclose(adv, expected.unsqueeze(1).expand(4, 2), atol=1e-6)


def test_broadcasts_put_values_on_model_tokens_only() -> None:
    assert close(broadcast_turns(T([[1.0, 2.0]]), T([[-1, 0, 0, -1, 1]]))[0], [0, 1, 1, 0, 2])
    assert close(broadcast_episodes(T([3.0, -1.0]), T([[0, 1, 1], [0, 0, 1]])), [[0, 3, 3], [0, 0, -1]])


def test_masked_whiten_ignores_masked_entries() -> None:
    out = masked_whiten(T([1.0, 100.0, 3.0]), T([1, 0, 1]))
    assert close(out, [-1 / math.sqrt(2), 0.0, 1 / math.sqrt(2)], tol=1e-6)


def test_progress_rewards_pay_only_new_bests() -> None:
    # Starts from a first attempt at 1/3: 1/3 (no gain), None (a test turn), 2/3 (+1/3), 1/3 (regression), 1 (+1/3).
    out = progress_rewards([1 / 3, None, 2 / 3, 1 / 3, 1.0], initial=1 / 3, bonus=0.3)
    assert close(T(out), [0.0, 0.0, 0.1, 0.0, 0.1])


# -- losses ---------------------------------------------------------------------------------------

def test_policy_loss_clips_only_in_the_advantage_direction() -> None:
    logprobs = torch.log(T([[0.5, 0.9]])).requires_grad_()
    old = torch.log(T([[0.4, 0.3]]))
    adv = T([[1.0, -2.0]])
    out = policy_loss(logprobs, old, adv, torch.ones(1, 2), clip_eps=0.2)
    # ratios 1.25 and 3.0: the first is clipped (-1.2 beats -1.25); with A < 0 a large ratio is not clipped (6.0).
    assert out.loss.item() == pytest.approx((-1.2 + 6.0) / 2)
    assert out.stats["clipfrac"].item() == pytest.approx(0.5)
    out.loss.backward()
    assert close(logprobs.grad, [[0.0, 3.0]])


def test_clip_higher_widens_the_upper_bound() -> None:
    out = policy_loss(torch.log(T([[0.5]])), torch.log(T([[0.4]])), T([[1.0]]), torch.ones(1, 1), clip_eps=0.2,
                      clip_eps_high=0.28)
    assert out.loss.item() == pytest.approx(-1.25)


def test_environment_token_with_a_huge_advantage_does_not_move_the_loss() -> None:
    mask = T([[0.0, 1.0, 1.0]])
    old = torch.log(T([[0.2, 0.4, 0.3]]))

    def run(adv0: float, lp0: float):
        lp = torch.log(T([[lp0, 0.5, 0.9]])).requires_grad_()
        adv = T([[adv0, 1.0, -2.0]])
        values = T([[1e6 * adv0 if math.isfinite(adv0) else 0.0, 1.0, 0.0]]).requires_grad_()
        batch = _batch_like(mask, old=old, adv=adv)
        out = ppo_objective(PolicyOutput(lp, T([[1e9, 2.0, 1.0]]), values), batch, _config(), normalizer=2.0)
        out.loss.backward()
        return out.loss.item(), lp.grad.clone(), values.grad.clone()

    base_loss, base_grad, base_vgrad = run(0.0, 0.2)
    for adv0, lp0 in ((1e30, 0.999), (-1e30, 1e-30), (float("inf"), 0.5)):
        loss, grad, vgrad = run(adv0, lp0)
        assert loss == base_loss
        assert torch.equal(grad, base_grad) and grad[0, 0] == 0
        assert torch.equal(vgrad, base_vgrad) and vgrad[0, 0] == 0


def test_value_loss_clipped_and_unclipped() -> None:
    v, old, ret, mask = T([[1.0, 0.0]]), T([[0.5, 0.5]]), T([[2.0, 0.0]]), torch.ones(1, 2)
    out = value_loss(v, old, ret, mask, clip=0.2)
    # token 1: max((1-2)^2, (0.7-2)^2) = 1.69; token 2: max(0, (0.3-0)^2) = 0.09; halves, mean.
    assert out.loss.item() == pytest.approx((0.845 + 0.045) / 2)
    assert out.stats["vf_clipfrac"].item() == pytest.approx(1.0)
    assert value_loss(v, old, ret, mask, clip=None).loss.item() == pytest.approx(0.25)


def test_kl_estimators() -> None:
    lp, ref = torch.log(T([0.5])), torch.log(T([0.25]))
    assert kl_penalty(lp, ref, estimator="k1").item() == pytest.approx(math.log(2))
    assert kl_penalty(lp, ref, estimator="k2").item() == pytest.approx(0.5 * math.log(2) ** 2)
    assert kl_penalty(lp, ref, estimator="k3").item() == pytest.approx(0.5 - 1 + math.log(2))
    assert kl_penalty(lp, ref, estimator="none").item() == 0.0
    assert kl_penalty(lp, lp, estimator="k3").item() == 0.0
    with pytest.raises(ValueError, match="Expected estimator to be one of"):
        kl_penalty(lp, ref, estimator="k4")


def test_aggregations() -> None:
    values = T([[1.0, 2.0, 3.0], [4.0, 0.0, 0.0], [7.0, 7.0, 7.0]])
    mask = T([[1, 1, 1], [1, 0, 0], [0, 0, 0]])
    assert aggregate(values, mask, mode="token-mean").item() == pytest.approx(10 / 4)
    assert aggregate(values, mask, mode="seq-mean-token-mean").item() == pytest.approx((2 + 4) / 2)
    assert aggregate(values, mask, mode="seq-mean-token-sum").item() == pytest.approx((6 + 4) / 2)
    assert aggregate(values, mask, mode="seq-mean-token-sum-norm", max_tokens=4).item() == pytest.approx((6 / 4 + 4 / 4) / 2)
    assert aggregate(values, mask, mode="token-mean", normalizer=8).item() == pytest.approx(10 / 8)
    assert aggregate(values, torch.zeros(3, 3), mode="token-mean").item() == 0.0
    with pytest.raises(ValueError, match="Expected mode to be one of"):
        aggregate(values, mask, mode="sum")


def test_accumulated_micro_batches_equal_one_batch() -> None:
    # The normaliser makes the sum of micro-batch losses equal the whole batch's mean, for every mode.
    values = torch.rand(4, 5)
    mask = (torch.rand(4, 5) > 0.3).float()
    mask[:, 0] = 1
    for mode, units in (("token-mean", mask.sum()), ("seq-mean-token-mean", 4.0), ("seq-mean-token-sum", 4.0)):
        whole = aggregate(values, mask, mode=mode)
        parts = sum(aggregate(values[i:i + 2], mask[i:i + 2], mode=mode, normalizer=float(units)) for i in (0, 2))
        assert parts.item() == pytest.approx(whole.item(), rel=1e-6)


def test_entropy_and_explained_variance() -> None:
    assert entropy_from_logits(torch.zeros(4)).item() == pytest.approx(math.log(4))
    assert entropy_from_logits(T([100.0, 0.0, 0.0])).item() == pytest.approx(0.0, abs=1e-6)
    ret = T([[0.0, 1.0, 2.0, 3.0]])
    ones = torch.ones(1, 4)
    assert explained_variance(ret, ret, ones) == pytest.approx(1.0)
    assert explained_variance(torch.full((1, 4), 1.5), ret, ones) == pytest.approx(0.0)


# -- batches --------------------------------------------------------------------------------------

def fake_episode(mask: Sequence[int], turn_rewards: Sequence[float], *, group: int = 0,
                 turn_of_token: Optional[Sequence[int]] = None) -> Episode:
    if turn_of_token is None:
        turn, turn_of_token, prev = -1, [], 0
        for m in mask:
            if m and not prev:
                turn += 1
            turn_of_token.append(turn if m else -1)
            prev = m
    return Episode(
        start=EpisodeStart("p"), group=group, token_ids=tuple(range(10, 10 + len(mask))), mask=tuple(mask),
        sampled_logprobs=tuple(-0.5 * m for m in mask), turn_of_token=tuple(turn_of_token),
        actions=tuple("a" for _ in turn_rewards), turn_rewards=list(turn_rewards), env_rewards=tuple(turn_rewards),
        public_rates=tuple(None for _ in turn_rewards), initial_public_rate=None, transitions=(), hidden_passed=None,
        hidden_total=None, verdict=None, first_code=None, finish_reasons=tuple("stop" for _ in turn_rewards),
    )


def test_build_batch_places_turn_rewards_on_each_turns_last_model_token() -> None:
    batch = build_batch([fake_episode([0, 1, 1, 0, 0, 1], [0.5, 1.0]), fake_episode([0, 0, 1], [2.0], group=1)], pad_token_id=0)
    assert batch.input_ids.tolist() == [[10, 11, 12, 13, 14, 15], [10, 11, 12, 0, 0, 0]]
    assert batch.attention_mask.tolist() == [[1] * 6, [1, 1, 1, 0, 0, 0]]
    assert batch.rewards.tolist() == [[0, 0, 0.5, 0, 0, 1.0], [0, 0, 2.0, 0, 0, 0]]
    assert batch.turn_index.tolist() == [[-1, 0, 0, -1, -1, 1], [-1, -1, 0, -1, -1, -1]]
    assert batch.turn_first.tolist() == [[1, 5], [2, 0]]
    assert batch.turn_mask.tolist() == [[1, 1], [1, 0]]
    assert batch.episode_returns.tolist() == [1.5, 2.0]
    assert turn_level_rewards(batch).tolist() == [[0.5, 1.0], [2.0, 0.0]]
    part = batch.select([1])
    assert part.input_ids.tolist() == [[10, 11, 12]] and part.groups.tolist() == [1]


def test_build_batch_refuses_a_model_token_first() -> None:
    with pytest.raises(ValueError, match="first token to be a prompt token"):
        build_batch([fake_episode([1, 1], [1.0])], pad_token_id=0)


def test_pack_by_length_fills_bins_longest_first() -> None:
    assert pack_by_length([5, 3, 8, 2], 10) == [[2], [0, 1], [3]]
    assert pack_by_length([20], 10) == [[0]]
    assert pack_by_length([4, 4, 4, 4], 8) == [[0, 1], [2, 3]]


def test_mini_batches_keep_micro_batches_whole() -> None:
    micro = [[0, 1], [2], [3, 4, 5]]
    assert list(mini_batches(micro, episodes_per_mini_batch=0, rng=None)) == [micro]
    assert list(mini_batches(micro, episodes_per_mini_batch=2, rng=None)) == [[[0, 1]], [[2], [3, 4, 5]]]
    shuffled = list(mini_batches(micro, episodes_per_mini_batch=0, rng=__import__("numpy").random.default_rng(0)))[0]
    assert sorted(map(tuple, shuffled)) == sorted(map(tuple, micro))


def test_every_estimator_zeroes_environment_tokens() -> None:
    episodes = [fake_episode([0, 1, 1, 0, 1], [0.0, 1.0], group=0), fake_episode([0, 1, 0, 1, 1], [0.5, 0.0], group=0),
                fake_episode([0, 1, 1, 0, 0], [1.0], group=1), fake_episode([0, 1, 1, 1, 0], [0.0], group=1)]
    batch = build_batch(episodes, pad_token_id=0)
    batch = batch._replace(values=torch.rand(batch.values.shape))
    config = _config(advantage_estimator="gae")
    for name in ESTIMATORS:
        adv, ret = get_estimator(name)(batch, config.replace(advantage_estimator=name))
        assert adv.shape == batch.action_mask.shape
        assert bool((adv[batch.action_mask == 0] == 0).all()), name
    # turn_values reads V at each turn's first model token.
    assert turn_values(batch)[0].tolist() == [batch.values[0, 1].item(), batch.values[0, 4].item()]
    with pytest.raises(ValueError, match=r"Expected an advantage estimator among .* \(did you mean 'grpo'\?\)"):
        get_estimator("gpro")



# -- corrections: importance weights, log-ratio clamp, dual clip, adaptive KL, GAE defaults -----------

def test_rollout_importance_weights_truncate_the_trainer_to_engine_ratio() -> None:
    # pi_old / pi_rollout = 0.5/0.4 = 1.25, 0.2/0.5 = 0.4, 0.9/0.3 = 3.0 (capped at 2); the environment token gets 0.
    old = torch.log(T([[0.5, 0.2, 0.9, 0.7]]))
    rollout = torch.log(T([[0.4, 0.5, 0.3, 0.1]]))
    mask = T([[1, 1, 1, 0]])
    assert close(rollout_importance_weights(old, rollout, mask, cap=2.0), [[1.25, 0.4, 2.0, 0.0]])
    # One weight per episode from the product of its ratios: 1.25 * 0.4 * 3 = 1.5 (below the cap of 2, above 1.2).
    assert close(rollout_importance_weights(old, rollout, mask, level="sequence", cap=2.0), [[1.5, 1.5, 1.5, 0.0]])
    assert close(rollout_importance_weights(old, rollout, mask, level="sequence", cap=1.2), [[1.2, 1.2, 1.2, 0.0]])
    assert close(rollout_importance_weights(old, rollout, mask, level="none"), [[1, 1, 1, 0]])
    stats = rollout_importance_stats(old, rollout, mask, cap=2.0)
    assert stats["mean"] == pytest.approx((1.25 + 0.4 + 2.0) / 3, rel=1e-5)
    assert stats["max"] == pytest.approx(3.0, rel=1e-5) and stats["clipfrac"] == pytest.approx(1 / 3)
    # A rollout logprob of -1000 (an engine bug) cannot overflow: the log ratio is clamped to 20 first.
    huge = rollout_importance_weights(T([[0.0]]), T([[-1000.0]]), T([[1.0]]), cap=math.inf)
    assert huge.item() == pytest.approx(math.exp(20.0), rel=1e-5)
    with pytest.raises(ValueError, match=r"Expected level to be one of \('token', 'sequence', 'none'\), got 'tokens'"):
        rollout_importance_weights(old, rollout, mask, level="tokens")


def test_policy_loss_weights_each_token_by_its_importance_weight() -> None:
    logprobs = torch.log(T([[0.5, 0.5]])).requires_grad_()
    old = torch.log(T([[0.5, 0.5]]))  # ratio 1: the loss is -A * w per token
    out = policy_loss(logprobs, old, T([[1.0, -2.0]]), torch.ones(1, 2), is_weights=T([[0.5, 2.0]]))
    assert out.loss.item() == pytest.approx((-0.5 + 4.0) / 2)
    out.loss.backward()
    assert close(logprobs.grad, [[-0.25, 2.0]])  # d(-A w ratio)/d logprob = -A w ratio, over 2 tokens


def test_dual_clip_bounds_the_loss_of_negative_advantage_tokens() -> None:
    # ratios 5, 2, 5 with A = -2, -2, +1; clip 0.2, dual clip 3.
    logprobs = torch.log(T([[0.5, 0.4, 0.5]])).requires_grad_()
    old = torch.log(T([[0.1, 0.2, 0.1]]))
    adv = T([[-2.0, -2.0, 1.0]])
    plain = policy_loss(logprobs, old, adv, torch.ones(1, 3), clip_eps=0.2)
    # Without it: max(10, 2.4) = 10, max(4, 2.4) = 4, max(-5, -1.2) = -1.2.
    assert plain.loss.item() == pytest.approx((10 + 4 - 1.2) / 3)
    dual = policy_loss(logprobs, old, adv, torch.ones(1, 3), clip_eps=0.2, dual_clip=3.0)
    # With it the first token's loss is min(10, -A * 3 = 6) = 6; the second (4 < 6) and third (A > 0) are unchanged.
    assert dual.loss.item() == pytest.approx((6 + 4 - 1.2) / 3)
    assert dual.stats["dual_clipfrac"].item() == pytest.approx(1 / 3)
    assert plain.stats["dual_clipfrac"].item() == 0.0
    dual.loss.backward()
    # Dual-clipped and clipped tokens pass no gradient; the second token's is -A * ratio / 3 = 2 * 2 / 3.
    assert close(logprobs.grad, [[0.0, 4 / 3, 0.0]])


@pytest.mark.parametrize("adv", [1.0, -1.0])
def test_a_token_with_a_huge_ratio_leaves_loss_and_gradient_finite(adv: float) -> None:
    # log ratio 100: exp overflows float32 (e^100 > 3.4e38), the loss would be +-inf and the step nan.
    def run(**kwargs):
        logprobs = T([[-0.1, -1.0]]).requires_grad_()
        old = T([[-100.1, -1.0]])
        out = policy_loss(logprobs, old, T([[adv, 0.5]]), torch.ones(1, 2), **kwargs)
        out.loss.backward()
        return out.loss, logprobs.grad

    loss, grad = run(log_ratio_clamp=math.inf)
    assert not math.isfinite(loss.item()) or adv > 0  # the unclamped form: -A * inf for A < 0
    for kwargs in (dict(), dict(dual_clip=3.0)):  # the defaults of policy_loss clamp the log ratio to 20
        loss, grad = run(**kwargs)
        assert math.isfinite(loss.item()) and bool(torch.isfinite(grad).all())
        assert grad[0, 0] == 0.0  # the clamped token pulls no more
    loss, _ = run(dual_clip=3.0)
    # A = -1: the token contributes -A * 3 = 3 (dual clip), A = +1: -A * 1.2 (ordinary clip); the second token -0.5.
    assert loss.item() == pytest.approx(((3.0 if adv < 0 else -1.2) - 0.5) / 2)


def test_objective_uses_the_batch_importance_weights_unless_switched_off() -> None:
    mask = T([[0.0, 1.0, 1.0]])
    old = torch.log(T([[0.2, 0.4, 0.3]]))
    batch = _batch_like(mask, old=old, adv=T([[0.0, 1.0, -2.0]]))._replace(rollout_is_weights=T([[0.0, 0.5, 2.0]]))
    output = PolicyOutput(old.clone(), None, None)
    config = _config(advantage_estimator="grpo", kl_coef=0.0, entropy_coef=0.0)
    weighted = ppo_objective(output, batch, config, normalizer=2.0)
    assert weighted.loss.item() == pytest.approx((-0.5 + 4.0) / 2)
    unweighted = ppo_objective(output, batch, config.replace(rollout_is="none"), normalizer=2.0)
    assert unweighted.loss.item() == pytest.approx((-1.0 + 2.0) / 2)


def test_adaptive_kl_controller_follows_ziegler_et_al() -> None:
    ctl = KLController(0.1, target=0.05, horizon=100)
    ctl.update(0.1, 10)   # KL twice the target: error clip(2 - 1) = 0.2, factor 1 + 0.2 * 10 / 100
    assert ctl.value == pytest.approx(0.102)
    ctl.update(0.0, 10)   # KL 0: error clip(-1) = -0.2
    assert ctl.value == pytest.approx(0.102 * 0.98)
    ctl.update(0.06, 50)  # error 0.2 exactly: factor 1 + 0.2 * 0.5
    assert ctl.value == pytest.approx(0.102 * 0.98 * 1.1)
    restored = KLController(0.1, target=0.05, horizon=100)
    restored.load_state_dict(ctl.state_dict())
    assert restored.value == ctl.value
    fixed = KLController(0.1)
    fixed.update(5.0, 1000)
    assert fixed.value == 0.1 and not fixed.adaptive


def test_default_gae_credits_the_first_token_of_a_long_episode() -> None:
    # Two turns of 300 model tokens each after a prompt and feedback; the first episode's second turn solves it.
    mask = [0] * 10 + [1] * 300 + [0] * 20 + [1] * 300
    episodes = [fake_episode(mask, [0.0, 1.0], group=0), fake_episode(mask, [0.0, 0.0], group=0),
                fake_episode(mask, [0.0, 1.0], group=0), fake_episode(mask, [0.0, 0.0], group=0)]
    batch = build_batch(episodes, pad_token_id=0)  # values 0: the zero-initialised value head
    config = PPOConfig(model="m", advantage_estimator="gae")
    adv, _ = get_estimator("gae")(batch, config)
    first = 10
    assert adv[0, first] > 0 and adv[2, first] > 0, "a solved episode's first token must be credited"
    assert adv[1, first] < 0 and adv[3, first] < 0, "an unsolved episode's first token must be blamed"
    assert bool((adv[0][batch.action_mask[0] == 1] > 0).all())
    # With lambda 0.95 the reward reaches the first token with weight 0.95^599 = 4.5e-14: after whitening the
    # solved episode's first token is blamed, and most of its tokens get a negative advantage.
    old_adv, _ = get_estimator("gae")(batch, config.replace(gae_lambda=0.95))
    assert old_adv[0, first] < 0
    assert float((old_adv[0][batch.action_mask[0] == 1] < 0).float().mean()) > 0.8

# -- config ---------------------------------------------------------------------------------------

def _config(**kwargs) -> PPOConfig:
    base = dict(model="tiny", advantage_estimator="gae", kl_coef=0.1, entropy_coef=0.01, vf_coef=0.5)
    base.update(kwargs)
    return PPOConfig(**base)


def _batch_like(mask: torch.Tensor, *, old: torch.Tensor, adv: torch.Tensor):
    ep = fake_episode([int(m) for m in mask[0].tolist()], [1.0])
    batch = build_batch([ep], pad_token_id=0)
    return batch._replace(old_logprobs=old, advantages=adv, ref_logprobs=old - 0.1, values=torch.zeros_like(adv),
                          returns=torch.ones_like(adv), action_mask=mask)


@pytest.mark.parametrize("kwargs, message", [
    (dict(model=""), "Expected model to be a local path or hub id"),
    (dict(model="m", advantage_estimator="gpro"), r"Expected advantage_estimator to be one of .* got 'gpro' \(did you mean 'grpo'\?\)"),
    (dict(model="m", group_size=1), r"Expected group_size >= 2 for the group-relative estimator 'grpo'"),
    (dict(model="m", mutant_start_share=0.7, draft_start_share=0.5), r"Expected mutant_start_share \+ draft_start_share <= 1"),
    (dict(model="m", kl_in_reward=True), r"Expected kl_coef > 0 and a kl_estimator with kl_in_reward=True"),
    (dict(model="m", dtype="bfloat16"), r"Expected dtype='float32' for full fine-tuning"),
    (dict(model="m", clip_eps=0.0), r"Expected clip_eps to be a number in \(0.0, 1.0\], got 0.0"),
    (dict(model="m", temperature=0), r"Expected temperature to be a number in \(0.0, inf\], got 0"),
    (dict(model="m", loss_aggregation="mean"), r"Expected loss_aggregation to be one of"),
    (dict(model="m", rollout_engine="vllm", device="cpu"), r"Expected rollout_engine='hf' on CPU"),
    (dict(model="m", judge_address=" "), r"Expected judge_address to be a Ray address \(auto, HOST:PORT, ray://...\) or None, got ' '"),
    (dict(model="m", kl_coef=0.1, kl_estimator="k1"),
     r"Expected kl_estimator 'k3' \(verl's low_var_kl\) or 'k2' for a KL term in the loss, got 'k1': on tokens sampled "
     r"from the policy, the gradient of k1 = log pi - log pi_ref has expected value 0"),
    (dict(model="m", rollout_is="tokens"), r"Expected rollout_is to be one of \('token', 'sequence', 'none'\), got 'tokens' \(did you mean 'token'\?\)"),
    (dict(model="m", rollout_is_cap=0.5), r"Expected rollout_is_cap to be a finite number >= 1"),
    (dict(model="m", dual_clip=1.0), r"Expected dual_clip to be None or a number > 1 \(the bound is -A \* dual_clip\), got 1.0"),
    (dict(model="m", log_ratio_clamp=0), r"Expected log_ratio_clamp to be a finite number > 0, got 0"),
    (dict(model="m", critic_warmup_steps=3),
     r"Expected a critic estimator \('gae', 'turn_gae'\) with critic_warmup_steps=3, got advantage_estimator='grpo'"),
    (dict(model="m", critic_backbone="separate"), r"Expected a critic estimator \('gae', 'turn_gae'\) with critic_backbone='separate'"),
    (dict(model="m", critic_backbone="own", advantage_estimator="gae"), r"Expected critic_backbone to be one of"),
    (dict(model="m", kl_target=0.1), r"Expected kl_coef > 0 \(the adaptive controller's starting value\) and a kl_estimator"),
    (dict(model="m", ref_dtype="bf16"), r"Expected ref_dtype to be None or one of .* got 'bf16'"),
])
def test_config_rejects_bad_settings_with_the_reason(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        PPOConfig(**kwargs)


def test_config_accepts_k1_in_the_reward_and_defaults_the_reference_dtype() -> None:
    assert PPOConfig(model="m", kl_coef=0.1, kl_estimator="k1", kl_in_reward=True).kl_estimator == "k1"
    assert PPOConfig(model="m").reference_dtype == "float32"
    assert PPOConfig(model="m", bf16=True).reference_dtype == "bfloat16"
    assert PPOConfig(model="m", bf16=True, ref_dtype="float32").reference_dtype == "float32"


def test_config_round_trips_through_yaml_and_json(tmp_path: Path) -> None:
    config = PPOConfig(model="m", problem_ids=("a", "b"), lora_rank=8, dtype="bfloat16", lora_target_modules=("q_proj",))
    (tmp_path / "c.json").write_text(__import__("json").dumps(config.to_dict()))
    assert PPOConfig.from_file(tmp_path / "c.json") == config
    (tmp_path / "c.yaml").write_text("model: m\nproblem_ids: [a, b]\nlora_rank: 8\ndtype: bfloat16\nlora_target_modules: [q_proj]\n")
    assert PPOConfig.from_file(tmp_path / "c.yaml") == config
    assert PPOConfig.from_file(tmp_path / "c.yaml", lora_rank=4).lora_rank == 4
    (tmp_path / "bad.yaml").write_text("model: m\nlearning_rat: 0.1\n")
    with pytest.raises(ValueError, match=r"got unknown 'learning_rat' \(did you mean 'learning_rate'\?\)"):
        PPOConfig.from_file(tmp_path / "bad.yaml")


def test_example_configs_load() -> None:
    folder = Path(__file__).resolve().parents[1] / "examples" / "configs"
    found: List[Path] = sorted(folder.glob("qwen3_4b_*.yaml"))
    assert found, "examples/configs/qwen3_4b_*.yaml missing"
    for path in found:
        config = PPOConfig.from_file(path)
        assert config.model
