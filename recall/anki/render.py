"""Card markdown → HTML for Anki fields (markdown-it-py): raw HTML escaped, math for MathJax.

The parser has the extractor's features (`recall.extract.parser.configure`: CommonMark, tables,
strikethrough, `$`/`$$` math) plus `==highlight==` shown as `<mark>`. Policy, for every field:
- Raw HTML written in the log is shown as the text the user typed, never as HTML: `<script>`,
  `<b>`, `<br>` all appear literally (escaped); HTML comments are dropped. `a<b` stays text.
- Math `$x$` → `\\(x\\)`, `$$x$$` → `\\[x\\]` (Anki's MathJax delimiters), content HTML-escaped.
- Code spans and blocks → `<code>` / `<pre><code>`, escaped.
- A backslash escape shows the character it escapes (`\\$5` → `$5`, `\\*x\\*` → `*x*`), a
  backslash before anything else stays (`C:\\dir`); an entity shows its character (`&amp;` → `&`).
- `[` in text, code and math is written as `&#91;` so Anki never reads `[sound:...]`, `[latex]`
  or `[$]` in card text as its own media or LaTeX tags (MathJax reads the page's text, where
  `&#91;` is `[` again).
- In a cloze field (deletions already in Anki's `{{cN::...}}` form), only a deletion's own
  braces and separator may form `{{`, `}}` and `::`: math gets a space between doubled braces
  (the Anki manual's workaround) and `&#58;` for `:`, code gets `&#123;`/`&#125;` and `&#58;`.
  A deletion written in recall's syntax (`==x==`, `{{x}}`) is passed between `DELETION_START`
  and `DELETION_END` (`{{cN::` and `}}` inside them): its `:`, `{` and `}` are written as
  entities, so `==std::map==` hides `std::map` (no hint) and `==f(x) }} g==` stays whole.
  A user's own `{{c1::answer::hint}}` is left as written: its hint still works.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from recall.anki.highlight import highlight_plugin
from recall.extract.parser import configure

ImageResolver = Callable[[str, str], "str | None"]
"""(src as written, alt text) → the `src` to write (a packed media name or a remote URL) or None."""

_COMMENT = re.compile(r"\s*<!--.*?-->\s*", re.DOTALL)
_DOUBLE_CLOSE = re.compile(r"\}(?=\})")
_DOUBLE_OPEN = re.compile(r"\{(?=\{)")

DELETION_START = "\ufdd0"
DELETION_END = "\ufdd1"
"""Around a deletion in recall's syntax in cloze markdown (Unicode noncharacters: never text)."""

_MARKED_DELETION = re.compile(
    f"{DELETION_START}(\\{{\\{{c\\d+::)(.*?)(\\}}\\}}){DELETION_END}", re.DOTALL
)
_CLOZE_SYNTAX = str.maketrans({":": "&#58;", "{": "&#123;", "}": "&#125;"})


def _anki_safe(html: str) -> str:
    """Keep Anki from reading `[sound:..]`, `[latex]`, `[$]` in already-escaped text."""
    return html.replace("[", "&#91;")


def _math_safe(tex: str) -> str:
    """`}}` → `} }` and `{{` → `{ {`: same TeX, but no cloze delimiter inside a cloze field."""
    return _DOUBLE_OPEN.sub("{ ", _DOUBLE_CLOSE.sub("} ", tex))


def _seal_deletions(html: str) -> str:
    """Rendered cloze HTML with each marked deletion's `:`, `{`, `}` as entities, markers gone.

    Entities inside tags (an `href`) mean the same character to the browser; a marker the
    markdown moved away from its deletion is dropped.
    """
    html = _MARKED_DELETION.sub(lambda m: m[1] + m[2].translate(_CLOZE_SYNTAX) + m[3], html)
    return html.replace(DELETION_START, "").replace(DELETION_END, "")


def _only_comments(token: Token) -> bool:
    return token.type == "html_block" and not _COMMENT.sub("", token.content).strip()


class AnkiRenderer(RendererHTML):
    """markdown-it's HTML renderer with the escaping and cloze rules of this module.

    Rendering state lives in `env`: ``cloze`` (bool) and ``images`` (an ImageResolver or None).
    """

    def text(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return _anki_safe(escapeHtml(tokens[idx].content))

    def text_special(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        # An escape or entity `text_join` left apart (never, with `make_parser`): its character.
        return self.text(tokens, idx, options, env)

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
        tex = _anki_safe(escapeHtml(content.strip()))
        if env.get("cloze"):
            tex = _math_safe(tex).replace(":", "&#58;")
        return f"\\[{tex}\\]" if display else f"\\({tex}\\)"

    def math_inline(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return self._math(tokens[idx].content, env, display=False)

    def math_inline_double(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return self._math(tokens[idx].content, env, display=True)

    def math_block(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return f'<div class="recall-math">{self._math(tokens[idx].content, env, True)}</div>\n'

    math_block_label = math_block

    def mark_open(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return "<mark>"

    def mark_close(self, tokens: Sequence[Token], idx: int, options, env) -> str:
        return "</mark>"

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
    """The parser: the extractor's features (`configure`) without front matter (a field is never
    a file), with escapes and entities joined into the text (`text_join`), plus `==highlight==`;
    HTML tokens are kept and the renderer escapes them."""
    md = configure(MarkdownIt("commonmark", {"html": True}, renderer_cls=AnkiRenderer))
    md.disable("front_matter")
    # The extractor keeps escapes (`\\$`) and entities (`&amp;`) as `text_special` tokens to
    # write card text back as markdown; a field shows what they stand for (`$`, `&`).
    md.enable("text_join")
    md.use(highlight_plugin)
    # dollarmath registers its own render rules; ours (MathJax delimiters) take their place.
    for name in ("math_inline", "math_inline_double", "math_block", "math_block_label"):
        md.renderer.rules[name] = getattr(md.renderer, name)
    return md


class FieldRenderer:
    """Renders card markdown to the HTML of an Anki field with markdown-it-py (every text is parsed:
    no shortcut of our own). Reuse one instance: building the parser costs about a millisecond.
    """

    def __init__(self) -> None:
        self._md = make_parser()
        self._inline_cache: dict[str, str] = {}

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
            cloze: the text holds Anki cloze deletions (`{{c1::...}}`, those from recall's
                syntax between `DELETION_START` and `DELETION_END`): keep every other
                `{{`, `}}` and `::` out of the field.
            images: called for every image; its result replaces the `src` (None: the `src` is
                written as it is in the log).

        Returns:
            HTML, safe to show: nothing the user wrote becomes a tag or attribute.
        """
        env: dict = {"cloze": cloze, "images": images}
        md = self._md
        try:
            tokens = [t for t in md.parse(markdown, env) if not _only_comments(t)]
        except RecursionError:  # nesting deeper than Python's stack: show the text as typed
            raw = _anki_safe(escapeHtml(markdown))
            return f'<div class="recall-raw">{raw}</div>'
        if (
            len(tokens) == 3
            and tokens[0].type == "paragraph_open"
            and tokens[2].type == "paragraph_close"
        ):
            html = md.renderer.render(tokens[1].children or [], md.options, env)
        else:
            html = md.renderer.render(tokens, md.options, env).rstrip("\n")
        return _seal_deletions(html) if cloze else html

    def inline(self, markdown: str, *, images: ImageResolver | None = None) -> str:
        """One line of inline markdown (a heading's text) as HTML, without a paragraph.

        Args:
            markdown: the text.
            images: as in `html` (results without a resolver are cached by text).
        """
        cached = self._inline_cache.get(markdown) if images is None else None
        if cached is None:
            env: dict = {"cloze": False, "images": images}
            tokens = self._md.parseInline(markdown, env)
            children = tokens[0].children if tokens else []
            cached = self._md.renderer.render(children or [], self._md.options, env)
            if images is None:
                self._inline_cache[markdown] = cached
        return cached
