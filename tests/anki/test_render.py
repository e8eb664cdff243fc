"""Card markdown → Anki field HTML: escaping policy, math, code, clozes, images."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recall.anki.render import DELETION_END, DELETION_START, FieldRenderer


@pytest.fixture(scope="module")
def render() -> FieldRenderer:
    return FieldRenderer()


def no_tags_but(html: str, allowed: set[str]) -> None:
    """Assert every tag in `html` is one of `allowed` (so nothing the user typed became a tag)."""
    tags = {m.lower() for m in re.findall(r"</?([A-Za-z][A-Za-z0-9]*)", html)}
    assert tags <= allowed, tags - allowed


# --- raw HTML policy: shown as typed, never HTML -------------------------------------------


def test_inline_html_is_shown_as_text(render):
    html = render.html("Spend 20 minutes a day<br><b>every day</b>, not just weekends.")
    assert html == (
        "Spend 20 minutes a day&lt;br&gt;&lt;b&gt;every day&lt;/b&gt;, not just weekends."
    )


def test_script_never_becomes_a_tag(render):
    for text in [
        "<script>alert(1)</script>",
        "x <script>alert(1)</script> y",
        "<script>\nalert(1)\n</script>",
        '<img src=x onerror="alert(1)">',
        "- item <iframe src=javascript:alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
    ]:
        html = render.html(text)
        no_tags_but(html, {"div", "p", "ul", "li"})
        assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;" in render.html("<script>\nalert(1)\n</script>")


def test_less_than_stays_text(render):
    assert render.html("Comparison: 3 < 5 and a<b") == "Comparison: 3 &lt; 5 and a&lt;b"


def test_html_comments_are_dropped(render):
    assert render.html("<!-- a note to self -->\nvisible") == "visible"
    assert render.html("a <!-- hidden --> b") == "a  b"


def test_javascript_links_are_not_links(render):
    html = render.html("[click](javascript:alert(1))")
    assert "href" not in html


def test_markdown_links_and_emphasis_render(render):
    html = render.html("See **this** and [the docs](https://example.org/a?b=1&c=2).")
    assert html == (
        'See <strong>this</strong> and <a href="https://example.org/a?b=1&amp;c=2">the docs</a>.'
    )


def test_anki_media_and_latex_tags_in_text_are_inert(render):
    html = render.html("Type [sound:evil.mp3] or [latex]x[/latex] or [$]y[/$]")
    assert "[sound:" not in html and "[latex]" not in html and "[$]" not in html
    assert "&#91;sound:evil.mp3]" in html


def test_anki_media_and_latex_tags_in_math_are_inert(render):
    html = render.html("Math $[sound:m.mp3]$ and $$[latex]x[/latex] \\left[ 0 \\right]$$")
    assert "[sound:" not in html and "[latex]" not in html
    assert html == (
        "Math \\(&#91;sound:m.mp3]\\) and \\[&#91;latex]x&#91;/latex] \\left&#91; 0 \\right]\\]"
    )


# --- structure -------------------------------------------------------------------------------


def test_single_paragraph_has_no_p_wrapper(render):
    assert render.html("How it works?") == "How it works?"


def test_lists_and_paragraphs_keep_their_tags(render):
    html = render.html("Intro.\n\n- one\n- two")
    assert html == "<p>Intro.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>"


def test_fenced_code_is_pre_code_escaped(render):
    html = render.html("```cpp\nstd::map<int, int> m;\n\nm[1] = 2;\n```")
    assert html == (
        '<pre><code class="language-cpp">std::map&lt;int, int&gt; m;\n\nm&#91;1] = 2;\n'
        "</code></pre>"
    )


def test_indented_code_block_and_code_span(render):
    assert render.html("    x = 1") == "<pre><code>x = 1\n</code></pre>"
    assert render.html("use `a<b>` here") == "use <code>a&lt;b&gt;</code> here"


def test_tables_render(render):
    html = render.html("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html and "<td>1</td>" in html


def test_deep_outline_is_not_dropped(render):
    text = "\n".join("  " * level + f"- level {level}" for level in range(30))
    html = render.html(text)
    assert "level 29" in html


def test_inline_renders_heading_text(render):
    assert render.inline("Soft **Prompting** `x<y`") == (
        "Soft <strong>Prompting</strong> <code>x&lt;y</code>"
    )


# --- math ------------------------------------------------------------------------------------


def test_inline_math_uses_mathjax_delimiters(render):
    assert render.html("Entropy $H = -\\sum p \\log p$ here") == (
        "Entropy \\(H = -\\sum p \\log p\\) here"
    )


def test_display_math_uses_mathjax_delimiters(render):
    html = render.html("$$\n\\neg (P \\land Q) < R\n$$")
    assert html == '<div class="recall-math">\\[\\neg (P \\land Q) &lt; R\\]</div>'


def test_underscores_in_math_are_not_emphasis(render):
    html = render.html("$$x_{cross} = \\underbrace{H(p)}_{a}$$")
    assert "<em>" not in html and "x_{cross}" in html


def test_math_outside_clozes_keeps_double_braces(render):
    assert "}}}" in render.html("$\\frac{1}{\\sqrt{x^{2}}}$")


# --- clozes ----------------------------------------------------------------------------------


def test_highlight_is_a_mark(render):
    assert render.html("a ==b== c") == "a <mark>b</mark> c"
    assert render.html("a ==b== c", cloze=True) == "a <mark>b</mark> c"


def test_anki_clozes_pass_through(render):
    html = render.html("{{c1::Lima}} is the capital of {{c2::Peru **x**::country}}", cloze=True)
    assert html == "{{c1::Lima}} is the capital of {{c2::Peru <strong>x</strong>::country}}"


def test_double_braces_in_cloze_math_are_split(render):
    # The shape of bugcase 10: LaTeX `}}` inside an Anki cloze would end the cloze early.
    html = render.html("Constant: {{c1::$\\frac{1}{\\sqrt{2\\pi\\sigma^{2}}}$}}", cloze=True)
    assert html == "Constant: {{c1::\\(\\frac{1}{\\sqrt{2\\pi\\sigma^{2} } }\\)}}"
    assert html.count("}}") == 1


def test_braces_and_colons_in_cloze_code_are_entities(render):
    html = render.html("{{c1::`m = {{a::b}}`}} and ```{x}```", cloze=True)
    assert html == (
        "{{c1::<code>m = &#123;&#123;a&#58;&#58;b&#125;&#125;</code>}} and <code>&#123;x&#125;</code>"
    )
    assert render.html("`{{a::b}}`") == "<code>{{a::b}}</code>"  # outside clozes: untouched


def test_double_open_braces_in_cloze_math_are_split(render):
    assert render.html("{{c1::$\\frac{{a}}{b}$}}", cloze=True) == ("{{c1::\\(\\frac{ {a} }{b}\\)}}")


def test_colons_in_cloze_math_are_entities(render):
    # `::` in math is never a hint separator, inside or outside a deletion.
    assert render.html("{{c1::$a::b$}} $c:d$", cloze=True) == (
        "{{c1::\\(a&#58;&#58;b\\)}} \\(c&#58;d\\)"
    )
    assert render.html("$a::b$") == "\\(a::b\\)"  # outside cloze fields: untouched


def marked(number: int, answer: str) -> str:
    return f"{DELETION_START}{{{{c{number}::{answer}}}}}{DELETION_END}"


@pytest.mark.parametrize(
    ("answer", "html"),
    [
        ("std::map", "std&#58;&#58;map"),
        ("f(x) }} g", "f(x) &#125;&#125; g"),
        ("{{c2::x}}", "&#123;&#123;c2&#58;&#58;x&#125;&#125;"),
        ("$a::b$", "\\(a&#58;&#58;b\\)"),
        ("*a::b*", "<em>a&#58;&#58;b</em>"),
        ("[l](https://a.example/x)", '<a href="https&#58;//a.example/x">l</a>'),
    ],
)
def test_a_deletion_in_recall_syntax_is_all_answer(render, answer, html):
    rendered = render.html(f"C++ {marked(1, answer)} here", cloze=True)
    assert rendered == f"C++ {{{{c1::{html}}}}} here"


def test_marked_and_explicit_deletions_side_by_side(render):
    text = f"{marked(1, 'std::map')} and {{{{c2::Paris::capital}}}}"
    assert render.html(text, cloze=True) == "{{c1::std&#58;&#58;map}} and {{c2::Paris::capital}}"


def test_markers_never_reach_a_field(render):
    html = render.html(f"a {DELETION_START}b{DELETION_END} c", cloze=True)
    assert html == "a b c"


# --- images ----------------------------------------------------------------------------------


def test_images_go_through_the_resolver(render):
    seen = []

    def resolver(src, alt):
        seen.append((src, alt))
        return "recall-abc.png" if src.startswith("QA_SQL") else None

    html = render.html(
        "![pipeline *diagram*](QA_SQL/my%20image.png) ![gone](x.png)", images=resolver
    )
    assert seen == [("QA_SQL/my%20image.png", "pipeline diagram"), ("x.png", "gone")]
    assert '<img src="recall-abc.png" alt="pipeline diagram">' in html
    assert '<span class="recall-missing-image">&#91;image: gone]</span>' in html


def test_image_alt_and_title_are_escaped(render):
    html = render.html('![a"b<c](p.png "t<\\"x")', images=lambda src, alt: src)
    assert html == '<img src="p.png" alt="a&quot;b&lt;c" title="t&lt;&quot;x">'


# --- robustness -------------------------------------------------------------------------------


def test_many_highlights_on_one_line(render):
    line = " ".join(f"==w{i}==" for i in range(2000))
    assert render.html(line).count("<mark>") == 2000


def test_nesting_deeper_than_the_stack_shows_the_text(render):
    text = "\n".join("  " * level + f"- level {level}" for level in range(600))
    html = render.html(text)
    assert "level 599" in html and "<script" not in html


# --- backslashes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("C:\\dir", "C:\\dir"),  # a backslash before a letter stays (it escapes nothing)
        ("C:\\Users\\me", "C:\\Users\\me"),
        ("costs \\$5", "costs $5"),  # an escaped dollar is a dollar, not math
        ("costs \\$5 and \\$6", "costs $5 and $6"),
        ("\\*x\\*", "*x*"),  # escaped asterisks are asterisks, not emphasis
        ("a \\\\ b", "a \\ b"),  # an escaped backslash is one backslash
        ("\\<b\\>", "&lt;b&gt;"),
        ("AT&amp;T", "AT&amp;T"),  # an entity shows its character (escaped again as HTML)
        ("`C:\\dir`", "<code>C:\\dir</code>"),
    ],
)
def test_backslash_escapes_show_their_character(render, markdown, html):
    assert render.html(markdown) == html


def test_a_backslash_path_in_a_list_and_a_heading(render):
    assert render.html("- C:\\dir\\file\n- \\$5") == (
        "<ul>\n<li>C:\\dir\\file</li>\n<li>$5</li>\n</ul>"
    )
    assert render.inline("Paths like C:\\dir and \\*stars\\*") == "Paths like C:\\dir and *stars*"


# --- robustness ---------------------------------------------------------------------------------


ALPHABET = "ab 1.-+*#>|$<[]`~_=\\!&{}()\n\r\t:'\"/x?\x1f\x85\xa0\u2003\x0b"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_any_text_gives_html_genanki_accepts(render, text):
    """genanki warns (UserWarning) about a field with a `<` that starts no valid tag: the
    escaping policy leaves none, whatever the text."""
    from genanki import Note

    for cloze in (False, True):
        html = render.html(text, cloze=cloze)
        assert Note._INVALID_HTML_TAG_RE.findall(html) == [], html
    assert Note._INVALID_HTML_TAG_RE.findall(render.inline(text)) == []
