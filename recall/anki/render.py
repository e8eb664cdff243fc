"""Card markdown → HTML for Anki fields (markdown-it-py): raw HTML escaped, math for MathJax.

Policy (one for every field):
- Raw HTML written in the log is shown as the text the user typed, never as HTML: `<script>`,
  `<b>`, `<br>` all appear literally (escaped); HTML comments are dropped. `a<b` stays text.
- Math `$x$` → `\\(x\\)`, `$$x$$` → `\\[x\\]` (Anki's MathJax delimiters), content HTML-escaped.
- Code spans and blocks → `<code>` / `<pre><code>`, escaped.
- `[` in text and code is written as `&#91;` so Anki never reads `[sound:...]`, `[latex]` or
  `[$]` in card text as its own media or LaTeX tags.
- In a cloze field, `==x==` becomes `{{cN::x}}` (numbered after any `{{cN::...}}` the user wrote),
  and nothing but a cloze's own braces may form `}}`: math gets a space between closing braces
  (the Anki manual's workaround), code gets `&#125;`; `::` inside `==x==` is written `:&#58;` so it
  is not read as a cloze hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from recall.anki.highlight import highlight_plugin

ImageResolver = Callable[[str, str], "str | None"]
"""(src as written, alt text) → the `src` to write (a packed media name or a remote URL) or None."""

_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)
_DOUBLE_CLOSE = re.compile(r"\}(?=\})")
_DOUBLE_OPEN = re.compile(r"\{(?=\{)")


def _anki_safe(html: str) -> str:
    """Keep Anki from reading `[sound:..]`, `[latex]`, `[$]` in already-escaped text."""
    return html.replace("[", "&#91;")


def _math_safe(tex: str) -> str:
    """`}}` → `} }` and `{{` → `{ {`: same TeX, but no cloze delimiter inside a cloze field."""
    return _DOUBLE_OPEN.sub("{ ", _DOUBLE_CLOSE.sub("} ", tex))


def _in_mark_safe(html: str) -> str:
    """Inside `==x==` (an Anki cloze): no `}}` (ends the cloze) and no `::` (starts a hint)."""
    return _DOUBLE_CLOSE.sub("&#125;", html.replace("::", ":&#58;"))


def _only_comments(token: Token) -> bool:
    return token.type == "html_block" and not _COMMENT.sub("", token.content).strip()


class AnkiRenderer(RendererHTML):
    """markdown-it's HTML renderer with the escaping and cloze rules of this module.

    Rendering state lives in `env`: ``cloze`` (bool), ``next_cloze`` (int), ``mark_depth`` (int),
    ``images`` (an ImageResolver or None).
    """

    def text(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        html = _anki_safe(escapeHtml(tokens[idx].content))
        return _in_mark_safe(html) if env.get("mark_depth") else html

    def _code(self, content: str, env) -> str:
        html = _anki_safe(escapeHtml(content))
        if env.get("cloze"):
            html = html.replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")
        return html

    def code_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return f"<code>{self._code(tokens[idx].content, env)}</code>"

    def code_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return f"<pre><code>{self._code(tokens[idx].content, env)}</code></pre>\n"

    def fence(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        token = tokens[idx]
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        attrs = f' class="language-{escapeHtml(language)}"' if language else ""
        return f"<pre><code{attrs}>{self._code(token.content, env)}</code></pre>\n"

    def _math(self, content: str, env, display: bool) -> str:
        tex = escapeHtml(content.strip())
        if env.get("cloze"):
            tex = _math_safe(tex)
            if env.get("mark_depth"):
                tex = tex.replace("::", ":&#58;")
        return f"\\[{tex}\\]" if display else f"\\({tex}\\)"

    def math_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return self._math(tokens[idx].content, env, display=False)

    def math_inline_double(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return self._math(tokens[idx].content, env, display=True)

    def math_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return f'<div class="recall-math">{self._math(tokens[idx].content, env, True)}</div>\n'

    math_block_label = math_block

    def mark_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        env["mark_depth"] = env.get("mark_depth", 0) + 1
        if not env.get("cloze"):
            return "<mark>"
        if env["mark_depth"] > 1:
            return ""
        number = env["next_cloze"]
        env["next_cloze"] = number + 1
        return f"{{{{c{number}::"

    def mark_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        env["mark_depth"] -= 1
        if not env.get("cloze"):
            return "</mark>"
        return "" if env["mark_depth"] else "}}"

    def image(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children, options, env) if token.children else ""
        written = str(token.attrGet("src") or "")
        resolver = env.get("images")
        src = resolver(written, alt) if resolver else written
        alt_html = _anki_safe(escapeHtml(alt))
        if src is None:
            label = alt_html or _anki_safe(escapeHtml(written.rsplit("/", 1)[-1]))
            return f'<span class="recall-missing-image">&#91;image: {label}]</span>'
        title = token.attrGet("title")
        title_html = f' title="{_anki_safe(escapeHtml(str(title)))}"' if title else ""
        return f'<img src="{escapeHtml(src)}" alt="{alt_html}"{title_html}>'

    def html_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        content = tokens[idx].content
        if content.startswith("<!--"):
            return ""
        return self.text([Token("text", "", 0, content=content)], 0, options, env)

    def html_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        content = _COMMENT.sub("\n", tokens[idx].content).strip("\n")
        if not content.strip():
            return ""
        raw = self.text([Token("text", "", 0, content=content)], 0, options, env)
        return f'<div class="recall-raw">{raw}</div>\n'


def make_parser() -> MarkdownIt:
    """The parser: CommonMark + tables + dollarmath + `==highlight==`, HTML tokens kept (and escaped
    by the renderer), nesting limit raised so deep outlines are never dropped."""
    md = MarkdownIt(
        "commonmark",
        {"html": True, "maxNesting": 1000},
        renderer_cls=AnkiRenderer,
    )
    md.enable("table")
    md.use(dollarmath_plugin, double_inline=True)
    md.use(highlight_plugin)
    # dollarmath registers its own render rules; ours (MathJax delimiters) take their place.
    for name in ("math_inline", "math_inline_double", "math_block", "math_block_label"):
        md.renderer.rules[name] = getattr(md.renderer, name)
    return md


class FieldRenderer:
    """Renders card markdown to the HTML of an Anki field. Reuse one instance: parsers are costly."""

    def __init__(self) -> None:
        self._md = make_parser()

    def html(
        self,
        markdown: str,
        *,
        cloze: bool = False,
        images: ImageResolver | None = None,
    ) -> str:
        """The field HTML of a markdown text.

        A single paragraph is rendered without its `<p>` (so a question reads as one line).

        Args:
            markdown: card text (question, answer, cloze text).
            cloze: render `==x==` as Anki clozes and keep every other `}}` out of the field.
            images: called for every image; its result replaces the `src` (None: left out).

        Returns:
            HTML, safe to show: nothing the user wrote becomes a tag or attribute.
        """
        env: dict = {"cloze": cloze, "images": images, "mark_depth": 0}
        if cloze:
            numbers = [int(n) for n in _CLOZE_NUMBER.findall(markdown)]
            env["next_cloze"] = max(numbers, default=0) + 1
        tokens = [t for t in self._md.parse(markdown, env) if not _only_comments(t)]
        if (
            len(tokens) == 3
            and tokens[0].type == "paragraph_open"
            and tokens[2].type == "paragraph_close"
        ):
            tokens = tokens[1].children or []
            return self._md.renderer.render(tokens, self._md.options, env)
        return self._md.renderer.render(tokens, self._md.options, env).rstrip("\n")

    def inline(self, markdown: str) -> str:
        """One line of inline markdown (a heading's text) as HTML, without a paragraph."""
        env: dict = {"cloze": False, "images": None, "mark_depth": 0}
        tokens = self._md.parseInline(markdown, env)
        children = tokens[0].children if tokens else []
        return self._md.renderer.render(children or [], self._md.options, env)
