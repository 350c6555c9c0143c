"""Chinese wording for click's own messages (usage, help, argument errors).

click marks its messages with gettext's `_`; bureau staff read Chinese, so the
CLI replaces that function in click's modules with a lookup in this table.
Messages not listed stay as click wrote them.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有这个选项：“{name}”。",
    "No such command {name!r}.": "没有这个命令：“{name}”。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项“{name}”后面需要一个值。",
    "Aborted!": "已中断（草稿只在全部完成后一次写入，中断不会留下不完整的草稿）。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是一个文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是一个文件夹，不是文件。",
    "directory": "文件夹",  # click.Path's name, title-cased into the two messages above
    "file": "文件",
    "path": "路径",
    "default": "默认",
}


def _translate(message: str) -> str:
    return MESSAGES.get(message, message)


def _translate_plural(singular: str, plural: str, count: int) -> str:
    return _translate(singular if count == 1 else plural)


def install() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        setattr(module, "_", _translate)  # noqa: B010 (click's modules have no such attribute to type)
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", _translate_plural)  # noqa: B010
    click.exceptions._format_possibilities = _possibilities  # click quotes them with repr() before translating


def _possibilities(possibilities: list[str]) -> str:
    shown = "、".join(f"“{p}”" for p in sorted(possibilities))
    return f"（是否想写{shown}？）" if len(possibilities) == 1 else f"（是否想写以下之一：{shown}？）"
