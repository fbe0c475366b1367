"""Every sentence the runtime shows a student, in one place so it can be translated.

Templates use ``str.format`` fields. Words that imitate IPython's own output
(``Wall time:``, ``Variable   Type``) and CPython's (the turtle's ``numinput``)
are here too, and stay in English in every language, as Jupyter shows them
and tutorials quote them: only what the runtime itself adds is translated
(`KEPT_AS_IPYTHON_SAYS` lists the others). `use_language` switches the module's
sentences, for the whole process: a worker runs one kernel.
"""

from __future__ import annotations

import sys

# --- shell escapes and magics ---
SHELL_UNAVAILABLE = (
    "Shell commands (!{command}) are not available in the browser: Python runs inside the web page."
)
SHELL_PIP_HINT = " Use %pip install instead."
LINE_MAGIC_NOT_FOUND = "Line magic function `%{name}` not found."
CELL_MAGIC_NOT_FOUND = "Cell magic `%%{name}` not found."
MAGIC_BAD_NUMBER = "%{magic}: option -{option} needs a whole number above 0, not {value!r}."
MAGIC_BAD_OPTION = "%{magic}: unknown option {option!r}; the options are {known}."
MAGIC_NEEDS_ARGUMENT = "%{magic} needs {what}, as in: {example}"
MAGIC_NOTHING_TO_SEE = "%{magic} has no effect in the browser, so this line was ignored."

# --- help (name? and Shift+Tab) ---
OBJECT_NOT_FOUND = "Object `{name}` not found."
HELP_SIGNATURE = "Signature:"
HELP_INIT_SIGNATURE = "Init signature:"
HELP_CALL_SIGNATURE = "Call signature:"
HELP_DOCSTRING = "Docstring:"
HELP_INIT_DOCSTRING = "Init docstring:"
HELP_SOURCE = "Source:"
HELP_FILE = "File:"
HELP_TYPE = "Type:"
HELP_STRING_FORM = "String form:"
HELP_LENGTH = "Length:"
HELP_NO_DOCSTRING = "<no docstring>"
HELP_MAGIC_TYPE = "Magic function"

# --- timing ---
TIME_CPU = "CPU times: user {user}, sys: {system}, total: {total}"
TIME_WALL = "Wall time: {wall}"
TIME_COMPILER = "Compiler : {time}"
TIMEIT_RESULT = (
    "{mean} ± {std} per loop (mean ± std. dev. of {runs} run{runs_s}, {loops:,} loop{loops_s} each)"
)
TIMEIT_SLOWEST = (
    "The slowest run took {ratio:.2f} times longer than the fastest. "
    "This could mean that an intermediate result is being cached."
)

# --- the namespace ---
NAMESPACE_EMPTY = "Interactive namespace is empty."
WHOS_HEADINGS = ("Variable", "Type", "Data/Info")
RESET_QUESTION = "Once deleted, variables cannot be recovered. Proceed (y/[n])? "
RESET_NOTHING_DONE = "Nothing done. (%reset -f resets without asking.)"

# --- files and the environment ---
FILE_WRITING = "Writing {path}"
FILE_OVERWRITING = "Overwriting {path}"
FILE_APPENDING = "Appending to {path}"
FILE_NOT_FOUND = "File `{path}` not found."
ENV_SET = "env: {name}={value}"
ENV_MISSING = "Environment does not have key: {name}"

# --- packages and extensions ---
PIP_INSTALLED = "Successfully installed {names}"
PIP_ONLY_INSTALL = (
    "%pip can only install packages in the browser: try %pip install NAME (got %pip {command})."
)
PIP_NOTHING_TO_INSTALL = "%pip install needs at least one package name, as in: %pip install rich"
PIP_OUTSIDE_BROWSER = (
    "%pip install only works in the browser; outside it, run this in a terminal: "
    "python -m pip install {names}"
)
PIP_FAILED = "Could not install {requirement}: {reason}."
PIP_NO_PURE_WHEEL = "it has no pure-Python wheel on PyPI, so it cannot run in the browser"
PIP_NOT_ON_PYPI = "PyPI has no package named {name}, and this course does not bundle it"
PIP_PYPI_UNREACHABLE = "PyPI could not be reached ({error}), and this course does not bundle it"
PIP_NO_INSTALLER = (
    "the installer, micropip, could not be loaded ({error}); check the network connection"
)
CONDA_UNAVAILABLE = "%conda is not available in the browser: use %pip install instead."
MATPLOTLIB_INLINE_ONLY = (
    "Note: figures are always shown inline in the browser; "
    "the {backend!r} backend is not available."
)
EXTENSION_UNAVAILABLE = "Note: the IPython extension {name!r} is not available in the browser."
EXTENSION_NOT_FOUND = "Note: no extension named {name!r} could be imported ({error})."
EXTENSION_NOT_AN_EXTENSION = "Note: the module {name!r} is not an IPython extension."
CONFIG_IGNORED = "Note: %config has no effect in the browser; the setting was ignored."
AUTORELOAD_UNAVAILABLE = (
    "Note: %autoreload is not available in the browser; "
    "use importlib.reload(module) after changing a module."
)

# --- %lsmagic ---
LSMAGIC_LINE = "Available line magics:"
LSMAGIC_CELL = "Available cell magics:"
LSMAGIC_AUTOMAGIC = "Automagic is OFF, % prefix IS needed for line magics."

# --- rich display ---
JAVASCRIPT_NOT_RUN = "<JavaScript output: it runs in a sandbox, apart from the page>"
DISPLAY_URL_NOT_FETCHED = (
    "{kind}(url=...) cannot download {url!r} from Python in the browser; "
    "pass the content itself, or a file name"
)
IMAGE_NO_DATA = "Image needs data, a filename or a url: found none"
AUDIO_NO_DATA = "Audio needs data, a filename or a url: found none"
AUDIO_NEEDS_RATE = "Audio: pass rate=... (samples per second) with a list of samples"
AUDIO_OUT_OF_RANGE = "Audio: with normalize=False, samples must lie between -1 and 1"
AUDIO_UNSUPPORTED = "Your browser does not support the audio element."
VIDEO_UNSUPPORTED = "Your browser does not support the <code>video</code> element."
VIDEO_NEEDS_EMBED = "Video: to show video data (not a file name or a URL), pass embed=True"
IMAGE_CANNOT_EMBED = "Image: cannot embed the {format!r} image format; use png, jpeg, gif or webp"
TEXT_EXPECTED = "{kind} expects text (str), not {type}"
HANDLE_NEEDS_ID = "update_display needs the display_id of an earlier display(..., display_id=...)"

# --- events ---
EVENT_UNKNOWN = "unknown event {event!r}; the events are {known}"
EVENT_CALLBACK_FAILED = "Error in callback {callback} (for {event}):"

# --- turtle (CPython's own messages, such as "bad color string: …", stay in turtle/) ---
TURTLE_DRAWING = "{title}: {content}"
TURTLE_EMPTY = "an empty drawing"
TURTLE_NO_EVENTS = (
    "Note: {what}() has no effect here: the drawing is a picture in the notebook, "
    "so there are no mouse, key or timer events to wait for."
)
TURTLE_NO_UNDO = (
    "undo() is not available in the notebook's turtle: draw again after clear() or reset()"
)
TURTLE_NO_CANVAS = (
    "There is no Tk canvas in the notebook: the drawing is shown as an SVG picture "
    "in the cell's output."
)
TURTLE_CLOSED = (
    "This turtle's screen was closed with bye(); create a new turtle.Turtle() to draw again."
)
TURTLE_TOO_MANY_SEGMENTS = (
    "The drawing has {limit} line segments, too many to show in a notebook: "
    "call clear() or reset() to start again, or draw fewer, longer lines."
)
TURTLE_IMAGE_UNREADABLE = "Cannot read the image {path!r}: {reason}."
TURTLE_IMAGE_FORMAT = "{path!r} is not a GIF or PNG image; the turtle can only show those."
TURTLE_NOT_A_NUMBER = "Not a floating-point value. Please try again."
TURTLE_TOO_SMALL = "The allowed minimum value is {value}. Please try again."
TURTLE_TOO_LARGE = "The allowed maximum value is {value}. Please try again."
TURTLE_SAVE_SVG = (
    "The notebook's turtle saves drawings as SVG: give a file name ending in .svg, "
    "not {filename!r}."
)
TURTLE_FILE_EXISTS = (
    "The file '{filename}' already exists. "
    "To overwrite it use the 'overwrite=True' argument of the save function."
)

# --- input() and getpass() ---
INPUT_NOT_ISOLATED = (
    "input() cannot wait for your answer on this page, because the page is not cross-origin "
    "isolated (its server does not send the COOP and COEP headers); put the value in your code "
    "instead, or ask whoever publishes the course to serve it as `ardoise serve` does."
)
INPUT_NO_FRONT_END = (
    "input() cannot wait for an answer: this kernel was started without a way to ask; "
    "create it with Kernel(publish, request_input=...)."
)
INPUT_OUTSIDE_CELL = "input() can only ask for an answer while a cell is running."

# Sentences that are IPython's, pip's or CPython's own: shown as Jupyter shows them.
KEPT_AS_IPYTHON_SAYS = frozenset(
    {
        "LINE_MAGIC_NOT_FOUND",
        "CELL_MAGIC_NOT_FOUND",
        "OBJECT_NOT_FOUND",
        "HELP_SIGNATURE",
        "HELP_INIT_SIGNATURE",
        "HELP_CALL_SIGNATURE",
        "HELP_DOCSTRING",
        "HELP_INIT_DOCSTRING",
        "HELP_SOURCE",
        "HELP_FILE",
        "HELP_TYPE",
        "HELP_STRING_FORM",
        "HELP_LENGTH",
        "HELP_NO_DOCSTRING",
        "HELP_MAGIC_TYPE",
        "TIME_CPU",
        "TIME_WALL",
        "TIME_COMPILER",
        "TIMEIT_RESULT",
        "TIMEIT_SLOWEST",
        "NAMESPACE_EMPTY",
        "WHOS_HEADINGS",
        "RESET_QUESTION",
        "FILE_WRITING",
        "FILE_OVERWRITING",
        "FILE_APPENDING",
        "FILE_NOT_FOUND",
        "ENV_SET",
        "ENV_MISSING",
        "PIP_INSTALLED",
        "LSMAGIC_LINE",
        "LSMAGIC_CELL",
        "LSMAGIC_AUTOMAGIC",
        "AUDIO_UNSUPPORTED",
        "VIDEO_UNSUPPORTED",
        "EVENT_CALLBACK_FAILED",
        "TURTLE_DRAWING",
        "TURTLE_NOT_A_NUMBER",
        "TURTLE_TOO_SMALL",
        "TURTLE_TOO_LARGE",
        "TURTLE_FILE_EXISTS",
    }
)

_module = sys.modules[__name__]
#: The sentences as written above, by name.
ENGLISH: dict[str, object] = {
    name: value for name, value in vars(_module).items() if name.isupper() and name != "ENGLISH"
}
del ENGLISH["KEPT_AS_IPYTHON_SAYS"]


def translations(language: str) -> dict[str, str]:
    """The translated sentences for ``language`` (``fr``, ``fr-CA`` …); empty if it has none."""
    if language.split("-")[0].lower() == "fr":
        from .messages_fr import FRENCH

        return FRENCH
    return {}


def use_language(language: str | None) -> None:
    """Shows the runtime's own sentences in ``language``, English where it has none."""
    for name, value in ENGLISH.items():
        setattr(_module, name, value)
    for name, value in translations(language or "en").items():
        setattr(_module, name, value)
