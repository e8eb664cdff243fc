"""`recall optimize`: fit FSRS parameters to the review log, report, and apply or revert them."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys


def format_parameters(parameters) -> str:
    """Parameters as comma-separated values, a few to a line (as Anki shows them)."""
    values = [f"{p:.4f}".rstrip("0").rstrip(".") for p in parameters]
    return "\n".join(", ".join(values[i : i + 7]) for i in range(0, len(values), 7))


def report(fit) -> str:
    """The text of `recall optimize`: the data used, both held-out scores, the verdict and the
    suggested parameters."""
    lines = [
        f"Fitted FSRS parameters to {fit.reviews:,} reviews in {fit.seconds:.1f} s: "
        f"{fit.train_items:,} training items from {fit.train_cards:,} cards;",
        f"held out for evaluation: {fit.test_items:,} items from {fit.test_cards:,} cards.",
        "",
        "             log loss   RMSE(bins)",
        f"current      {fit.current_eval.log_loss:8.4f}   {fit.current_eval.rmse_bins:9.2%}",
        f"fitted       {fit.fitted_eval.log_loss:8.4f}   {fit.fitted_eval.rmse_bins:9.2%}",
        "",
    ]
    if fit.better:
        lines.append("The fitted parameters predict the held-out reviews better (lower log loss).")
    else:
        lines.append(
            "The fitted parameters do not predict the held-out reviews better "
            "(log loss not lower): keep the current ones."
        )
    lines += ["", "Suggested parameters:", format_parameters(fit.fitted)]
    return "\n".join(lines)


@contextlib.contextmanager
def _progress(reviews: int):
    """An indeterminate progress bar with the elapsed time on stderr, when it is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn(f"Fitting FSRS parameters to {reviews:,} reviews"),
        BarColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        progress.add_task("fit", total=None)
        yield


def run(args: argparse.Namespace) -> int:
    """Fit and report; with --apply store better parameters; with --revert restore the old ones.

    Exit 0; too little history (NotEnoughHistory) or nothing to revert raise RecallError (exit 1).
    """
    from recall.collection import Collection
    from recall.optimize import fit

    with Collection.open(args.db) as col:
        if args.revert:
            restored = col.revert_parameters()
            if args.json:
                print(json.dumps({"reverted": True, "parameters": list(restored)}))
            else:
                print("Restored the FSRS parameters in use before the last --apply:")
                print(format_parameters(restored))
            return 0
        settings = col.settings
        reviews = col.reviews()
        with _progress(len(reviews)):
            result = fit(
                reviews,
                col.parameters(),
                day_starts_at=settings.day_starts_at,
                tz=col.scheduler.zone,
                relearning_steps=len(settings.relearning_steps),
                short_term=bool(settings.learning_steps or settings.relearning_steps),
            )
        applied = bool(args.apply and result.better)
        if applied:
            col.set_parameters(result.fitted)
    if args.json:
        print(json.dumps({**result.to_dict(), "applied": applied}))
        return 0
    print(report(result))
    if applied:
        print("\nApplied. `recall optimize --revert` restores the previous parameters.")
    elif args.apply:
        print("\nNot applied: the current parameters stay in use.")
    elif result.better:
        print("\nRun `recall optimize --apply` to use them.")
    return 0
