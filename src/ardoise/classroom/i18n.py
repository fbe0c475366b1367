"""The pages' text in English and French; the language from a remembered choice or the browser.

Every key has both languages (a test checks it). Messages take `{name}` fields.
"""

from __future__ import annotations

from fastapi import Request

__all__ = ["LANGUAGES", "LANGUAGE_COOKIE", "choose_language", "translate"]

LANGUAGES = ("en", "fr")
LANGUAGE_COOKIE = "ardoise_lang"

MESSAGES: dict[str, dict[str, str]] = {
    "app_name": {"en": "Ardoise classroom", "fr": "Ardoise en classe"},
    "skip": {"en": "Skip to content", "fr": "Aller au contenu"},
    "language": {"en": "Language", "fr": "Langue"},
    "change": {"en": "Change", "fr": "Changer"},
    "signed_in_as": {"en": "Signed in as {name}", "fr": "Connecté·e : {name}"},
    "sign_in": {"en": "Sign in", "fr": "Se connecter"},
    "sign_out": {"en": "Sign out", "fr": "Se déconnecter"},
    "username": {"en": "Username", "fr": "Identifiant"},
    "password": {"en": "Password", "fr": "Mot de passe"},
    "display_name": {"en": "Full name", "fr": "Nom complet"},
    "bad_credentials": {
        "en": "The username or password is wrong; check them and try again.",
        "fr": "L'identifiant ou le mot de passe est faux ; vérifiez-les et réessayez.",
    },
    "too_many_sign_ins": {
        "en": "Too many failed attempts for this account; wait {minutes} minutes and try again.",
        "fr": "Trop d'essais manqués pour ce compte ; attendez {minutes} minutes et réessayez.",
    },
    "home_intro": {
        "en": "Teachers hand out notebooks here; students work on their own copy, "
        "and Python runs in their browser.",
        "fr": "Les enseignant·es distribuent ici des carnets ; chaque élève travaille "
        "sur sa copie, et Python s'exécute dans son navigateur.",
    },
    "join_title": {"en": "Join an activity", "fr": "Rejoindre une activité"},
    "share_code": {"en": "Share code", "fr": "Code de partage"},
    "share_code_help": {
        "en": "Ten letters and digits, as your teacher gave them (for example ABCDE-23456).",
        "fr": "Dix lettres et chiffres, tels que donnés par votre enseignant·e "
        "(par exemple ABCDE-23456).",
    },
    "join": {"en": "Join", "fr": "Rejoindre"},
    "unknown_code": {
        "en": "No open activity has this code; check it with your teacher.",
        "fr": "Aucune activité ouverte n'a ce code ; vérifiez-le avec votre enseignant·e.",
    },
    "too_many_codes": {
        "en": "Too many wrong codes from this network; wait {minutes} minutes and try again.",
        "fr": "Trop de codes erronés depuis ce réseau ; attendez {minutes} minutes et réessayez.",
    },
    "activity_closed": {
        "en": "This activity is closed; your teacher no longer accepts new copies.",
        "fr": "Cette activité est fermée ; elle n'accepte plus de nouvelles copies.",
    },
    "your_name": {"en": "Your name", "fr": "Votre nom"},
    "your_name_help": {
        "en": "As your teacher should see it, for example a first name and an initial.",
        "fr": "Tel que votre enseignant·e doit le voir, par exemple un prénom et une initiale.",
    },
    "name_required": {
        "en": "Give a name (1 to 100 characters).",
        "fr": "Donnez un nom (1 à 100 caractères).",
    },
    "guests_refused": {
        "en": "This activity needs an account: sign in first.",
        "fr": "Cette activité demande un compte : connectez-vous d'abord.",
    },
    "get_my_copy": {"en": "Get my copy", "fr": "Obtenir ma copie"},
    "teacher_only": {
        "en": "Teachers hand out activities; join one with a student's account.",
        "fr": "Les enseignant·es distribuent les activités ; rejoignez-en une avec "
        "un compte élève.",
    },
    "admin_title": {"en": "Accounts", "fr": "Comptes"},
    "create_account": {"en": "Create an account", "fr": "Créer un compte"},
    "role": {"en": "Role", "fr": "Rôle"},
    "role_teacher": {"en": "Teacher", "fr": "Enseignant·e"},
    "role_student": {"en": "Student", "fr": "Élève"},
    "create": {"en": "Create", "fr": "Créer"},
    "created_user": {"en": "Account {username} created.", "fr": "Compte {username} créé."},
    "bad_username": {
        "en": "Use 2 to 64 letters, digits, dots, dashes or underscores.",
        "fr": "Utilisez 2 à 64 lettres, chiffres, points, tirets ou tirets bas.",
    },
    "username_taken": {
        "en": "This username is taken; choose another.",
        "fr": "Cet identifiant est pris ; choisissez-en un autre.",
    },
    "short_password": {
        "en": "Use at least {length} characters.",
        "fr": "Utilisez au moins {length} caractères.",
    },
    "no_accounts": {"en": "No accounts yet.", "fr": "Aucun compte."},
    "dashboard": {"en": "My activities", "fr": "Mes activités"},
    "new_activity": {"en": "New activity", "fr": "Nouvelle activité"},
    "no_activities": {
        "en": "No activities yet: create one from a notebook.",
        "fr": "Aucune activité : créez-en une à partir d'un carnet.",
    },
    "title": {"en": "Title", "fr": "Titre"},
    "instructions": {"en": "Instructions", "fr": "Consignes"},
    "due": {"en": "Due (optional)", "fr": "À rendre le (facultatif)"},
    "due_on": {"en": "Due", "fr": "À rendre le"},
    "late_accepted": {"en": "Accept late work", "fr": "Accepter les rendus en retard"},
    "guests_allowed": {
        "en": "Students may join with just a name (no account)",
        "fr": "Les élèves peuvent rejoindre avec un simple nom (sans compte)",
    },
    "notebook_file": {"en": "Notebook (.ipynb)", "fr": "Carnet (.ipynb)"},
    "course_notebook": {"en": "or a notebook of the course", "fr": "ou un carnet du cours"},
    "none": {"en": "(none)", "fr": "(aucun)"},
    "title_required": {
        "en": "Give a title (1 to 200 characters).",
        "fr": "Donnez un titre (1 à 200 caractères).",
    },
    "bad_due": {
        "en": "Give the date and time as YYYY-MM-DDTHH:MM, or leave it empty.",
        "fr": "Donnez la date et l'heure sous la forme AAAA-MM-JJTHH:MM, ou laissez vide.",
    },
    "notebook_required": {
        "en": "Upload a .ipynb file or choose a notebook of the course.",
        "fr": "Déposez un fichier .ipynb ou choisissez un carnet du cours.",
    },
    "notebook_too_big": {
        "en": "The notebook is larger than {size} MB; clear its outputs and upload it again.",
        "fr": "Le carnet dépasse {size} Mo ; effacez ses sorties et déposez-le à nouveau.",
    },
    "bad_notebook": {
        "en": "This file is not a notebook Ardoise can open: {reason}",
        "fr": "Ce fichier n'est pas un carnet qu'Ardoise peut ouvrir : {reason}",
    },
    "status": {"en": "Status", "fr": "État"},
    "open": {"en": "Open", "fr": "Ouverte"},
    "closed": {"en": "Closed", "fr": "Fermée"},
    "copies": {"en": "Copies", "fr": "Copies"},
    "no_copies": {"en": "No student has joined yet.", "fr": "Aucun·e élève n'a encore rejoint."},
    "student": {"en": "Student", "fr": "Élève"},
    "last_saved": {"en": "Last saved", "fr": "Dernier enregistrement"},
    "cells_run": {"en": "Cells run", "fr": "Cellules exécutées"},
    "share_link": {"en": "Link for students", "fr": "Lien pour les élèves"},
    "close_activity": {"en": "Close the activity", "fr": "Fermer l'activité"},
    "close_help": {
        "en": "A closed activity refuses new copies and further changes.",
        "fr": "Une activité fermée refuse les nouvelles copies et les modifications.",
    },
    "status_not_started": {"en": "Not started", "fr": "Pas commencée"},
    "status_in_progress": {"en": "In progress", "fr": "En cours"},
    "status_submitted": {"en": "Submitted", "fr": "Rendue"},
    "status_returned": {"en": "Returned", "fr": "Corrigée"},
    "never": {"en": "never", "fr": "jamais"},
    "resume_link": {"en": "Your private link", "fr": "Votre lien personnel"},
    "resume_help": {
        "en": "Keep this link to find your copy again on any device; "
        "anyone who has it can open your copy.",
        "fr": "Gardez ce lien pour retrouver votre copie sur n'importe quel appareil ; "
        "quiconque l'a peut ouvrir votre copie.",
    },
    "hand_in": {"en": "Hand in", "fr": "Rendre"},
    "open_in_app": {"en": "Open in the notebook", "fr": "Ouvrir dans le carnet"},
    "open_in_app_help": {
        "en": "Write and run your code there; it is saved as you go.",
        "fr": "Écrivez et exécutez votre code là-bas ; il est enregistré au fur et à mesure.",
    },
    "handed_in": {"en": "Handed in at {time}.", "fr": "Rendue le {time}."},
    "late_refused": {
        "en": "The due date has passed and this activity does not accept late work.",
        "fr": "La date limite est passée et cette activité n'accepte pas de retard.",
    },
    "cells": {"en": "The notebook", "fr": "Le carnet"},
    "error_title": {"en": "Something went wrong", "fr": "Un problème est survenu"},
    "not_found": {
        "en": "This page does not exist, or you may not see it; check the link or sign in.",
        "fr": "Cette page n'existe pas, ou vous ne pouvez pas la voir ; vérifiez le lien "
        "ou connectez-vous.",
    },
    "back_home": {"en": "Back to the home page", "fr": "Retour à l'accueil"},
    "form_errors": {
        "en": "The form has errors; correct the fields below.",
        "fr": "Le formulaire contient des erreurs ; corrigez les champs ci-dessous.",
    },
}


def translate(language: str, key: str, **fields: object) -> str:
    """The message `key` in `language`, its `{fields}` filled in."""
    return MESSAGES[key][language].format(**fields)


def choose_language(request: Request) -> str:
    """The remembered choice, else the browser's first supported language, else English."""
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    ranked = []
    for item in request.headers.get("accept-language", "").split(","):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((quality, tag.split("-")[0].lower()))
    for quality, language in sorted(ranked, key=lambda pair: -pair[0]):
        if quality > 0 and language in LANGUAGES:
            return language
    return "en"
