"""Click's and Typer's own sentences in French: usage, help panels, errors.

Two sources of English, both handled by ``installer()`` (called once, when ``cli.main`` is
imported):

- messages passed through ``gettext`` (``from gettext import gettext as _`` in Click's and
  Typer's modules, which ship no French catalogue): those functions are replaced, in the
  modules that use them, by a lookup in ``TRADUCTIONS``, and Typer's panel titles (read at
  import time) are set from it;
- the Click copy that Typer vendors (``typer._click``) writes its errors as English f-strings:
  each exception's ``format_message`` is wrapped by ``traduire_erreur`` (patterns below), the
  usage line (its prefix and Click's placeholders ``COMMAND [ARGS]``) and the ``--help``
  option's text are set in French.

A message matching nothing stays as it is (a new Typer may add some: tests/cli checks the
common ones).
"""

from __future__ import annotations

import functools
import gettext
import importlib
import re
from collections.abc import Callable
from typing import Any

TRADUCTIONS: dict[str, str] = {
    # Usage and help
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Arguments": "Arguments",
    "Commands": "Commandes",
    "Positional arguments": "Arguments positionnels",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "[default: {}]": "[défaut : {}]",
    "[env var: {}]": "[variable d'environnement : {}]",
    "[required]": "[obligatoire]",
    "default: {default}": "défaut : {default}",
    "env var: {var}": "variable d'environnement : {var}",
    "required": "obligatoire",
    "(deprecated) ": "(obsolète) ",
    "deprecated": "obsolète",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    # Errors
    "Error": "Erreur",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Aide : « {command} {option} ».",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Aide : [blue]« {command_path} {help_option} »[/]."
    ),
    "Missing argument": "Il manque l'argument",
    "Missing option": "Il manque l'option",
    "Missing parameter": "Il manque le paramètre",
    "Missing {param_type}": "Il manque : {param_type}",
    "Missing parameter: {param_name}": "Il manque le paramètre : {param_name}",
    "Missing command.": "Il manque la commande.",
    "No such option {name!r}.": "Option inconnue : « {name} ».",
    "No such command {name!r}.": "Commande inconnue : « {name} ».",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility} ?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire : {possibilities} ?)",
    "Got unexpected extra argument ({args})": "Argument en trop : {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop : {args}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur invalide : {message}",
    "Option {name!r} requires an argument.": "L'option « {name} » demande une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L'option « {name} » demande {nargs} valeurs.",
    "Option {name!r} does not take a value.": "L'option « {name} » ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "L'argument « {name} » demande {nargs} valeurs.",
    "Takes {nargs} values but 1 was given.": "Demande {nargs} valeurs : une seule est donnée.",
    "Takes {nargs} values but {len} were given.": "Demande {nargs} valeurs : {len} sont données.",
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not {choice}.": "« {value} » n'est pas {choice}.",
    "{value!r} is not one of {choices}.": "« {value} » n'est pas parmi : {choices}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "« {value} » n'est pas une valeur oui/non. Valeurs reconnues : {states}"
    ),
    "{value!r} is not a valid UUID.": "« {value} » n'est pas un UUID valide.",
    "{value!r} does not match the format {format}.": "« {value} » ne suit pas le format {format}.",
    "{value!r} does not match the formats {formats}.": (
        "« {value} » ne suit aucun des formats {formats}."
    ),
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier « {filename} » : {message}"
    ),
    "unknown error": "erreur inconnue",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "{name} {filename!r} does not exist.": "{name} « {filename} » n'existe pas.",
    "{name} {filename!r} is a file.": "{name} « {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "{name} « {filename} » est un dossier.",
    "{name} {filename!r} is not readable.": "{name} « {filename} » n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} « {filename} » n'est pas modifiable.",
    "{name} {filename!r} is not executable.": "{name} « {filename} » n'est pas exécutable.",
    "Aborted!": "Interrompu !",
    "Aborted.": "Interrompu.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
}

# Typer's value placeholders in --help (« <int> », « <list[str]> », « <int range> »), in
# French: each English type name becomes its French word (« range » goes: the bounds follow).
TYPES: dict[str, str] = {
    "str": "texte",
    "int": "entier",
    "float": "nombre",
    "bool": "oui/non",
    "path": "chemin",
    "file": "fichier",
    "dir": "dossier",
    "datetime": "date",
    "UUID": "UUID",
    "list": "liste",
    "range": "",
}
_MOT_ANGLAIS = re.compile(r"\b(" + "|".join(TYPES) + r")\b")

# Modules of Click and Typer that translate their messages with ``_`` / ``ngettext``.
_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "typer.core",
    "typer.main",
    "typer.rich_utils",
)
# Typer's panel titles and markers, read from module constants set at import time.
_CONSTANTES_TYPER = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)


AIDE = "Affiche cette aide et quitte."
USAGE = "Utilisation : "
# Click's placeholders in a usage line (« [OPTIONS] COMMAND [ARGS]... »), in French;
# « [OPTIONS] » is already French.
MOTS_USAGE: dict[str, str] = {"COMMAND": "COMMANDE", "ARGS": "ARGUMENTS"}
_MOT_USAGE = re.compile(r"\b(" + "|".join(MOTS_USAGE) + r")\b")


def usage_en_francais(arguments: str) -> str:
    """« [OPTIONS] COMMAND [ARGS]... » → « [OPTIONS] COMMANDE [ARGUMENTS]... »."""
    return _MOT_USAGE.sub(lambda m: MOTS_USAGE[m.group(1)], arguments)


_ARTICLES = {"option": "l'option", "argument": "l'argument", "parameter": "le paramètre"}

# Details of an invalid value, as Typer's validation words them.
_DETAILS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(motif), francais)
    for motif, francais in (
        (r"^Input should be a valid integer.*$", "un nombre entier est attendu"),
        (r"^Input should be a valid number.*$", "un nombre est attendu"),
        (r"^Input should be a valid boolean.*$", "oui ou non est attendu (true, false)"),
        (r"^Input should be greater than or equal to (\S+?)\.?$", "au moins {0} est attendu"),
        (r"^Input should be less than or equal to (\S+?)\.?$", "au plus {0} est attendu"),
        (r"^Input should be greater than (\S+?)\.?$", "plus de {0} est attendu"),
        (r"^Input should be less than (\S+?)\.?$", "moins de {0} est attendu"),
        (r"^Input should be (.+?)\.?$", "valeurs possibles : {0}"),
        (r"^(.+) is not in the range (.+?)\.?$", "{0} n'est pas dans l'intervalle {1}"),
        (r"^(.+) is not a valid (.+?)\.?$", "{0} n'est pas une valeur valide"),
    )
)


def _detail(message: str) -> str:
    for motif, francais in _DETAILS:
        if trouve := motif.match(message):
            return francais.format(*trouve.groups())
    return message


def _manque(trouve: re.Match[str]) -> str:
    quoi, nom, reste = trouve.groups()
    return f"Il manque {_ARTICLES[quoi]}{f' {nom}' if nom else ''}.{reste or ''}"


def _inconnue(trouve: re.Match[str]) -> str:
    nom, proches = trouve.groups()
    return f"Option inconnue : {nom}." + (f" Options proches : {proches}." if proches else "")


_ERREURS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"^Missing (option|argument|parameter)(?: (.+?))?\.(.*)$", re.S), _manque),
    (
        re.compile(r"^Missing parameter: (.+)$"),
        lambda m: f"Il manque le paramètre : {m.group(1)}",
    ),
    (re.compile(r"^No such option: (\S+)(?: \(Possible options: (.+)\))?$"), _inconnue),
    (
        re.compile(r"^Option '(.+)' requires an argument\.$"),
        lambda m: f"L'option « {m.group(1)} » demande une valeur.",
    ),
    (
        re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"),
        lambda m: f"L'option « {m.group(1)} » demande {m.group(2)} valeurs.",
    ),
    (
        re.compile(r"^Got unexpected extra argument\(s\) \((.*)\)$"),
        lambda m: (
            ("Arguments" if len(m.group(1).split()) > 1 else "Argument")
            + f" en trop : {m.group(1)}."
        ),
    ),
    (
        re.compile(r"^Invalid value for (.+?): (.*)$", re.S),
        lambda m: f"Valeur invalide pour {m.group(1)} : {_detail(m.group(2))}.",
    ),
    (
        re.compile(r"^Invalid value: (.*)$", re.S),
        lambda m: f"Valeur invalide : {_detail(m.group(1))}.",
    ),
    (
        re.compile(r"^Could not open file (.+?): (.*)$"),
        lambda m: f"Impossible d'ouvrir le fichier {m.group(1)} : {m.group(2)}",
    ),
)


_SUGGESTION = re.compile(r"^(.*?)\.? Did you mean (.+)\?$", re.S)


def traduire_erreur(message: str) -> str:
    """An error of Typer's vendored Click, in French (unchanged when no pattern matches)."""
    if trouve := _SUGGESTION.match(message):  # Typer's « Did you mean 'x'? » suffix
        debut = traduire_erreur(trouve.group(1)).rstrip(".")
        return f"{debut}. Vouliez-vous dire {trouve.group(2)} ?"
    for motif, traduction in _ERREURS:
        if trouve := motif.match(message):
            return traduction(trouve).replace("..", ".")
    return traduire(message)


def traduire(message: str) -> str:
    return TRADUCTIONS.get(message, message)


def ntraduire(singulier: str, pluriel: str, nombre: int) -> str:
    return traduire(singulier if nombre == 1 else pluriel)


def type_en_francais(libelle: str) -> str:
    """« <int> » → « <entier> », « <list[str]> » → « <liste[texte]> », « <int range> » →
    « <entier> »."""
    return " ".join(_MOT_ANGLAIS.sub(lambda m: TYPES[m.group(1)], libelle).split()).replace(
        " >", ">"
    )


def installer() -> None:
    """French for Click's and Typer's messages (idempotent)."""
    remplacements: dict[str, tuple[Callable[..., str], Callable[..., str]]] = {
        "_": (gettext.gettext, traduire),
        "ngettext": (gettext.ngettext, ntraduire),
    }
    for nom in _MODULES:
        try:
            module = importlib.import_module(nom)
        except ImportError:  # typer.rich_utils needs rich, always installed with typer here
            continue
        for fonction, (origine, remplacement) in remplacements.items():
            if getattr(module, fonction, None) is origine:
                setattr(module, fonction, remplacement)
        if nom == "typer.rich_utils":
            for constante in _CONSTANTES_TYPER:
                valeur = getattr(module, constante, None)
                if isinstance(valeur, str):
                    setattr(module, constante, traduire(valeur))
    _installer_click_de_typer()
    _installer_types_typer()


def _installer_types_typer() -> None:
    """Every value placeholder of Typer's help in French, from the one method that writes them
    (``display_type``; choices are values, kept as they are). A flag takes no value: no
    placeholder (Typer's plain help already omits it; its rich panels showed « <bool> »)."""
    try:
        core = importlib.import_module("typer.core")
        parametre, option = core._TyperParameter, core.TyperOption
    except (ImportError, AttributeError):  # another Typer: its placeholders stay as they are
        return
    if getattr(parametre, "_francais", False):
        return
    parametre._francais = True
    type_anglais = parametre.display_type
    type_rich = option.display_type_rich

    def display_type(self: Any, ctx: Any) -> str:
        libelle: str = type_anglais(self, ctx)
        descripteur = self.type_descriptor
        if descripteur.is_choice and self.show_choices:
            return libelle
        return type_en_francais(libelle)

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if self.is_flag and not self.count:
            return None
        libelle: str | None = type_rich(self, ctx)
        return libelle

    parametre.display_type = display_type
    option.display_type_rich = display_type_rich


def _installer_click_de_typer() -> None:
    try:
        core = importlib.import_module("typer._click.core")
        exceptions = importlib.import_module("typer._click.exceptions")
        formatting = importlib.import_module("typer._click.formatting")
    except ImportError:  # a Typer without a vendored Click: gettext covers it
        return
    if getattr(core, "_francais", False):
        return
    core._francais = True  # type: ignore[attr-defined]
    for classe in vars(exceptions).values():
        if isinstance(classe, type) and "format_message" in vars(classe):
            classe.format_message = _en_francais(classe.format_message)  # type: ignore[attr-defined]

    ecrire_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        ecrire_usage(self, prog, usage_en_francais(args), USAGE if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage
    option_aide = core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = option_aide(self, ctx)
        if option is not None:
            option.help = AIDE
        return option

    core.Command.get_help_option = get_help_option


def _en_francais(format_message: Callable[[Any], str]) -> Callable[[Any], str]:
    @functools.wraps(format_message)
    def traduit(self: Any) -> str:
        return traduire_erreur(format_message(self))

    return traduit
