"""The runtime's own sentences in French (see `messages`, whose names they share)."""
# French typography uses the typographic apostrophe (U+2019), a look-alike to ruff.
# ruff: noqa: RUF001

from __future__ import annotations

FRENCH: dict[str, str] = {
    "SHELL_UNAVAILABLE": (
        "Les commandes du shell (!{command}) ne sont pas disponibles dans le navigateur : "
        "Python s’exécute dans la page web."
    ),
    "SHELL_PIP_HINT": " Utilisez plutôt %pip install.",
    "MAGIC_BAD_NUMBER": (
        "%{magic} : l’option -{option} attend un nombre entier supérieur à 0, pas {value!r}."
    ),
    "MAGIC_BAD_OPTION": "%{magic} : option inconnue {option!r} ; les options sont {known}.",
    "MAGIC_NEEDS_ARGUMENT": "%{magic} attend {what}, par exemple : {example}",
    "MAGIC_NOTHING_TO_SEE": (
        "%{magic} n’a pas d’effet dans le navigateur : cette ligne a été ignorée."
    ),
    "RESET_NOTHING_DONE": "Rien n’a été fait. (%reset -f efface sans demander.)",
    "PIP_ONLY_INSTALL": (
        "%pip ne sait qu’installer des paquets dans le navigateur : essayez "
        "%pip install NOM (reçu : %pip {command})."
    ),
    "PIP_NOTHING_TO_INSTALL": (
        "%pip install attend au moins un nom de paquet, par exemple : %pip install rich"
    ),
    "PIP_OUTSIDE_BROWSER": (
        "%pip install ne fonctionne que dans le navigateur ; ailleurs, lancez dans un "
        "terminal : python -m pip install {names}"
    ),
    "PIP_FAILED": "Impossible d’installer {requirement} : {reason}.",
    "PIP_NO_PURE_WHEEL": (
        "il n’a pas de wheel en pur Python sur PyPI, il ne peut donc pas s’exécuter "
        "dans le navigateur"
    ),
    "PIP_NOT_ON_PYPI": "PyPI n’a aucun paquet nommé {name}, et ce cours ne le fournit pas",
    "PIP_PYPI_UNREACHABLE": "PyPI est injoignable ({error}), et ce cours ne fournit pas ce paquet",
    "PIP_NO_INSTALLER": (
        "l’installateur, micropip, n’a pas pu être chargé ({error}) ; vérifiez la connexion "
        "au réseau"
    ),
    "CONDA_UNAVAILABLE": (
        "%conda n’est pas disponible dans le navigateur : utilisez plutôt %pip install."
    ),
    "MATPLOTLIB_INLINE_ONLY": (
        "Remarque : dans le navigateur, les figures s’affichent toujours sous la cellule ; "
        "le backend {backend!r} n’est pas disponible."
    ),
    "EXTENSION_UNAVAILABLE": (
        "Remarque : l’extension IPython {name!r} n’est pas disponible dans le navigateur."
    ),
    "EXTENSION_NOT_FOUND": (
        "Remarque : aucune extension nommée {name!r} n’a pu être importée ({error})."
    ),
    "EXTENSION_NOT_AN_EXTENSION": "Remarque : le module {name!r} n’est pas une extension IPython.",
    "CONFIG_IGNORED": (
        "Remarque : %config n’a pas d’effet dans le navigateur ; le réglage a été ignoré."
    ),
    "AUTORELOAD_UNAVAILABLE": (
        "Remarque : %autoreload n’est pas disponible dans le navigateur ; utilisez "
        "importlib.reload(module) après avoir modifié un module."
    ),
    "JAVASCRIPT_NOT_RUN": (
        "<Sortie JavaScript : elle s’exécute dans un bac à sable, à l’écart de la page>"
    ),
    "DISPLAY_URL_NOT_FETCHED": (
        "{kind}(url=...) ne peut pas télécharger {url!r} depuis Python dans le navigateur ; "
        "donnez le contenu lui-même, ou un nom de fichier"
    ),
    "IMAGE_NO_DATA": "Image attend des données, un nom de fichier ou une URL : rien de tout cela",
    "AUDIO_NO_DATA": "Audio attend des données, un nom de fichier ou une URL : rien de tout cela",
    "AUDIO_NEEDS_RATE": (
        "Audio : donnez rate=... (échantillons par seconde) avec une liste d’échantillons"
    ),
    "AUDIO_OUT_OF_RANGE": (
        "Audio : avec normalize=False, les échantillons doivent être compris entre -1 et 1"
    ),
    "VIDEO_NEEDS_EMBED": (
        "Video : pour afficher des données vidéo (et non un nom de fichier ou une URL), "
        "donnez embed=True"
    ),
    "IMAGE_CANNOT_EMBED": (
        "Image : impossible d’intégrer le format d’image {format!r} ; utilisez png, jpeg, "
        "gif ou webp"
    ),
    "TEXT_EXPECTED": "{kind} attend du texte (str), pas {type}",
    "HANDLE_NEEDS_ID": (
        "update_display attend le display_id d’un display(..., display_id=...) précédent"
    ),
    "EVENT_UNKNOWN": "événement inconnu {event!r} ; les événements sont {known}",
    "TURTLE_EMPTY": "un dessin vide",
    "TURTLE_NO_EVENTS": (
        "Remarque : {what}() n’a pas d’effet ici : le dessin est une image dans le "
        "carnet, il n’y a donc ni souris, ni clavier, ni minuterie à attendre."
    ),
    "TURTLE_NO_UNDO": (
        "undo() n’est pas disponible pour la tortue du carnet : redessinez après clear() ou reset()"
    ),
    "TURTLE_NO_CANVAS": (
        "Il n’y a pas de canevas Tk dans le carnet : le dessin s’affiche comme une image "
        "SVG dans la sortie de la cellule."
    ),
    "TURTLE_CLOSED": (
        "L’écran de cette tortue a été fermé par bye() ; créez une nouvelle "
        "turtle.Turtle() pour dessiner à nouveau."
    ),
    "TURTLE_TOO_MANY_SEGMENTS": (
        "Le dessin compte {limit} segments, trop pour l’afficher dans un carnet : "
        "appelez clear() ou reset() pour recommencer, ou tracez moins de traits, plus longs."
    ),
    "TURTLE_IMAGE_UNREADABLE": "Impossible de lire l’image {path!r} : {reason}.",
    "TURTLE_IMAGE_FORMAT": (
        "{path!r} n’est pas une image GIF ou PNG ; la tortue ne sait afficher que celles-là."
    ),
    "TURTLE_SAVE_SVG": (
        "La tortue du carnet enregistre les dessins en SVG : donnez un nom de fichier "
        "finissant par .svg, pas {filename!r}."
    ),
    "INPUT_NOT_ISOLATED": (
        "input() ne peut pas attendre votre réponse sur cette page, car elle n’est pas "
        "isolée (cross-origin isolated : son serveur n’envoie pas les en-têtes COOP et "
        "COEP) ; mettez plutôt la valeur dans votre code, ou demandez à qui publie le cours "
        "de le servir comme le fait `ardoise serve`."
    ),
    "INPUT_NO_FRONT_END": (
        "input() ne peut pas attendre de réponse : ce noyau a été lancé sans moyen de "
        "demander ; créez-le avec Kernel(publish, request_input=...)."
    ),
    "INPUT_OUTSIDE_CELL": (
        "input() ne peut demander une réponse que pendant l’exécution d’une cellule."
    ),
}
