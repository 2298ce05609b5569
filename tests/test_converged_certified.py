"""``converged=True`` means certified: six significant digits of the exact least squares.

The README's definition: when a run says ``converged=True``, each coefficient c
agrees with the exact least-squares value c* to at least 6 significant digits,
|c - c*| <= 1e-6 * max(|c*|, 1e-16 * scale): a coefficient below 1e-16 of its
scale counts as zero. The scale of the weight is spread_y / spread_x and that
of the bias spread_y * (1 + |mean_x| / spread_x), with |mean_y| for spread_y
when every y is the same. Oracle: exact ``fractions.Fraction`` least squares,
over random data, seeds and every mode, ill-conditioned data included.
(``fit_features`` keeps its own definition, on the data's scale; see the README.)
"""

from __future__ import annotations

import math
import os
import random
import threading
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from conftest import (
    exact_feature_least_squares,
    exact_least_squares,
    exact_loss,
    line_data,
    run_gradstep,
)
from hypothesis import given, settings
from hypothesis import strategies as st

import gradstep
from gradstep.fast.sums import line_sums

MODES = [
    {},
    {"optimizer": "momentum"},
    {"optimizer": "adam"},
    {"batch_size": "all"},
    {"batch_size": 2, "steps": 400},
    {"batch_size": 3, "optimizer": "adam", "steps": 400},
    {"learning_rate": "half stable"},
]


def spreads(values: list[float]) -> tuple[float, float]:
    exact = [Fraction(value) for value in values]
    mean = sum(exact) / len(exact)
    return float(mean), math.sqrt(float(sum((value - mean) ** 2 for value in exact) / len(exact)))


def six_digits(value: float, exact: Fraction, scale: float) -> bool:
    """The README's promise: |c - c*| <= 1e-6 * max(|c*|, 1e-16 * scale)."""
    floor = Fraction(1e-16) * Fraction(scale)
    return abs(Fraction(value) - exact) <= Fraction(1e-6) * max(abs(exact), floor)


def scales(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """The weight's and the bias's scales, from exact means and spreads."""
    mean_x, spread_x = spreads(xs)
    mean_y, spread_y = spreads(ys)
    if spread_y == 0:
        spread_y = abs(mean_y) or 1.0
    return spread_y / spread_x, spread_y * (1 + abs(mean_x) / spread_x)


@st.composite
def hard_lines(draw: st.DrawFn) -> tuple[list[float], list[float]]:
    """Lines whose sums lose digits: x far from 0, y barely explained by x, y constant."""
    size = draw(st.integers(4, 12))
    offset = draw(st.sampled_from([0.0, 1e6, 1e10, -3.5e9, 6.2e13]))
    spread = draw(st.sampled_from([1e-12, 1e-3, 1.0, 1e9, 6.2e13]))
    units = draw(st.lists(st.integers(-1000, 1000), min_size=size, max_size=size))
    xs = [offset + spread * unit / 1000 for unit in units]
    if len(set(xs)) < 2:
        xs[0] = offset + spread * 2
        xs[1] = offset - spread * 2
        if len(set(xs)) < 2:
            xs = [float(index) for index in range(size)]
    weight = draw(st.sampled_from([0.0, 1.5, -2.0, 1e-13, 3e8]))
    bias = draw(st.sampled_from([0.0, 0.29168, -7.0, 1e8, 5.0]))
    noise = draw(st.sampled_from([0.0, 1e-9, 1.0, 1e12]))
    wobble = draw(st.lists(st.integers(-9, 9), min_size=size, max_size=size))
    ys = [weight * x + bias + noise * k for x, k in zip(xs, wobble)]
    return xs, ys


HARD_MODES = [{}, {"optimizer": "momentum"}, {"optimizer": "adam"}, {"learning_rate": "half"}]


@settings(max_examples=60, deadline=None)
@given(data=hard_lines(), mode=st.sampled_from(HARD_MODES), road=st.sampled_from(["fit", "pairs"]))
def test_converged_means_six_significant_digits_on_hard_lines(
    data: tuple[list[float], list[float]], mode: dict[str, object], road: str
) -> None:
    xs, ys = data
    options = dict(mode)
    if options.get("learning_rate") == "half":
        options["learning_rate"] = gradstep.fit(xs, ys).stable_learning_rate / 2
    try:
        if road == "fit":
            result = gradstep.fit(xs, ys, **options)  # type: ignore[arg-type]
        elif "optimizer" in options:
            return  # fit_pairs has no optimizers
        else:
            result = gradstep.fit_pairs(zip(xs, ys), **options)  # type: ignore[arg-type]
    except gradstep.GradstepError:
        return  # data a float cannot square, refused with a sentence
    weight, bias = exact_least_squares(xs, ys)
    weight_scale, bias_scale = scales(xs, ys)
    if result.converged:
        assert six_digits(result.weight, weight, weight_scale), (mode, road, result)
        assert six_digits(result.bias, bias, bias_scale), (mode, road, result)
    else:
        assert "not yet a certified answer" in result.note or "not converged" in result.note, (
            result.note
        )
    if road == "fit" and not options:
        # The default refines from the rows: it must get there, not merely say it did not.
        assert result.converged, result


def test_the_hostile_trials_ill_conditioned_lines_are_exact_or_say_not_certified() -> None:
    cases = [
        ([-1.0, -1.0, 1.0, 1.0], [1e12, -1e12, 1e12 + 3, -1e12 + 3]),
        ([-1.0, -1.0, 1.0, 1.0], [1e15, -1e15, 1e15 + 3, -1e15 + 3]),
        ([1 + 1e-12, 1 + 2e-12, 1 + 3e-12], [5.0, 5.0, 5.0]),
        (
            [1e10 + index / 100 for index in range(100)],
            [2e10 + index / 50 + 1 for index in range(100)],
        ),
    ]
    for xs, ys in cases:
        weight, bias = exact_least_squares(xs, ys)
        result = gradstep.fit(xs, ys)
        assert result.converged, result
        assert (result.weight, result.bias) == (float(weight), float(bias)), result
        for options in ({"optimizer": "adam"}, {"optimizer": "momentum"}, {"batch_size": 2}):
            other = gradstep.fit(xs, ys, **options)  # type: ignore[arg-type]
            weight_scale, bias_scale = scales(xs, ys)
            if other.converged:
                assert six_digits(other.weight, weight, weight_scale), (options, other)
                assert six_digits(other.bias, bias, bias_scale), (options, other)
        streamed = gradstep.fit_pairs(zip(xs, ys))
        if streamed.converged:
            assert six_digits(streamed.weight, weight, weight_scale), streamed
            assert six_digits(streamed.bias, bias, bias_scale), streamed
        else:
            assert "gradstep.fit(xs, ys) on the rows" in streamed.note


@settings(max_examples=30)
@given(data=line_data(min_size=4, max_size=10), mode=st.sampled_from(MODES), seed=st.integers(0, 9))
def test_converged_means_six_digits_of_the_exact_line(
    data: tuple[list[float], list[float]], mode: dict[str, object], seed: int
) -> None:
    xs, ys = data
    mean_x, spread_x = spreads(xs)
    _, spread_y = spreads(ys)
    if spread_y == 0:
        return
    options = dict(mode)
    if options.get("batch_size") == "all":
        options["batch_size"] = len(xs)
    if options.get("learning_rate") == "half stable":
        options["learning_rate"] = gradstep.fit(xs, ys).stable_learning_rate / 2
    result = gradstep.fit(xs, ys, seed=seed, **options)  # type: ignore[arg-type]
    if not result.converged:
        return
    weight, bias = exact_least_squares(xs, ys)
    assert six_digits(result.weight, weight, spread_y / spread_x), (mode, result)
    assert six_digits(result.bias, bias, spread_y * (1 + abs(mean_x) / spread_x)), (mode, result)


def test_stochastic_runs_at_their_noise_floor_say_so() -> None:
    generator = random.Random(4)
    xs = [generator.uniform(0, 10) for _ in range(50)]
    ys = [3 * x + 2 + generator.gauss(0, 1) for x in xs]
    for options in ({"batch_size": 8}, {"batch_size": 8, "optimizer": "adam"}):
        result = gradstep.fit(xs, ys, **options)  # type: ignore[arg-type]
        weight, _ = exact_least_squares(xs, ys)
        if result.converged:
            assert abs(result.weight - float(weight)) <= 1e-6 * 3.0
        else:
            assert "noise floor" in result.note


def test_a_bias_exact_to_its_last_bits_is_converged() -> None:
    # y = 1e8 + 2x + small noise: a bias near 1e8 moves in steps of 1.5e-8, far
    # more, in standardised units, than a gradient of 1e-12 allows.
    generator = random.Random(5)
    xs = [index / 2 - 2 for index in range(9)]
    ys = [1e8 + 2 * x + generator.gauss(0, 0.01) for x in xs]
    stable = gradstep.fit(xs, ys).stable_learning_rate
    result = gradstep.fit(xs, ys, learning_rate=stable / 2)
    weight, bias = exact_least_squares(xs, ys)
    assert result.converged and result.steps < 10_000
    assert abs(result.bias - float(bias)) <= 8 * math.ulp(float(bias))
    assert math.isclose(result.weight, float(weight), rel_tol=1e-6)


def test_a_line_through_the_origin_past_1e154_gets_one_sentence_on_every_path() -> None:
    xs = [1e155 * (1 + index / 1000) for index in range(5)]
    ys = [1.5, 2.5, 3.0, 4.5, 5.0]
    for options in ({}, {"optimizer": "momentum"}, {"batch_size": 2}, {"optimizer": "adam"}):
        try:
            gradstep.fit(xs, ys, fit_bias=False, **options)  # type: ignore[arg-type]
        except gradstep.GradstepError as error:
            assert "too large for a float to square" in str(error)
        else:
            raise AssertionError(f"{options}: no sentence for x near 1e155")


@settings(max_examples=25)
@given(
    data=line_data(min_size=3, max_size=12),
    share=st.floats(min_value=0.05, max_value=0.95),
    exact_line=st.booleans(),
)
def test_no_divergence_error_below_the_stable_rate(
    data: tuple[list[float], list[float]], share: float, exact_line: bool
) -> None:
    # Below 2 / lambda_max the loss of full-batch descent never rises; what
    # rounding does near the bottom (an exact line's loss is 0) is not divergence.
    xs, ys = data
    if exact_line:
        ys = [2.5 * x - 7.25 for x in xs]
    rate = share * gradstep.fit(xs, ys).stable_learning_rate
    gradstep.fit(xs, ys, learning_rate=rate, steps=400)
    gradstep.fit_pairs(zip(xs, ys), learning_rate=rate, steps=400)
    gradstep.fit(xs, ys, learning_rate=rate, steps=400, fit_bias=False)


@settings(max_examples=20)
@given(
    rows=st.lists(
        st.lists(st.integers(-40, 40).map(lambda v: v / 4), min_size=2, max_size=2),
        min_size=5,
        max_size=9,
    ),
    noise=st.lists(st.integers(-9, 9), min_size=9, max_size=9),
    seed=st.integers(0, 9),
)
def test_fit_features_converged_means_six_digits_too(
    rows: list[list[float]], noise: list[int], seed: int
) -> None:
    ys = [1.5 + 2.25 * a - 0.75 * b + k / 8 for (a, b), k in zip(rows, noise)]
    try:
        result = gradstep.fit_features(rows, ys, seed=seed)
    except gradstep.GradstepError:
        return  # a constant or repeated column, refused with a sentence
    if not result.converged:
        return
    *weights, bias = exact_feature_least_squares(rows, ys)
    _, spread_y = spreads(ys)
    column_spreads = [spreads([row[j] for row in rows]) for j in range(2)]
    for value, exact, (_, spread) in zip(result.weights, weights, column_spreads):
        assert six_digits(value, exact, spread_y / spread), (rows, ys, result)
    bias_scale = spread_y * (1 + sum(abs(mean) / spread for mean, spread in column_spreads))
    assert six_digits(result.bias, bias, bias_scale), (rows, ys, result)


@st.composite
def hard_feature_rows(draw: st.DrawFn) -> tuple[list[list[float]], list[float]]:
    """Features far from 0 next to their spread, y barely explained, zero weights."""
    size, k = draw(st.integers(5, 10)), draw(st.integers(1, 3))
    offset = draw(st.sampled_from([0.0, 1e6, 1e10]))
    spread = draw(st.sampled_from([1e-3, 1.0, 1e6]))
    cells = draw(st.lists(st.integers(-100, 100), min_size=size * k, max_size=size * k))
    rows = [[offset + spread * cells[i * k + j] / 100 for j in range(k)] for i in range(size)]
    weights = draw(st.lists(st.sampled_from([1.5, -2.0, 1e-13, 0.0, 3e8]), min_size=k, max_size=k))
    bias = draw(st.sampled_from([0.0, 0.29, 1e8]))
    noise = draw(st.sampled_from([0.0, 1e-9, 1.0, 1e12]))
    wobble = draw(st.lists(st.integers(-9, 9), min_size=size, max_size=size))
    ys = [
        math.fsum(w * x for w, x in zip(weights, row)) + bias + noise * k
        for row, k in zip(rows, wobble)
    ]
    return rows, ys


@settings(max_examples=40, deadline=None)
@given(data=hard_feature_rows())
def test_fit_features_converged_means_six_significant_digits_on_hard_rows(
    data: tuple[list[list[float]], list[float]],
) -> None:
    rows, ys = data
    try:
        result = gradstep.fit_features(rows, ys)
    except gradstep.GradstepError:
        return  # a constant or repeated column, refused with a sentence
    if not result.converged:
        return
    *weights, bias = exact_feature_least_squares(rows, ys)
    mean_y, spread_y = spreads(ys)
    spread_y = spread_y or abs(mean_y) or 1.0
    column_spreads = [spreads([row[j] for row in rows]) for j in range(len(rows[0]))]
    for value, exact, (_, spread) in zip(result.weights, weights, column_spreads):
        assert six_digits(value, exact, spread_y / spread), (rows, ys, result)
    bias_scale = spread_y * (1 + sum(abs(mean) / spread for mean, spread in column_spreads))
    assert six_digits(result.bias, bias, bias_scale), (rows, ys, result)


ILL_CONDITIONED = ([-1.0, -1.0, 1.0, 1.0], [1e12, -1e12, 1e12 + 3, -1e12 + 3])


def test_fit_sums_reads_the_rows_again_when_the_sums_cannot_vouch() -> None:
    xs, ys = ILL_CONDITIONED
    sums = line_sums(xs, ys)
    alone = gradstep.fit_sums(sums)
    assert not alone.converged and "gradstep.fit(xs, ys) on the rows" in alone.note
    asked = []

    def rows() -> tuple[list[float], list[float]]:
        asked.append(True)
        return xs, ys

    again = gradstep.fit_sums(sums, rows=rows)
    assert again.converged and (again.weight, again.bias) == (1.5, 1.5), again
    assert "took the gradient from the rows" in again.note
    assert len(asked) == 1  # read once, for the refinement and the certificate alike
    # Rows that are not those of the sums (a file changed meanwhile) are not trusted.
    other = gradstep.fit_sums(sums, rows=lambda: (xs[:3], ys[:3]))
    assert not other.converged
    # Where the sums vouch for the line, the rows are never read.
    gradstep.fit_sums(line_sums([1.0, 2.0, 3.0], [5.0, 8.0, 11.0]), rows=lambda: 1 / 0)  # type: ignore[arg-type, return-value]


def test_the_command_line_reads_a_file_again_and_says_why_it_is_not_converged(
    tmp_path: Path,
) -> None:
    xs, ys = ILL_CONDITIONED
    data = tmp_path / "wide.csv"
    data.write_text("x,y\n" + "".join(f"{x!r},{y!r}\n" for x, y in zip(xs, ys)), encoding="utf-8")
    from_file = run_gradstep("fit", str(data))
    assert "weight = 1.5\n" in from_file.stdout and "converged = yes" in from_file.stdout
    assert "note =" not in from_file.stdout
    piped = run_gradstep("fit", "-", stdin=data.read_text(encoding="utf-8"))
    assert piped.returncode == 0, piped.stderr
    assert "converged = no" in piped.stdout
    assert "note = " in piped.stdout and "not yet a certified answer" in piped.stdout
    assert "read again" in piped.stdout  # the command line's own advice, not fit(xs, ys)
    assert "Traceback" not in piped.stderr


def test_a_pipe_named_by_path_is_read_once(tmp_path: Path) -> None:
    xs, ys = ILL_CONDITIONED
    text = "x,y\n" + "".join(f"{x!r},{y!r}\n" for x, y in zip(xs, ys))
    fifo = tmp_path / "data.csv"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    named = run_gradstep("fit", str(fifo))  # a second open would wait forever
    writer.join(timeout=10)
    assert named.returncode == 0, named.stderr
    assert "converged = no" in named.stdout and "not a pipe" in named.stdout
    piped = run_gradstep("fit", "/dev/stdin", stdin=text)
    assert piped.returncode == 0 and "converged = no" in piped.stdout, piped.stderr


def test_fit_sums_checks_what_rows_gives_back() -> None:
    xs, ys = ILL_CONDITIONED
    sums = line_sums(xs, ys)
    for rows in ((xs, ys), lambda: None, lambda: (["a"] * 4, ys), lambda: ([None] * 4, ys)):
        try:
            gradstep.fit_sums(sums, rows=rows)  # type: ignore[arg-type]
        except gradstep.GradstepError as error:
            assert "rows" in str(error) or "xs[0]" in str(error), error
        else:
            raise AssertionError(f"{rows!r}: no sentence")
    # Other data of the same length are not the rows of these sums: the sums' verdict stands.
    other = gradstep.fit_sums(sums, rows=lambda: ([0.0, 1.0, 2.0, 3.0], [5.0, 5.0, 5.0, 9.0]))
    assert not other.converged and "judged by the sums" in other.note


@settings(max_examples=40, deadline=None)
@given(data=hard_lines(), road=st.sampled_from(["fit", "fit rate", "pairs"]))
def test_the_loss_is_the_loss_of_the_returned_line_or_says_how_far_it_may_be(
    data: tuple[list[float], list[float]], road: str
) -> None:
    xs, ys = data
    try:
        if road == "fit":
            result = gradstep.fit(xs, ys)
        elif road == "fit rate":
            rate = gradstep.fit(xs, ys).stable_learning_rate / 2
            result = gradstep.fit(xs, ys, learning_rate=rate, steps=50)
        else:
            result = gradstep.fit_pairs(zip(xs, ys))
    except gradstep.GradstepError:
        return
    exact = exact_loss(result.weight, result.bias, xs, ys)
    if "comes from the sums alone" in result.note:
        stated = float(result.note.split("know it only to within ")[1].split(",")[0])
        assert abs(Fraction(result.loss) - exact) <= Fraction(stated) * 2, result.note
    else:
        assert abs(Fraction(result.loss) - exact) <= Fraction(1e-7) * exact, (result, exact)
    assert result.loss == result.history[-1].data_loss


def test_the_loss_of_a_line_near_1e16_is_its_own() -> None:
    xs, ys = [0.0, 1.0, 2.0], [1e16, 1e16 + 2, 1e16 + 2]
    result = gradstep.fit(xs, ys)
    assert Fraction(result.loss) == exact_loss(result.weight, result.bias, xs, ys) or math.isclose(
        result.loss, float(exact_loss(result.weight, result.bias, xs, ys)), rel_tol=1e-12
    )
    streamed = gradstep.fit_pairs([(1e15, 0.0), (1e15 + 3, 1.0)])
    exact = float(exact_loss(streamed.weight, streamed.bias, [1e15, 1e15 + 3], [0.0, 1.0]))
    assert "comes from the sums alone" in streamed.note or math.isclose(
        streamed.loss, exact, rel_tol=1e-9
    ), streamed


@st.composite
def rounded_columns(draw: st.DrawFn) -> tuple[list[object], list[object]]:
    """Whole numbers past 2**53 and Decimals that floats round, spread enough to be accepted."""
    size = draw(st.integers(3, 8))
    base = draw(st.sampled_from([2**60, 1_700_000_000_000_000_000, -(2**62)]))
    gap = draw(st.sampled_from([10**9, 10**12, 3_600_000_000_000]))
    jitter = st.integers(-200, 200)
    xs: list[object] = [base + index * gap + draw(jitter) for index in range(size)]
    ys: list[object] = [draw(st.integers(-5, 5)) / 2 for _ in range(size)]
    if draw(st.booleans()):
        xs, ys = ys, xs  # the big whole numbers in y
        xs = [float(index) for index in range(size)]
    if draw(st.booleans()):
        xs = [
            Decimal(1000000) + Decimal(index) + Decimal(draw(jitter)) / 10**12
            for index in range(size)
        ]
    return xs, ys


@settings(max_examples=40, deadline=None)
@given(data=rounded_columns(), road=st.sampled_from(["fit", "pairs"]))
def test_converged_vouches_for_the_data_as_given_not_for_their_floats(
    data: tuple[list[object], list[object]], road: str
) -> None:
    xs, ys = data
    try:
        result = gradstep.fit(xs, ys) if road == "fit" else gradstep.fit_pairs(zip(xs, ys))
    except gradstep.GradstepError:
        return  # rounding too large next to the spread: refused with a sentence
    if not result.converged:
        assert "became floats" in result.note or "not yet a certified" in result.note
        return
    weight, bias = exact_least_squares(xs, ys)
    floats_x = [float(x) for x in xs]  # type: ignore[arg-type]
    floats_y = [float(y) for y in ys]  # type: ignore[arg-type]
    weight_scale, bias_scale = scales(floats_x, floats_y)
    assert six_digits(result.weight, weight, weight_scale), (result, float(weight))
    assert six_digits(result.bias, bias, bias_scale), (result, float(bias))


def test_the_hostile_trials_rounded_inputs_are_not_certified() -> None:
    t, hour = 1_700_000_000_000_000_000, 3_600_000_000_000
    cases: list[tuple[list[object], list[object]]] = [
        ([0, 1, 2, 3], [2**60 + 128, 2**60 + 2**44 + 3, 2**60 + 2**44, 2**60 + 129]),
        ([t + 1, t + 127, t + hour + 1, t + hour + 129], [0.0, 1.0, 1.0, 0.0]),
        (
            [Decimal(text) for text in ("1000000.00000000003", "1000000.00000000001")]
            + [Decimal(text) for text in ("1000001.00000000001", "1000001.00000000005")],
            [0.0, 1.0, 1.0, 0.0],
        ),
    ]
    for xs, ys in cases:
        for result in (gradstep.fit(xs, ys), gradstep.fit_pairs(zip(xs, ys))):
            assert not result.converged, result
            assert "became floats on the way in" in result.note, result.note


def test_the_command_line_weighs_whole_numbers_a_float_rounded(tmp_path: Path) -> None:
    data = tmp_path / "ts.csv"
    data.write_text(
        "t,y\n1700000000000000001,0\n1700000000000000127,1\n"
        "1700003600000000001,1\n1700003600000000129,0\n",
        encoding="utf-8",
    )
    run = run_gradstep("fit", str(data))
    assert run.returncode == 0, run.stderr
    assert "converged = no" in run.stdout and "became floats on the way in" in run.stdout


def test_fit_features_does_not_vouch_for_data_a_float_rounded() -> None:
    ys = [2**60 + 128, 2**60 + 2**44 + 3, 2**60 + 2**44, 2**60 + 129]
    result = gradstep.fit_features([[0], [1], [2], [3]], ys)
    assert not result.converged and "became floats on the way in" in result.note
    held = gradstep.fit_features([[0], [1], [2], [3]], [2**50 + k for k in (1, 2, 3, 5)])
    assert held.converged  # whole numbers a float holds exactly are not rounded


def test_a_loss_that_overflows_is_inf_never_nan() -> None:
    xs = [1e9 + index * 1e-6 for index in range(5)]
    for options in ({"optimizer": "momentum"}, {"optimizer": "adam"}, {}):
        result = gradstep.fit(xs, [1e300] * 5, **options)  # type: ignore[arg-type]
        assert not math.isnan(result.loss) and result.loss == result.history[-1].data_loss
        if math.isinf(result.loss):
            assert "too large for a float" in result.note


def test_rows_that_changed_in_number_leave_the_sums_verdict_standing() -> None:
    xs, ys = ILL_CONDITIONED
    sums = line_sums(xs, ys)
    for rows in ([], [1.0]), ([*xs, 1.0], [*ys, 2.0]):
        result = gradstep.fit_sums(sums, rows=lambda rows=rows: rows)  # type: ignore[misc]
        assert not result.converged and "judged by the sums" in result.note


def test_a_huge_input_rounding_is_not_called_every_x_the_same() -> None:
    sums = line_sums([1.0, 2.0, 3.0, 4.0], [2.0, 4.1, 5.9, 8.0])
    result = gradstep.fit_sums(sums, input_rounding=(1e308, 1e308))
    assert not result.converged and "Every x is the same" not in result.note


def test_the_command_line_prints_why_a_loss_has_few_digits(tmp_path: Path) -> None:
    data = tmp_path / "tiny_loss.csv"
    data.write_text(
        "x,y\n1000000.8509486107,-0.36714793991264044\n1000000.6552480651,-0.36483230171698894\n",
        encoding="utf-8",
    )
    run = run_gradstep("fit", "-", stdin=data.read_text(encoding="utf-8"))
    printed = dict(line.split(" = ", 1) for line in run.stdout.splitlines() if " = " in line)
    xs = [1000000.8509486107, 1000000.6552480651]
    ys = [-0.36714793991264044, -0.36483230171698894]
    exact = exact_loss(float(printed["weight"]), float(printed["bias"]), xs, ys)
    loss = Fraction(float(printed["loss"]))
    if abs(loss - exact) > Fraction(1e-7) * exact:
        assert "note" in printed and "comes from the sums alone" in printed["note"], run.stdout
