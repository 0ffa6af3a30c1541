"""Special judges: checker programs that decide a test inside the sandbox (Kattis and testlib protocols)."""

from __future__ import annotations

import shutil

import pytest

from refine_env.sandbox import Job, Limits, Program, Sandbox, SpecialJudge, TestCase, Verdict

# Any pair (a, b) with a + b = n is right: exact comparison cannot judge it.
KATTIS_VALIDATOR = r'''
import sys
n = int(open(sys.argv[1]).read())
answer_ok = int(open(sys.argv[2]).read().split()[0]) + int(open(sys.argv[2]).read().split()[1]) == n
try:
    a, b = map(int, sys.stdin.read().split())
except ValueError:
    open(sys.argv[3] + "judgemessage.txt", "w").write("expected two integers")
    sys.exit(43)
sys.exit(42 if answer_ok and a + b == n and a >= 0 and b >= 0 else 43)
'''
TESTLIB_CHECKER = r'''
#include <fstream>
int main(int argc, char** argv) {
    std::ifstream in(argv[1]), out(argv[2]);
    long long n, a, b;
    in >> n;
    if (!(out >> a >> b)) return 2;
    return (a + b == n && a >= 0 && b >= 0) ? 0 : 1;
}
'''
TESTS = [TestCase("10\n", "3 7\n"), TestCase("5\n", "0 5\n")]
LIMITS = Limits(time_s=2, memory_mb=256)


@pytest.fixture(scope="module")
def sb():
    with Sandbox(workers=2) as box:
        yield box


def test_a_kattis_validator_accepts_any_right_answer(sb):
    judge = SpecialJudge(Program("python", KATTIS_VALIDATOR), protocol="kattis")
    half = Program("python", "n = int(input())\nprint(n // 2, n - n // 2)")
    wrong = Program("python", "n = int(input())\nprint(n, 1)")
    garbage = Program("python", "print('x' * 1000)")
    results = sb.run_batch([Job(p, TESTS, LIMITS, checker=judge) for p in (half, wrong, garbage)])
    assert [[r.verdict for r in rs] for rs in results] == [[Verdict.AC] * 2, [Verdict.WA] * 2, [Verdict.WA] * 2]
    # exact comparison would have failed the right answers
    assert [r.verdict for r in sb.run(half, TESTS, LIMITS, checker="tokens")] == [Verdict.WA, Verdict.WA]


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_a_testlib_checker_in_cpp(sb):
    judge = SpecialJudge(Program("cpp", TESTLIB_CHECKER), protocol="testlib")
    half = Program("python", "n = int(input())\nprint(n - 1, 1)")
    negative = Program("python", "n = int(input())\nprint(-1, n + 1)")
    results = sb.run_batch([Job(half, TESTS, LIMITS, checker=judge), Job(negative, TESTS, LIMITS, checker=judge)])
    assert [[r.verdict for r in rs] for rs in results] == [[Verdict.AC] * 2, [Verdict.WA] * 2]


def test_a_judge_broken_by_the_output_is_a_wrong_answer_not_a_crash(sb):
    crashing = SpecialJudge(Program("python", "import sys\nsys.stdin.read()\nraise SystemExit(1)"), protocol="kattis")
    result = sb.run(Program("python", "print(1, 2)"), TESTS[:1], LIMITS, checker=crashing)[0]
    assert result.verdict is Verdict.WA and "could not judge" in result.message


def test_a_program_that_fails_is_judged_without_its_judge(sb):
    judge = SpecialJudge(Program("python", KATTIS_VALIDATOR), protocol="kattis")
    results = sb.run(Program("python", "raise ValueError"), TESTS, LIMITS, checker=judge)
    assert [r.verdict for r in results] == [Verdict.RE, Verdict.RE]


def test_special_judge_arguments_are_checked():
    with pytest.raises(ValueError, match="Expected SpecialJudge.protocol to be one of"):
        SpecialJudge(Program("python", "pass"), protocol="icpc")
    with pytest.raises(ValueError, match="Expected SpecialJudge.program to be a stdin Program"):
        SpecialJudge(Program("python", "def f(): pass", "f"))
