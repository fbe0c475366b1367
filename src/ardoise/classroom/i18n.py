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
    "image_output": {"en": "An image output", "fr": "Une image produite par la cellule"},
    "output_not_shown": {
        "en": "An output not shown here ({kinds}).",
        "fr": "Une sortie non affichée ici ({kinds}).",
    },
    "teacher_comment": {"en": "Teacher's comment:", "fr": "Commentaire de l'enseignant·e :"},
    "review_title": {"en": "Copy of {name}", "fr": "Copie de {name}"},
    "showing": {"en": "Shown", "fr": "Affichée"},
    "version_live": {"en": "the copy as last saved", "fr": "la copie telle qu'enregistrée"},
    "version_handed_in": {"en": "the copy handed in", "fr": "la copie rendue"},
    "see_live": {
        "en": "see the copy as last saved (it changed since)",
        "fr": "voir la copie telle qu'enregistrée (elle a changé depuis)",
    },
    "see_handed_in": {"en": "see the copy handed in", "fr": "voir la copie rendue"},
    "cell_label": {"en": "Cell {number} ({kind})", "fr": "Cellule {number} ({kind})"},
    "cell_code": {"en": "code", "fr": "code"},
    "cell_markdown": {"en": "text", "fr": "texte"},
    "cell_raw": {"en": "raw", "fr": "brute"},
    "comment_on": {"en": "Comment on cell {number}", "fr": "Commentaire sur la cellule {number}"},
    "add_comment": {"en": "Add the comment", "fr": "Ajouter le commentaire"},
    "delete": {"en": "Delete", "fr": "Supprimer"},
    "delete_comment_on": {
        "en": "Delete this comment on cell {number}",
        "fr": "Supprimer ce commentaire sur la cellule {number}",
    },
    "open_in_app_review_help": {
        "en": "The same version, read-only, in the notebook app: outputs shown as the "
        "student sees them, with your comments.",
        "fr": "La même version, en lecture seule, dans l'application : les sorties telles "
        "que l'élève les voit, avec vos commentaires.",
    },
    "join_live": {"en": "Join live", "fr": "Rejoindre en direct"},
    "join_live_of": {
        "en": "Join live: copy of {name}",
        "fr": "Rejoindre en direct : copie de {name}",
    },
    "live_column": {"en": "Live", "fr": "En direct"},
    "join_live_help": {
        "en": "Edit the copy with the student, at the same time, in the notebook app: "
        "each of you sees the other's cursor; it is saved as you go.",
        "fr": "Modifier la copie avec l'élève, en même temps, dans l'application : "
        "chacun voit le curseur de l'autre ; elle est enregistrée au fur et à mesure.",
    },
    "show_to_class": {"en": "Show to the class", "fr": "Montrer à la classe"},
    "show_to_class_help": {
        "en": "The student allows it: their copy, live and read-only, in large text for the "
        "classroom screen, without their name, comments or grade. It stops as soon as they "
        "stop allowing it.",
        "fr": "L'élève l'autorise : sa copie, en direct et en lecture seule, en grand pour "
        "l'écran de la classe, sans son nom, ses commentaires ni sa note. Cela s'arrête dès "
        "qu'il ou elle ne l'autorise plus.",
    },
    "show_to_class_not_allowed": {
        "en": "Showing this copy to the class needs the student's consent, given on their "
        "copy's page.",
        "fr": "Montrer cette copie à la classe demande l'accord de l'élève, donné sur la page "
        "de sa copie.",
    },
    "comments_deleted_cells": {
        "en": "Comments on deleted cells",
        "fr": "Commentaires sur des cellules supprimées",
    },
    "comments_deleted_cells_help": {
        "en": "These comments were made on cells that are not in this version of the copy.",
        "fr": "Ces commentaires portent sur des cellules absentes de cette version de la copie.",
    },
    "comments_deleted_cells_student_help": {
        "en": "Your teacher wrote these comments on cells you have since deleted.",
        "fr": "Votre enseignant·e a écrit ces commentaires sur des cellules que vous avez "
        "supprimées depuis.",
    },
    "delete_comment_deleted_cell": {
        "en": "Delete this comment on a deleted cell",
        "fr": "Supprimer ce commentaire sur une cellule supprimée",
    },
    "comment_required": {
        "en": "Write a comment (1 to 5000 characters).",
        "fr": "Écrivez un commentaire (1 à 5000 caractères).",
    },
    "comment_too_long": {
        "en": "Shorten the comment to 5000 characters at most.",
        "fr": "Raccourcissez le commentaire à 5000 caractères au plus.",
    },
    "grade": {"en": "Grade", "fr": "Note"},
    "grade_field": {"en": "Grade (optional)", "fr": "Note (facultative)"},
    "grade_help": {
        "en": "Free text of 32 characters at most, for example 15/20 or A.",
        "fr": "Texte libre de 32 caractères au plus, par exemple 15/20 ou A.",
    },
    "grade_too_long": {
        "en": "Shorten the grade to 32 characters at most.",
        "fr": "Raccourcissez la note à 32 caractères au plus.",
    },
    "grade_comment": {"en": "Comment on the whole copy", "fr": "Commentaire sur toute la copie"},
    "return_help": {
        "en": "Returning the copy shows the student the grade and the comments.",
        "fr": "Rendre la copie corrigée montre la note et les commentaires à l'élève.",
    },
    "save_grade": {"en": "Save", "fr": "Enregistrer"},
    "save_and_return": {
        "en": "Save and return to the student",
        "fr": "Enregistrer et rendre à l'élève",
    },
    "manage": {"en": "Manage the activity", "fr": "Gérer l'activité"},
    "export_copies": {
        "en": "Download every copy (.zip of .ipynb)",
        "fr": "Télécharger toutes les copies (.zip de .ipynb)",
    },
    "export_grades": {
        "en": "Download the grades (.csv)",
        "fr": "Télécharger les notes (.csv)",
    },
    "duplicate_activity": {"en": "Duplicate the activity", "fr": "Dupliquer l'activité"},
    "duplicate_help": {
        "en": "A new activity with the same notebook and settings, a new share code and no copies.",
        "fr": "Une nouvelle activité avec le même carnet et les mêmes réglages, un nouveau "
        "code de partage et aucune copie.",
    },
    "delete_activity": {"en": "Delete the activity…", "fr": "Supprimer l'activité…"},
    "delete_activity_title": {"en": "Delete “{title}”?", "fr": "Supprimer « {title} » ?"},
    "delete_activity_warning": {
        "en": "The activity and its {count} copies, with their comments and grades, will be "
        "deleted for good. Download them first if you need them.",
        "fr": "L'activité et ses {count} copies, avec leurs commentaires et leurs notes, seront "
        "supprimées définitivement. Téléchargez-les d'abord si vous en avez besoin.",
    },
    "delete_for_good": {"en": "Delete for good", "fr": "Supprimer définitivement"},
    "cancel": {"en": "Cancel", "fr": "Annuler"},
    "students_title": {"en": "Students and their data", "fr": "Les élèves et leurs données"},
    "students_help": {
        "en": "Every student, including those who joined with just a name. Download a "
        "student's data, or delete it, when they or their family ask.",
        "fr": "Tous les élèves, y compris ceux qui ont rejoint avec un simple nom. "
        "Téléchargez les données d'un·e élève, ou supprimez-les, à sa demande ou à celle "
        "de sa famille.",
    },
    "actions": {"en": "Actions", "fr": "Actions"},
    "guest": {"en": "(name only)", "fr": "(nom seulement)"},
    "no_students": {"en": "No students yet.", "fr": "Aucun·e élève."},
    "export_data": {"en": "Download the data", "fr": "Télécharger les données"},
    "export_data_of": {
        "en": "Download the data of {name}",
        "fr": "Télécharger les données de {name}",
    },
    "delete_data_of": {"en": "Delete the data of {name}", "fr": "Supprimer les données de {name}"},
    "delete_student_title": {
        "en": "Delete {name} and their work?",
        "fr": "Supprimer {name} et son travail ?",
    },
    "delete_student_warning": {
        "en": "The account, its {count} copies with their comments and grades, and its "
        "sign-in sessions will be deleted for good.",
        "fr": "Le compte, ses {count} copies avec leurs commentaires et leurs notes, et ses "
        "sessions de connexion seront supprimés définitivement.",
    },
    "role_admin": {"en": "Administrator", "fr": "Administrateur·rice"},
    "oidc_button": {
        "en": "Sign in with the school account",
        "fr": "Se connecter avec le compte de l'établissement",
    },
    "sign_in_with_username": {
        "en": "Or with a username and password",
        "fr": "Ou avec un identifiant et un mot de passe",
    },
    "oidc_error_title": {"en": "Sign-in failed", "fr": "La connexion a échoué"},
    "back_to_sign_in": {"en": "Back to the sign-in page", "fr": "Retour à la page de connexion"},
    "oidc_unreachable": {
        "en": "The school's sign-in service ({issuer}) cannot be reached or does not answer "
        "properly; try again in a moment, or sign in with a username.",
        "fr": "Le service de connexion de l'établissement ({issuer}) est injoignable ou répond "
        "mal ; réessayez dans un instant, ou connectez-vous avec un identifiant.",
    },
    "oidc_bad_state": {
        "en": "This sign-in expired or was not started from this browser; start again "
        "from the sign-in page.",
        "fr": "Cette connexion a expiré ou n'a pas été commencée dans ce navigateur ; "
        "recommencez depuis la page de connexion.",
    },
    "oidc_denied": {
        "en": "The school's sign-in service did not sign you in (it was cancelled or refused); "
        "try again from the sign-in page.",
        "fr": "Le service de connexion de l'établissement ne vous a pas connecté·e (annulé ou "
        "refusé) ; réessayez depuis la page de connexion.",
    },
    "oidc_refused": {
        "en": "The school's sign-in service refused the sign-in ({error}); try again, and ask "
        "the administrator if it keeps failing.",
        "fr": "Le service de connexion de l'établissement a refusé la connexion ({error}) ; "
        "réessayez, et prévenez l'administrateur·rice si l'échec persiste.",
    },
    "oidc_invalid_token": {
        "en": "The answer of the school's sign-in service could not be verified (signature, "
        "audience, expiry or nonce); try again, and ask the administrator if it keeps failing.",
        "fr": "La réponse du service de connexion de l'établissement n'a pas pu être vérifiée "
        "(signature, destinataire, expiration ou nonce) ; réessayez, et prévenez "
        "l'administrateur·rice si l'échec persiste.",
    },
    "sso_accounts": {
        "en": "Accounts of the school sign-in",
        "fr": "Comptes de la connexion de l'établissement",
    },
    "sso_accounts_help": {
        "en": "People who signed in with the school account start as students; make teachers "
        "of those who hand out activities.",
        "fr": "Les personnes connectées avec le compte de l'établissement commencent comme "
        "élèves ; faites enseignant·es celles qui distribuent des activités.",
    },
    "make_teacher": {"en": "Make {name} a teacher", "fr": "Faire de {name} un·e enseignant·e"},
    "make_student": {"en": "Make {name} a student", "fr": "Faire de {name} un·e élève"},
    "my_data": {"en": "My data", "fr": "Mes données"},
    "school_account": {"en": "(school account)", "fr": "(compte de l'établissement)"},
    "signs_in_with": {"en": "Signs in with", "fr": "Se connecte avec"},
    "signs_in_school": {"en": "the school account", "fr": "le compte de l'établissement"},
    "signs_in_password": {
        "en": "a username and password",
        "fr": "un identifiant et un mot de passe",
    },
    "signs_in_link": {"en": "a private link", "fr": "un lien personnel"},
    "my_data_download_title": {"en": "Download my data", "fr": "Télécharger mes données"},
    "my_data_help": {
        "en": "A .zip with account.json (what the server keeps about you: your name, your "
        "copies' activities, times, grades and comments once returned) and each of your copies "
        "as a notebook (.ipynb), as last saved and as handed in.",
        "fr": "Un .zip avec account.json (ce que le serveur garde à votre sujet : votre nom, "
        "les activités de vos copies, les dates, les notes et commentaires une fois la copie "
        "corrigée) et chacune de vos copies en carnet (.ipynb), telle qu'enregistrée et telle "
        "que rendue.",
    },
    "my_data_download": {
        "en": "Download my data (.zip)",
        "fr": "Télécharger mes données (.zip)",
    },
    "my_data_delete": {
        "en": "To have your account and work deleted, ask your teacher or the administrator.",
        "fr": "Pour faire supprimer votre compte et votre travail, demandez-le à votre "
        "enseignant·e ou à l'administrateur·rice.",
    },
    "my_classes": {"en": "My classes", "fr": "Mes classes"},
    "class_with": {"en": "{name} (with {teacher})", "fr": "{name} (avec {teacher})"},
    "no_classes_student": {
        "en": "You are in no class yet; your teacher adds you.",
        "fr": "Vous n'êtes encore dans aucune classe ; votre enseignant·e vous y ajoute.",
    },
    "copy_locked": {
        "en": "Handed in: your teacher has this version. You can change it again once "
        "your teacher returns it.",
        "fr": "Rendue : votre enseignant·e a cette version. Vous pourrez la modifier à "
        "nouveau quand elle vous sera rendue corrigée.",
    },
    "copy_keep_working": {
        "en": "Handed in: your teacher sees the version handed in. You may keep working; "
        "hand in again to replace it.",
        "fr": "Rendue : votre enseignant·e voit la version rendue. Vous pouvez continuer à "
        "travailler ; rendez à nouveau pour la remplacer.",
    },
    "class": {"en": "Class", "fr": "Classe"},
    "class_help": {
        "en": "Its students who have not started are listed on the activity's page.",
        "fr": "Ses élèves qui n'ont pas commencé sont listés sur la page de l'activité.",
    },
    "no_class": {"en": "(no class)", "fr": "(aucune classe)"},
    "class_unknown": {
        "en": "Choose one of your classes, or no class.",
        "fr": "Choisissez l'une de vos classes, ou aucune.",
    },
    "keep_working": {
        "en": "Students may keep working after handing in",
        "fr": "Les élèves peuvent continuer à travailler après avoir rendu",
    },
    "keep_working_help": {
        "en": "You see the version handed in either way. If unticked, a handed-in copy "
        "cannot be changed until you return it.",
        "fr": "Vous voyez la version rendue dans tous les cas. Si la case est décochée, une "
        "copie rendue ne peut plus être modifiée avant que vous la rendiez corrigée.",
    },
    "settings": {"en": "Settings", "fr": "Réglages"},
    "save_settings": {"en": "Save the settings", "fr": "Enregistrer les réglages"},
    "settings_saved": {"en": "Settings saved.", "fr": "Réglages enregistrés."},
    "my_classes_teacher": {"en": "My classes", "fr": "Mes classes"},
    "show_class": {"en": "Activities of", "fr": "Activités de"},
    "all_classes": {"en": "every class", "fr": "toutes les classes"},
    "show": {"en": "Show", "fr": "Afficher"},
    "activities_of_class": {"en": "Activities of {name}", "fr": "Activités de {name}"},
    "no_activities_class": {
        "en": "No activities for this class yet: choose it when you create or edit one.",
        "fr": "Aucune activité pour cette classe : choisissez-la en créant ou en modifiant "
        "une activité.",
    },
    "students": {"en": "Students", "fr": "Élèves"},
    "no_classes": {
        "en": "No classes yet: create one, then add its students.",
        "fr": "Aucune classe : créez-en une, puis ajoutez-y ses élèves.",
    },
    "new_class": {"en": "New class", "fr": "Nouvelle classe"},
    "class_name": {"en": "Name of the class", "fr": "Nom de la classe"},
    "class_name_help": {
        "en": "Its students see it, for example 2nd year B.",
        "fr": "Ses élèves le voient, par exemple Seconde B.",
    },
    "class_name_required": {
        "en": "Give the class a name (1 to 100 characters).",
        "fr": "Donnez un nom à la classe (1 à 100 caractères).",
    },
    "create_class": {"en": "Create the class", "fr": "Créer la classe"},
    "class_renamed": {"en": "Class renamed.", "fr": "Classe renommée."},
    "rename_class": {"en": "Rename the class", "fr": "Renommer la classe"},
    "rename": {"en": "Rename", "fr": "Renommer"},
    "no_members": {
        "en": "No students in this class yet.",
        "fr": "Aucun·e élève dans cette classe.",
    },
    "add_students": {"en": "Add students", "fr": "Ajouter des élèves"},
    "usernames": {"en": "Usernames", "fr": "Identifiants"},
    "usernames_help": {
        "en": "One per line (or separated by spaces or commas): usernames of student "
        "accounts, made by the administrator or by a school sign-in. Each student sees "
        "theirs on their “My data” page.",
        "fr": "Un par ligne (ou séparés par des espaces ou des virgules) : les identifiants "
        "de comptes élèves, créés par l'administrateur·rice ou par une connexion de "
        "l'établissement. Chaque élève voit le sien sur sa page « Mes données ».",
    },
    "usernames_required": {
        "en": "Give at least one username.",
        "fr": "Donnez au moins un identifiant.",
    },
    "too_many_usernames": {
        "en": "Give at most 500 usernames at a time.",
        "fr": "Donnez au plus 500 identifiants à la fois.",
    },
    "students_added": {"en": "Students added: {count}.", "fr": "Élèves ajouté·es : {count}."},
    "students_already": {
        "en": "Already in the class: {count}.",
        "fr": "Déjà dans la classe : {count}.",
    },
    "unknown_usernames": {
        "en": "Not added, as these are not student accounts: {names}. Check them, or ask "
        "the administrator to create the accounts.",
        "fr": "Non ajoutés, car ce ne sont pas des comptes élèves : {names}. Vérifiez-les, "
        "ou demandez à l'administrateur·rice de créer les comptes.",
    },
    "remove": {"en": "Remove", "fr": "Retirer"},
    "remove_from_class": {
        "en": "Remove {name} from the class",
        "fr": "Retirer {name} de la classe",
    },
    "delete_class": {"en": "Delete the class", "fr": "Supprimer la classe"},
    "delete_class_link": {"en": "Delete the class…", "fr": "Supprimer la classe…"},
    "delete_class_title": {"en": "Delete the class {name}?", "fr": "Supprimer la classe {name} ?"},
    "delete_class_warning": {
        "en": "The class and its list of {count} students will be deleted. The students' "
        "accounts, the activities and their copies stay.",
        "fr": "La classe et sa liste de {count} élèves seront supprimées. Les comptes des "
        "élèves, les activités et leurs copies restent.",
    },
    "team": {"en": "Team", "fr": "Équipe"},
    "teams": {"en": "Teams", "fr": "Équipes"},
    "teams_link": {"en": "Teams", "fr": "Équipes"},
    "teams_title": {"en": "Teams of {title}", "fr": "Équipes de {title}"},
    "teams_intro": {
        "en": "The students of a team work together on one copy: each member opens it, edits "
        "it live with the others, and any member hands it in for the whole team.",
        "fr": "Les élèves d'une équipe travaillent ensemble sur une seule copie : chaque membre "
        "l'ouvre, la modifie en direct avec les autres, et n'importe quel membre la rend "
        "pour toute l'équipe.",
    },
    "team_work": {"en": "Team work", "fr": "Travail en équipe"},
    "team_size": {"en": "Students work", "fr": "Les élèves travaillent"},
    "team_size_help": {
        "en": "Random teams are drawn at this size; teams formed by hand may be larger.",
        "fr": "Les équipes tirées au sort ont cette taille ; celles formées à la main "
        "peuvent être plus grandes.",
    },
    "team_size_1": {"en": "alone", "fr": "seul·es"},
    "team_size_2": {"en": "in pairs", "fr": "en binômes"},
    "team_size_3": {"en": "in groups of 3", "fr": "en groupes de 3"},
    "team_size_4": {"en": "in groups of 4", "fr": "en groupes de 4"},
    "team_size_5": {"en": "in groups of 5", "fr": "en groupes de 5"},
    "team_size_unknown": {
        "en": "Choose how students work from the list.",
        "fr": "Choisissez dans la liste comment les élèves travaillent.",
    },
    "team_number": {"en": "Team {number}", "fr": "Équipe {number}"},
    "team_copy": {"en": "its copy", "fr": "sa copie"},
    "no_teams": {"en": "No team yet.", "fr": "Aucune équipe pour l'instant."},
    "form_team": {"en": "Form a team", "fr": "Former une équipe"},
    "form_team_help": {
        "en": "Tick two or more students: the students of the activity's class and those "
        "who joined it.",
        "fr": "Cochez au moins deux élèves : ceux de la classe de l'activité et ceux qui "
        "l'ont rejointe.",
    },
    "students_without_team": {"en": "Students without a team", "fr": "Élèves sans équipe"},
    "everyone_in_a_team": {
        "en": "Every student of the activity is in a team.",
        "fr": "Chaque élève de l'activité est dans une équipe.",
    },
    "random_teams": {"en": "Make teams at random", "fr": "Former des équipes au hasard"},
    "random_teams_help": {
        "en": "Draws teams of the chosen size among the students without a team; with an odd "
        "number, one pair becomes a group of three.",
        "fr": "Tire au sort des équipes de la taille choisie parmi les élèves sans équipe ; "
        "avec un nombre impair, un binôme devient un groupe de trois.",
    },
    "add_to_team": {"en": "Add to {team}", "fr": "Ajouter à l'{team}"},
    "add": {"en": "Add", "fr": "Ajouter"},
    "remove_from_team": {"en": "Remove {name} from {team}", "fr": "Retirer {name} de l'{team}"},
    "delete_team": {"en": "Undo the team", "fr": "Défaire l'équipe"},
    "delete_team_of": {"en": "Undo the team ({team})", "fr": "Défaire l'équipe ({team})"},
    "delete_team_help": {
        "en": "Undoing a team keeps its copy as the copy of the member who opened it first; "
        "the others no longer open it.",
        "fr": "Défaire une équipe garde sa copie comme celle du membre qui l'a ouverte en "
        "premier ; les autres ne l'ouvrent plus.",
    },
    "teams_saved": {"en": "Team work saved.", "fr": "Travail en équipe enregistré."},
    "teams_formed": {"en": "Team formed.", "fr": "Équipe formée."},
    "teams_changed": {"en": "Team changed.", "fr": "Équipe modifiée."},
    "teams_drawn": {"en": "{count} teams drawn.", "fr": "{count} équipes tirées au sort."},
    "teams_left_out": {
        "en": "Without a team: {names}; add them to a team by hand.",
        "fr": "Sans équipe : {names} ; ajoutez-les à une équipe à la main.",
    },
    "team_work_off": {
        "en": "Students work alone in this activity; choose pairs or groups under Team work first.",
        "fr": "Les élèves travaillent seul·es dans cette activité ; choisissez d'abord des "
        "binômes ou des groupes sous Travail en équipe.",
    },
    "team_too_small": {
        "en": "A team needs at least two students; tick two or more.",
        "fr": "Une équipe compte au moins deux élèves ; cochez-en deux ou plus.",
    },
    "team_too_small_left": {
        "en": "A team needs at least two students, so {name} stays; undo the team instead.",
        "fr": "Une équipe compte au moins deux élèves, donc {name} reste ; défaites plutôt "
        "l'équipe.",
    },
    "already_in_team": {
        "en": "{name} is already in a team for this activity; remove them from it first.",
        "fr": "{name} est déjà dans une équipe pour cette activité ; retirez-l·e d'abord "
        "de celle-ci.",
    },
    "team_student_unknown": {
        "en": "Choose students of this activity's class or who joined it.",
        "fr": "Choisissez des élèves de la classe de cette activité ou qui l'ont rejointe.",
    },
    "team_changed_meanwhile": {
        "en": "A student was put in a team elsewhere meanwhile; look at the teams again and retry.",
        "fr": "Un·e élève a été mis·e dans une équipe ailleurs entre-temps ; regardez à "
        "nouveau les équipes et réessayez.",
    },
    "owner_cannot_leave": {
        "en": "{name} opened the team's copy and every other member has a copy of their own, "
        "so {name} stays; undo the team instead.",
        "fr": "{name} a ouvert la copie de l'équipe et chaque autre membre a sa propre copie, "
        "donc {name} reste ; défaites plutôt l'équipe.",
    },
    "team_hand_in_help": {
        "en": "This copy is your team's: any member hands it in for the whole team.",
        "fr": "Cette copie est celle de votre équipe : n'importe quel membre la rend pour "
        "toute l'équipe.",
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
