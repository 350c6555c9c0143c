"""Opening a Word template and checking its tags, in every story, before anything renders.

A template's tags may stand in its body, its headers and footers, its
footnotes and its document properties; docxtpl renders them all.  Each of
these "stories" is parsed here and every problem is reported with its place:
the template, the story and the paragraph.  Tracked changes are accepted and
comment anchors removed first (`oxml.revisions`), so Jinja reads the text the
writer sees, and characters that only look right (full-width braces, a
zero-width space in a name) are pointed at.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from lxml import etree

from reportgen.data.report_data import APPENDIX_LIST, FIGURE, FIGURE_LIST, LIST, REFERENCE, TABLE, TABLE_LIST, TOC
from reportgen.oxml.revisions import accept_revisions, remove_comment_anchors
from reportgen.problems import Problems, similar_hint

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# Core properties docxtpl renders as templates, as Word's 文件 → 信息 → 属性 names them.
PROPERTIES = {"title": "标题", "subject": "主题", "author": "作者", "comments": "备注", "identifier": "标识符",
              "language": "语言"}
# Characters a writer cannot see, which make a name in a tag a different name.
INVISIBLE = {"\u200b": "零宽空格", "\u200c": "零宽非连接符", "\u200d": "零宽连接符", "\u2060": "字连接符",
             "\ufeff": "零宽不换行空格", "\u00ad": "软连字符"}
# Full-width look-alikes of the tag delimiters: Chinese input methods type them.
LOOK_ALIKES = re.compile(r"[｛{][｛{％%]|[％%｝}][｝}]")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_BLOCK_TAG = re.compile(r"\{%.*?%\}", re.S)
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
# Template functions whose result is replaced in the body only: blocks, lists and references.
BODY_ONLY = (TABLE, FIGURE, REFERENCE, TOC, FIGURE_LIST, TABLE_LIST, APPENDIX_LIST)
FUNCTIONS = (TABLE, FIGURE, REFERENCE, LIST, TOC, FIGURE_LIST, TABLE_LIST, APPENDIX_LIST)  # what templates call


@dataclass
class Story:
    """One part of a template Jinja reads: the body, a header, a footer, the footnotes, a property."""

    label: str  # for messages: "templates/1-概况.docx", "templates/1-概况.docx 页眉"
    source: str  # what Jinja parses, one paragraph per line
    part: object = None  # the docx part docxtpl renders it from (None: a document property)
    body: bool = False

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.source.splitlines()

    @functools.cached_property
    def _before(self) -> list[int]:
        """The paragraphs the writer sees before each line: its own lines' and the converted tags'."""
        counts, total = [], 0
        for line in self.lines:
            counts.append(total)
            total += line.startswith("<w:p") + len(_converted_tags(line))
        return counts

    def where(self, lineno: int | None, converted: int | None = None, near: str | None = None) -> str:
        """The story and, where known, "第 N 段“text”" for the line Jinja reported; `converted` for the
        paragraph of the line's converted tag of that index (see `_converted_tags`), or the one holding
        `near` (the call that failed, as written)."""
        lines = self.lines
        if self.part is None or not lineno or lineno > len(lines):
            return self.label
        number = self._before[lineno - 1]  # every value a build prints asks: counted once per story
        line = lines[lineno - 1]
        own = "".join(_PARAGRAPH.findall(line)) or line  # without the converted tags that follow it
        tags = _converted_tags(line)
        if converted is None and near is not None:
            converted = next((i for i, tag in enumerate(tags) if near in paragraph_text(tag)), None)
            if converted is None and near in paragraph_text(own):
                tags = []  # the call stands in the paragraph itself
        if converted is None and tags and not _TAG.search(paragraph_text(own)):
            converted = 0  # the paragraph holds no tag: what Jinja reports is in the tag after it
        if converted is not None:
            return f"{self.label} 第 {number + line.startswith('<w:p') + converted + 1} 段“{_shown_tag(line, converted)}”"
        return f"{self.label} 第 {number + line.startswith('<w:p')} 段“{paragraph_text(own)[:80]}”"


def _shown_tag(line: str, index: int) -> str:
    """A converted tag as the writer typed it: {%p …%} for a paragraph's, {%tr …%} for a table row's."""
    rest = _PARAGRAPH.sub("", line)
    match = list(_BLOCK_TAG.finditer(rest))[index]
    kind = "tr" if re.search(r"</?w:tr[ >]", rest[:match.start()][-200:] + rest[match.end():][:200]) else "p"
    return paragraph_text("{%" + kind + match.group(0)[2:])


def _converted_tags(line: str) -> list[str]:
    """The tags of a line that stand outside its paragraph: docxtpl turns a paragraph, row or cell that
    holds a {%p …%}, {%tr …%} or {%tc …%} tag into the bare tag, after the paragraph before it."""
    return _BLOCK_TAG.findall(_PARAGRAPH.sub("", line))


# An element's tag: always a prefixed name (<w:t xml:space="preserve">, </w:p>).  A "<" the writer typed in a
# tag ({% if 增量 < 0 %}) arrives unescaped, docxtpl having unescaped the tags' text, and is no markup.
_MARKUP = re.compile(r"</?[A-Za-z][\w.-]*:[\w.-]+(?:\s[^<>]*)?/?>")


def paragraph_text(line: str) -> str:
    """The text of one line of a story's source (its XML without the markup)."""
    text = _MARKUP.sub("", line).strip()
    return text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass
class Template:
    """A template whose tags parsed and whose names all exist."""

    docx: DocxTemplate
    label: str  # as the writer knows it: its path in the project
    stories: list[Story] = field(default_factory=list)

    def story_of(self, part) -> Story:
        """The story docxtpl was rendering from `part` (its `current_rendering_part`)."""
        return next((s for s in self.stories if s.part is part and part is not None), self.stories[0])


def _settle(tpl: DocxTemplate) -> tuple[int, int]:
    """Accept the tracked changes and remove the comment anchors in every story; return how many."""
    revisions = comments = 0
    roots = [tpl.docx.element.body, *(part.element for _, part in _headers_footers(tpl))]
    for root in roots:
        revisions += accept_revisions(root)
        comments += remove_comment_anchors(root)
    for part in _footnote_parts(tpl):
        root = etree.fromstring(part.blob)
        revisions += accept_revisions(root)
        comments += remove_comment_anchors(root)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    for rel_id, rel in list(tpl.docx.part.rels.items()):
        if rel.reltype == RT.COMMENTS:
            tpl.docx.part.drop_rel(rel_id)
    return revisions, comments


def _headers_footers(tpl: DocxTemplate):
    for uri, name in ((tpl.HEADER_URI, "页眉"), (tpl.FOOTER_URI, "页脚")):
        for _, part in tpl.get_headers_footers(uri):
            yield name, part


def _footnote_parts(tpl: DocxTemplate) -> list:
    return [part for part in tpl.docx.part.package.parts if part.content_type == FOOTNOTES]


def _stories(tpl: DocxTemplate, label: str) -> list[Story]:
    """Every story docxtpl will render, its source exactly as docxtpl hands it to Jinja."""
    def lined(xml: str) -> str:
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))

    stories = [Story(label, lined(tpl.get_xml()), tpl.docx.part, body=True)]
    counts: dict[str, int] = {}
    for name, part in _headers_footers(tpl):
        counts[name] = counts.get(name, 0) + 1
        stories.append(Story(f"{label} {name}{counts[name] if counts[name] > 1 else ''}",
                             lined(tpl.get_part_xml(part)), part))
    for part in _footnote_parts(tpl):
        stories.append(Story(f"{label} 脚注", lined(part.blob.decode("utf-8")), part))
    for prop, shown in PROPERTIES.items():
        value = getattr(tpl.docx.core_properties, prop) or ""
        if "{" in value:
            stories.append(Story(f"{label} 文档属性“{shown}”", value))
    return stories


def open_template(path, label: str, problems: Problems) -> Template | None:
    """The template at `path` with its revisions accepted and comments removed; None after a problem."""
    try:
        tpl = DocxTemplate(path)
        tpl.init_docx()
        revisions, comments = _settle(tpl)
        template = Template(tpl, label, _stories(tpl, label))
    except Exception:  # whatever python-docx or lxml make of a file that is not a Word document
        problems.error(label, "无法打开模板：它不是有效的 Word 文档（.docx）",
                       "在 Word 或 WPS 中打开该模板，另存为“Word 文档（*.docx）”")
        return None
    if revisions:
        problems.warning(label, f"模板中有 {revisions} 处修订（修订模式下的增删），按接受全部修订后的内容生成",
                         "在 Word 中打开模板，审阅 → 接受 → 接受所有修订，再保存")
    if comments:
        problems.warning(label, f"模板中的 {comments} 条批注不会带到草稿中", "批注只在模板中可见；需要时可删去")
    return template


_JINJA_MESSAGES = [  # Jinja's syntax errors, as a writer can act on them
    (re.compile(r"^unexpected '\}'"), "多了一个“}”，或 {{ }} 没有成对"),
    (re.compile(r"^[Uu]nexpected end of template.*'(end\w+)'", re.S), r"缺少 {% \1 %}"),
    (re.compile(r"^[Uu]nexpected end of template"), "标签没有结束：缺少 }}、%} 或结束标签"),
    (re.compile(r"^Encountered unknown tag '(end\w+)'"), r"多了一个 {% \1 %}，或它前面的开始标签写错了"),
    (re.compile(r"^Encountered unknown tag '([^']+)'"), r"不认识的标签“{% \1 %}”"),
    (re.compile(r"^expected token 'end of print statement', got '([^']+)'"),
     r"{{ }} 中“\1”前缺少运算符，或一个标签里写了两个名称"),
    (re.compile(r"^unexpected char '(.)'"), r"标签中有不能用的字符“\1”"),
]


_END_OF_TEMPLATE = re.compile(r"^[Uu]nexpected end of template.*'end\w+'", re.S)
_BLOCKS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro", "call": "endcall",
           "filter": "endfilter", "block": "endblock", "raw": "endraw", "autoescape": "endautoescape"}
_TAG_WORD = re.compile(r"\{%-?\s*(?:[ptrc]{1,2}\s+)?(\w+)")


def _unclosed_block(story: Story) -> tuple[str, str, str] | None:
    """Where the innermost block left open starts (place, its tag, the end tag it needs): Jinja reports
    the end of the template instead."""
    stack: list[tuple[str, str, str]] = []
    for lineno, line in enumerate(story.lines, 1):
        converted = _converted_tags(line)
        for match in _BLOCK_TAG.finditer(line):
            named = _TAG_WORD.match(match.group(0))
            word = named.group(1) if named else ""
            if word in _BLOCKS:
                index = converted.index(match.group(0)) if match.group(0) in converted else None
                shown = paragraph_text(match.group(0)) if index is None else _shown_tag(line, index)
                stack.append((story.where(lineno, index), shown, _BLOCKS[word]))
            elif word.startswith("end") and stack and stack[-1][2] == word:
                stack.pop()
    return stack[-1] if stack else None


def _syntax_message(message: str | None) -> str:
    for pattern, shown in _JINJA_MESSAGES:
        found = pattern.search(message or "")
        if found:
            return pattern.sub(shown, found.group(0), count=1)
    return f"模板标签写法有误（{message}）"


def _look_alikes(story: Story, problems: Problems) -> bool:
    """Point at full-width braces and invisible characters in tags; return whether there were any."""
    found = False
    for lineno, line in enumerate(story.lines, 1):
        text = paragraph_text(line)
        for match in LOOK_ALIKES.finditer(text):
            if any(ch in "｛｝％" for ch in match.group(0)):
                problems.error(story.where(lineno), f"“{match.group(0)}”中有全角字符，不会被当作标签",
                               "标签要用半角符号：{{ 名称 }}、{% if … %}（切换到英文输入法后重新输入）")
                found = True
        for tag in _TAG.findall(text):
            for ch, name in INVISIBLE.items():
                if ch in tag:
                    problems.error(story.where(lineno), f"标签“{tag.replace(ch, '')}”中有看不见的字符（{name}）",
                                   "删去这个标签，重新输入一遍")
                    found = True
    return found


def _names_used(tree: nodes.Template) -> dict[str, int]:
    """Each name a story reads, and the line it is first read on."""
    first: dict[str, int] = {}
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load":
            first.setdefault(node.name, node.lineno)
    return first


def _unclosed(story: Story, problems: Problems) -> bool:
    """Point at a paragraph whose {{ or {% is not closed in it (a tag cannot run over paragraphs; Jinja
    would complain about some word further on); return whether there was one."""
    for lineno, line in enumerate(story.lines, 1):
        for tag in _TAG.findall(paragraph_text(line)):  # "{{ 表格(…) 下一段的文字 {{ 名称 }}": one open
            inner = re.search(r"\{\{|\{%", tag[2:])
            if inner:
                opener, closer = tag[:2], "}}" if tag[:2] == "{{" else "%}"
                problems.error(story.where(lineno), f"标签“{tag[:2 + inner.start()].strip()}”没有对应的“{closer}”",
                               f"在标签末尾补上“{closer}”（一个标签不能跨段）")
                return True
        text = _TAG.sub("", paragraph_text(line))
        for opener, closer in (("{{", "}}"), ("{%", "%}")):
            if opener in text:
                problems.error(story.where(lineno), f"这一段的“{opener}”没有对应的“{closer}”",
                               f"在标签末尾补上“{closer}”（一个标签不能跨段）")
                return True
    return False


def check_story(story: Story, names, env, problems: Problems) -> bool:
    """Parse one story and check its filters, names and block tags; return whether it is good."""
    if _look_alikes(story, problems) or _unclosed(story, problems):
        return False
    try:
        tree = env.parse(story.source)
    except jinja2.TemplateSyntaxError as exc:
        full_width = re.search(r"unexpected char '([^\x00-\x7f])'", exc.message or "")
        hint = ("标签里的括号、引号、逗号要用半角（切换到英文输入法后输入），如 {{ 插图(\"校园\") }}" if full_width
                else "检查 {{ }} 和 {% %} 是否成对、名称是否写全")
        unclosed = _unclosed_block(story) if _END_OF_TEMPLATE.search(exc.message or "") else None
        if unclosed is not None:
            place, tag, end = unclosed
            problems.error(place, f"“{tag}”没有对应的“{{% {end} %}}”",
                           f"在条件或循环结束处加上 {{% {end} %}}（整段的写 {{%p {end} %}}，表格行的写 {{%tr {end} %}}）")
        else:
            problems.error(story.where(exc.lineno), _syntax_message(exc.message), hint)
        return False
    good = True
    for node in tree.find_all(nodes.TemplateData):  # text Jinja left alone: a closer there has no opener
        for closer, opener in (("}}", "{{"), ("%}", "{%")):
            if closer in node.data:
                lineno = node.lineno + node.data[:node.data.index(closer)].count("\n")
                problems.error(story.where(lineno), f"有“{closer}”但前面没有“{opener}”，它会原样印在草稿中",
                               f"补上开头的“{opener}”，或删去多余的“{closer}”")
                good = False
    for node in tree.find_all((nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
        problems.error(story.where(node.lineno), "模板中不能导入、包含或继承其他文件，已拒绝执行",
                       "删除 {% import %}、{% include %}、{% extends %} 等标签；模板只能使用数据名称和过滤器")
        good = False
    # Every unknown filter (`|千分位`) and test (`is 偶数`), before Jinja's compiler stops at the first.
    unknown = [(node, "过滤器", env.filters, "可用的过滤器见 README“模板中的写法”一节的表格")
               for node in tree.find_all(nodes.Filter) if node.name not in env.filters]
    unknown += [(node, "判断", env.tests, "is 后面写 Jinja 的判断，如 is defined、is number")
                for node in tree.find_all(nodes.Test) if node.name not in env.tests]
    for node, what, known, otherwise in unknown:
        problems.error(story.where(node.lineno), f"没有名为“{node.name}”的{what}",
                       similar_hint(node.name, known, otherwise))
        good = False
    used = _names_used(tree)
    called = {node.node.name for node in tree.find_all(nodes.Call) if isinstance(node.node, nodes.Name)}
    if names is None:  # the workbook could not be read: its names are unknown
        declared = set()
    elif good:
        declared = meta.find_undeclared_variables(tree)
    else:  # Jinja's own analysis compiles the story, which an unknown filter stops: names read, less names set
        stored = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
        declared = set(used) - stored - set(env.globals) - {"loop", "caller", "varargs", "kwargs"}
    for name in sorted(declared - set(names or ()), key=lambda n: used.get(n, 0)):
        if name in called:
            problems.error(story.where(used.get(name)), f"没有名为“{name}”的函数",
                           similar_hint(name, FUNCTIONS, "可用的函数：" + "、".join(f"{f}()" for f in FUNCTIONS)))
        else:
            problems.error(story.where(used.get(name)), f"模板使用的名称“{name}”在数据中没有定义",
                           similar_hint(name, names, "在工作簿的“指标”或“计算指标”表中添加这个名称，或改正模板中的写法"))
        good = False
    if not story.body:  # what these leave behind is replaced in the body only
        for node in tree.find_all(nodes.Call):
            if isinstance(node.node, nodes.Name) and node.node.name in BODY_ONLY:
                name = node.node.name
                problems.error(story.where(node.lineno),
                               f"{name}() 只能写在正文中，不能写在页眉、页脚、脚注或文档属性中",
                               f"把 {name}() 移到正文中" + ("" if name == REFERENCE else "单独的一段"))
                good = False
    return good


def check_template(path, label: str, names, env, problems: Problems) -> Template | None:
    """Open a template and check the tags and names of every story; None after recording problems."""
    template = open_template(path, label, problems)
    if template is None:
        return None
    results = [check_story(story, names, env, problems) for story in template.stories]
    return template if all(results) else None
