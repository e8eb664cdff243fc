"""The user's log (../shared/seed): exactly the cards a careful learner would write, and the score.

The expected list was checked by hand, card by card, against the log: every `Label: text`
bullet, the bold evaluation terms and their nested bullets, the outline under "The big picture",
the bottleneck question, the three formulas and the `=>` line of their own; no card from the
TODO items, the bare links, the pasted "improved version of your chat" line or the TODO section.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from recall.extract import extract_paths

SOFT = ("Sep 9, 2024: Soft Prompting vs LoRA", "Soft Prompting")
LORA = ("Sep 9, 2024: Soft Prompting vs LoRA", "LoRA (Low-Rank Adaptation)")
SUMMARY = ("Sep 9, 2024: Soft Prompting vs LoRA", "Summary")
KARPATHY = ("Sep 10, 2024", "No Priors Ep. 80 | With Andrej Karpathy from OpenAI and Tesla")
COURSE = ("Sep 10, 2024", "Hands-On LLM Fine-Tuning")
EVAL = ("Sep 18, 2024", "LLM Evaluation Overview", "Key Evaluation Techniques")
ENTROPY = ("Sep 20, 2024", "The Key Equation Behind Probability")
ZETTEL = ("Sep 24, 2024", "Understanding note-taking | Zettelkasten")
APP = (
    "Sep 24, 2024",
    "How to choose a note-taking app | Zettelkasten | Notion vs Roam vs Obsidian",
)

EXPECTED = [
    (
        SOFT,
        "How it works?",
        "Soft prompting modifies the input by adding a learned prefix to guide the model's behavior. The model isn't retrained from scratch but is influenced by the added prompt.",
    ),
    (
        SOFT,
        "Training?",
        "It usually doesn't involve retraining the entire model. Instead, you adjust how the input is processed, making it efficient in terms of time and resources.",
    ),
    (
        SOFT,
        "Use cases?",
        "It's often used for tasks where you want to influence model behavior without fine-tuning the model itself. It’s popular in natural language processing (NLP) tasks like text classification and language generation.",
    ),
    (
        LORA,
        "How it works?",
        "LoRa adjusts the internal weights of a model by learning low-rank matrix updates. These updates are added to the model's parameters, allowing it to adapt to new tasks without changing the entire model.",
    ),
    (
        LORA,
        "Training?",
        "LoRa focuses on fine-tuning specific layers (like attention layers in transformers) and is more computationally efficient than traditional full fine-tuning.",
    ),
    (
        LORA,
        "Use cases?",
        "It's effective when you need to adapt a model to new tasks while keeping memory and computational costs low. It's commonly used in NLP and other machine learning fields where models need to be adapted efficiently.",
    ),
    (SUMMARY, "Soft Prompting?", "Modifies input, efficient, NLP tasks"),
    (SUMMARY, "LoRA?", "Adjusts weights, fine-tunes specific layers, efficient, various tasks"),
    (
        KARPATHY,
        "Hardware problem vs software problem?",
        "hardware problem is hard to solve, software problem is easy to solve.",
    ),
    (
        KARPATHY,
        "Define what is the bottleneck?",
        "Model is not the bottleneck, loss function and data are the bottleneck.",
    ),
    (
        KARPATHY,
        "Training chat-transformer?",
        "The data in the internet is not what we want, we need more high quality data: reasoning dataset, how people reason about things.",
    ),
    (KARPATHY, "What children should learn?", "Math, physics, CS."),
    (
        COURSE,
        "The big picture?",
        "- Finetuning data\n- Finetuning repository and scripts.\n- Finetuning model. (llamma3, Falcon, OpenLLaMa, ...)\n- LB eval on Subset of HELM benchmark. * Need to think about the evaluation carefully. *",
    ),
    (
        (*COURSE, "The big picture"),
        "Finetuning data?",
        "- Download data, convert to usable format, mixed and sampled.\n- Data loader for training and evaluation.",
    ),
    (
        (*COURSE, "The big picture"),
        "Finetuning repository and scripts?",
        "- Load model, load data, training, checkpoint, tracking.\n- Hackable",
    ),
    (
        (*COURSE, "The big picture", "Finetuning repository and scripts"),
        "Hackable?",
        "easy to modify, add features.",
    ),
    (
        ("Sep 18, 2024",),
        "Build a Bond with Your Children?",
        "- Spend 20 minutes a day with them.\n- Engage in an activity together.\n- Avoid comments, questions, or giving directions.\n- Instead of telling your children they're smart, encourage them to work hard and embrace challenges. It teaches them that effort and perseverance are the keys to growth.",
    ),
    (
        EVAL,
        "HumanEval?",
        "- Uses **unit tests** rather than traditional n-grams for evaluating code generation.",
    ),
    (EVAL, "OpenLLM Benchmarks?", "- **Arc**\n- **HellaSwag**\n- **MMLU**\n- **TruthfulQA**"),
    (
        (*EVAL, "OpenLLM Benchmarks"),
        "Arc?",
        "Focuses on multiple-choice questions with reasoning components.",
    ),
    (
        (*EVAL, "OpenLLM Benchmarks"),
        "HellaSwag?",
        "Evaluates the ability to correctly complete sentences.",
    ),
    (
        (*EVAL, "OpenLLM Benchmarks"),
        "MMLU?",
        "is a benchmark designed to evaluate the multitask accuracy of language models across a wide variety of subjects",
    ),
    (
        (*EVAL, "OpenLLM Benchmarks"),
        "TruthfulQA?",
        "Aims to test models on question-answering tasks, ensuring they do not generate false or misleading responses.",
    ),
    (EVAL, "Evaluation Tools?", "- **Eleuther Eval Harness**"),
    (
        (*EVAL, "Evaluation Tools"),
        "Eleuther Eval Harness?",
        "A toolkit for standardized LLM evaluation across different tasks and benchmarks.",
    ),
    (
        EVAL,
        "HELM?",
        "- focus on English\n- provides a comprehensive, multidimensional evaluation of LLMs, helping researchers and developers understand not just how good a model is at a specific task, but also how safe, fair, and reliable it is across different use cases",
    ),
    (EVAL, "MosaicML?", "- lower price."),
    (EVAL, "Chatbot Arena?", "- Elo ratings\n- MT-Bench and LLM-as-a-judge\n- Model bias"),
    (
        EVAL,
        "Specific Use Cases?",
        "- These benchmarks are designed by domain experts and are focused on specific niche domains. For example LegalBench, which evaluates models on different legal reasoning tasks.",
    ),
    (EVAL, "LLM Apps?", "- Vibes check\n- Model-based Eval\n- Unit testing\n- A/B testing"),
    ((*EVAL, "LLM Apps"), "Vibes check?", "curated, Human"),
    ((*EVAL, "LLM Apps"), "Model-based Eval?", "curated, & generated, LLM"),
    ((*EVAL, "LLM Apps"), "Unit testing?", "curated, & generated, LLM"),
    ((*EVAL, "LLM Apps"), "A/B testing?", "production, User"),
    (
        ENTROPY,
        "Define entropy based on surprise and probability?",
        "- The less probable an event is, the higher its surprisal.\n- When p(x) approaches 1, the surprisal h(x) approaches 0.\n- When probabilities are multiplied, surprisal is additive (e.g., guessing the right dice outcome 3 times results in 3 times the surprisal).\n=> using log: h(x)\n- entropy\n- cross entropy(P, Q)\n- Kullback–Leibler (KL) divergence",
    ),
    (
        (*ENTROPY, "Define entropy based on surprise and probability", "using log"),
        "h(x) = ?",
        "log(1/p(x)): surprise is high for rare events.",
    ),
    (
        (*ENTROPY, "Define entropy based on surprise and probability"),
        "entropy = ?",
        "expected value of surprise",
    ),
    (
        (*ENTROPY, "Define entropy based on surprise and probability"),
        "cross entropy(P, Q) = ?",
        "expected surprise of practical event P based on belief Q.",
    ),
    (
        (*ENTROPY, "Define entropy based on surprise and probability"),
        "Kullback–Leibler (KL) divergence = ?",
        "cross entropy(P, Q) - entropy(P): the distance between 2 distributions",
    ),
    (ZETTEL, "Main idea?", "Create idea -> id, Create connections ids -> ids"),
    (ZETTEL, "Emergent?", "bottom-up: from note -> connections -> clusters -> structures"),
    (ZETTEL, "Dynamic?", "structure change by adding every note and connections."),
    (
        ZETTEL,
        "Personalized?",
        "the way people create create noted and connnections are unique. unique way of thinking.",
    ),
    (
        ZETTEL,
        "Inter-thinking?",
        "create connection between new ideas with older ideas, put them into giant network. The number of connection growth exponentialy.",
    ),
    (ZETTEL, "Clarity?", "Convert idea into paper, write it down in your own words."),
    (ZETTEL, "Invest in the future?", "process of writing and aggregate knowleadge."),
    (APP, "Mindset?", "try the ideas with any tools. Prevent perfectioness."),
    (APP, "Notion, ROAM, Remnote?", "not suitable for Zettelkasten"),
    (APP, "Obsidian?", "free and local."),
]


@pytest.fixture
def seed(shared):
    return shared / "seed" / "daily-learning-log.md"


def test_seed_gives_exactly_the_expected_cards(seed):
    result = extract_paths([seed])
    assert [(c.context, c.question, c.answer) for c in result.cards] == EXPECTED
    assert {c.deck for c in result.cards} == {"Daily-Learning-Log"}
    assert result.errors == []
    assert result.warnings == [f"{seed}: link to a missing file 'QA_SQL/README.md' not followed"]


def test_seed_cards_carry_entry_dates_and_link_headings(seed):
    cards = extract_paths([seed]).cards
    assert cards[0].tags == ("2024-09-09", "soft-prompting-vs-lora")
    karpathy = next(c for c in cards if c.question == "What children should learn?")
    assert karpathy.tags == ("2024-09-10",)
    assert karpathy.source.url == "https://www.youtube.com/watch?v=hM_h0UA7upI&t=207s"
    assert karpathy.source.line == 34


def test_seed_scores_with_the_acceptance_scorer(seed, shared, tmp_path):
    cards = tmp_path / "cards.json"
    cards.write_text(json.dumps([c.to_json() for c in extract_paths([seed]).cards]))
    done = subprocess.run(
        [
            sys.executable,
            str(shared / "acceptance" / "score_cards.py"),
            str(shared / "acceptance" / "seed_gold.json"),
            str(cards),
            "--min-recall",
            "0.97",
            "--min-precision",
            "0.95",
            "--show",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert "never-hits 0" in done.stdout
