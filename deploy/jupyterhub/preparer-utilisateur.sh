#!/bin/sh
# Prepare a system user for the organisation's JupyterHub (run as root). See docs/organisation.md.
#
#   preparer-utilisateur.sh candidat RACINE EQUIPE UTILISATEUR NOTEBOOKS
#   preparer-utilisateur.sh accompagnateur RACINE EQUIPE UTILISATEUR NOTEBOOKS CANDIDAT...
#
# candidat: creates RACINE/EQUIPE/UTILISATEUR (owner the candidate, group the candidate's personal group, 3770)
# and, in the candidate's home, the links « vae » (NOTEBOOKS, the toolkit's notebooks) and « mon-dossier-vae ».
# accompagnateur: adds the user to the team's group and to the personal group of each CANDIDAT given; links
# « vae » and « candidats » (RACINE) in their home. Running it again changes nothing that is already right.
set -eu

usage() {
    echo "usage : $0 candidat RACINE EQUIPE UTILISATEUR NOTEBOOKS" >&2
    echo "        $0 accompagnateur RACINE EQUIPE UTILISATEUR NOTEBOOKS CANDIDAT..." >&2
    exit 2
}

[ "$#" -ge 5 ] || usage
role=$1 racine=$2 equipe=$3 user=$4 notebooks=$5
shift 5
home=$(getent passwd "$user" | cut -d: -f6) || { echo "Utilisateur système inconnu : $user" >&2; exit 1; }

getent group "$equipe" >/dev/null || groupadd "$equipe"
# RACINE lists team names only. RACINE/EQUIPE: listed by the team's accompagnateurs, crossed by candidates.
install -d -o root -g root -m 0755 "$racine"
install -d -o root -g "$equipe" -m 0751 "$racine/$equipe"

link() {  # link TARGET NAME: a symbolic link in the user's home, made as the user (never follows their files)
    runuser -u "$user" -- ln -sfn "$1" "$home/$2"
}

case "$role" in
    candidat)
        [ "$#" -eq 0 ] || usage
        personal=$(id -gn "$user")
        dossier="$racine/$equipe/$user"
        install -d -o "$user" -g "$personal" -m 3770 "$dossier"
        link "$notebooks" vae
        link "$dossier" mon-dossier-vae
        ;;
    accompagnateur)
        [ "$#" -ge 1 ] || usage
        usermod -a -G "$equipe" "$user"
        for candidat in "$@"; do
            usermod -a -G "$(id -gn "$candidat")" "$user"
        done
        link "$notebooks" vae
        link "$racine" candidats
        ;;
    *)
        usage
        ;;
esac
