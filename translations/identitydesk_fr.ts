<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About IdentityDesk</source>
        <translation>À propos d&apos;IdentityDesk</translation>
    </message>
    <message>
        <source>IdentityDesk logo</source>
        <translation>Logo d&apos;IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;h2&gt;IdentityDesk %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;IdentityDesk %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Version et licence</translation>
    </message>
    <message>
        <source>Operator console for identity-verification providers.</source>
        <translation>Console d&apos;opérateur pour les fournisseurs de vérification d&apos;identité.</translation>
    </message>
    <message>
        <source>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version. It comes with ABSOLUTELY NO WARRANTY.</source>
        <translation>Ce programme est un logiciel libre : vous pouvez le redistribuer et/ou le modifier selon les termes de la Licence publique générale GNU, version 3 ou (à votre choix) toute version ultérieure. Il est fourni SANS AUCUNE GARANTIE.</translation>
    </message>
    <message>
        <source>Version %1
Qt %2
%3
Licence: GPL-3.0-or-later</source>
        <translation>Version %1
Qt %2
%3
Licence : GPL-3.0-or-later</translation>
    </message>
    <message>
        <source>No TLS library loaded</source>
        <translation>Aucune bibliothèque TLS chargée</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Confirm action — IdentityDesk</source>
        <translation>Confirmer l&apos;action — IdentityDesk</translation>
    </message>
    <message>
        <source>Request that will be sent</source>
        <translation>Requête qui sera envoyée</translation>
    </message>
    <message>
        <source>Request that will be sent (the signature is made when it is sent):</source>
        <translation>Requête qui sera envoyée (la signature est calculée à l&apos;envoi) :</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Why? A case or ticket number and what you checked</source>
        <translation>Pourquoi ? Un numéro de dossier ou de ticket et ce que vous avez vérifié</translation>
    </message>
    <message>
        <source>&amp;Reason (required, recorded in the audit log):</source>
        <translation>&amp;Motif (obligatoire, consigné dans le journal d&apos;audit) :</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>The policy could not be read from the store, so nothing can be sent: %1</source>
        <translation>La politique n&apos;a pas pu être lue dans le stockage, rien ne peut donc être envoyé : %1</translation>
    </message>
    <message>
        <source>Approval: unknown (the policy could not be read).</source>
        <translation>Approbation : inconnue (la politique n&apos;a pas pu être lue).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Needs approval:&lt;/b&gt; the policy wants a supervisor&apos;s approval. The action waits under Approvals until a supervisor other than you approves it; nothing is sent before.</source>
        <translation>&lt;b&gt;Approbation requise :&lt;/b&gt; la politique exige l&apos;approbation d&apos;un superviseur. L&apos;action attend dans Approbations qu&apos;un superviseur autre que vous l&apos;approuve ; rien n&apos;est envoyé avant.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No approval needed:&lt;/b&gt; it is sent at once when you confirm.</source>
        <translation>&lt;b&gt;Aucune approbation requise :&lt;/b&gt; elle est envoyée dès votre confirmation.</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Soumettre pour approbation</translation>
    </message>
    <message>
        <source>&amp;Send now</source>
        <translation>&amp;Envoyer maintenant</translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1”: this changes a real person&apos;s record at the provider.</source>
        <translation>PRODUCTION — profil « %1 » : ceci modifie le dossier d&apos;une personne réelle chez le fournisseur.</translation>
    </message>
    <message>
        <source>Type a reason first.</source>
        <translation>Saisissez d&apos;abord un motif.</translation>
    </message>
    <message>
        <source>Type “%1” to confirm.</source>
        <translation>Saisissez « %1 » pour confirmer.</translation>
    </message>
    <message>
        <source>Request &amp;details</source>
        <translation>&amp;Détails de la demande</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>Détails de la demande</translation>
    </message>
    <message>
        <source>&lt;b&gt;Already asked:&lt;/b&gt; action #%1 does the same to this person and is %2. &lt;a href=&quot;action:%1&quot;&gt;Show action #%1&lt;/a&gt; before asking again.</source>
        <translation>&lt;b&gt;Déjà demandé :&lt;/b&gt; l&apos;action #%1 fait la même chose pour cette personne et est %2. &lt;a href=&quot;action:%1&quot;&gt;Afficher l&apos;action #%1&lt;/a&gt; avant de redemander.</translation>
    </message>
    <message>
        <source>waiting for a supervisor&apos;s approval</source>
        <translation>en attente de l&apos;approbation d&apos;un superviseur</translation>
    </message>
    <message>
        <source>approved and about to be sent</source>
        <translation>approuvée et sur le point d&apos;être envoyée</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>en cours d&apos;envoi</translation>
    </message>
    <message>
        <source>unresolved (its outcome is unknown)</source>
        <translation>non résolue (son résultat est inconnu)</translation>
    </message>
    <message>
        <source>%1 cannot be undone easily: type your password to confirm that it is you who requests it.</source>
        <translation>%1 ne peut pas être annulé facilement : saisissez votre mot de passe pour confirmer que c&apos;est bien vous qui le demandez.</translation>
    </message>
</context>
<context>
    <name>ActionPrinter</name>
    <message>
        <source>Nothing changed: already in this state.</source>
        <translation>Rien n&apos;a changé : déjà dans cet état.</translation>
    </message>
    <message>
        <source>Action #%1 may have been processed — see `unresolved list`. Check it with `unresolved recheck %1`; it is not sent again.</source>
        <translation>L&apos;action n° %1 a peut-être été traitée — voir `unresolved list`. Vérifiez-la avec `unresolved recheck %1` ; elle n&apos;est pas renvoyée.</translation>
    </message>
    <message>
        <source>Action #%1 may have been processed — see `unresolved list`. Check the user at the provider, then record it with `unresolved resolve %1 --outcome succeeded|failed --reason …`; it is not sent again.</source>
        <translation>L&apos;action n° %1 a peut-être été traitée — voir `unresolved list`. Vérifiez l&apos;utilisateur chez le fournisseur, puis enregistrez-le avec `unresolved resolve %1 --outcome succeeded|failed --reason …` ; elle n&apos;est pas renvoyée.</translation>
    </message>
</context>
<context>
    <name>ActionResultLabel</name>
    <message>
        <source>%1
For %2</source>
        <translation>%1
Pour %2</translation>
    </message>
</context>
<context>
    <name>ActionResultText</name>
    <message>
        <source>Not sent: %1</source>
        <translation>Non envoyé : %1</translation>
    </message>
    <message>
        <source>Waiting for approval #%1: another supervisor must approve it under Approvals before it is sent.</source>
        <translation>En attente d&apos;approbation n° %1 : un autre superviseur doit l&apos;approuver dans Approbations avant son envoi.</translation>
    </message>
    <message>
        <source>Succeeded: %1</source>
        <translation>Réussi : %1</translation>
    </message>
    <message>
        <source>Already in that state, nothing to change: %1</source>
        <translation>Déjà dans cet état, rien à changer : %1</translation>
    </message>
    <message>
        <source>Outcome unknown, listed under Unresolved as #%1: %2</source>
        <translation>Résultat inconnu, listé dans Non résolus sous le n° %1 : %2</translation>
    </message>
    <message>
        <source>Not processed by the provider (nothing changed): %1</source>
        <translation>Non traité par le fournisseur (rien n&apos;a changé) : %1</translation>
    </message>
    <message>
        <source> (code %1, HTTP %2)</source>
        <translation> (code %1, HTTP %2)</translation>
    </message>
    <message>
        <source> (code %1)</source>
        <translation> (code %1)</translation>
    </message>
    <message>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <source>Rejected by the provider%1: %2</source>
        <translation>Refusé par le fournisseur%1 : %2</translation>
    </message>
    <message>
        <source>Rejected by a supervisor: %1</source>
        <translation>Refusé par un superviseur : %1</translation>
    </message>
    <message>
        <source>Waiting for rate limit (%1 s)…</source>
        <translation>En attente de la limite de débit (%1 s)…</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s (attempt %3).</source>
        <translation>%1 Nouvel essai dans %2 s (tentative %3).</translation>
    </message>
</context>
<context>
    <name>ActionService</name>
    <message>
        <source>Sign in first.</source>
        <translation>Connectez-vous d&apos;abord.</translation>
    </message>
    <message>
        <source>Auditors can read everything but cannot request actions.</source>
        <translation>Les auditeurs peuvent tout lire mais ne peuvent pas demander d&apos;actions.</translation>
    </message>
    <message>
        <source>The connection profile has no &apos;%1&apos; section, so its actions are not available.</source>
        <translation>Le profil de connexion n&apos;a pas de section « %1 », ses actions ne sont donc pas disponibles.</translation>
    </message>
    <message>
        <source>You requested this action yourself: another supervisor must decide it (four-eyes rule).</source>
        <translation>Vous avez demandé cette action vous-même : un autre superviseur doit décider (règle des quatre yeux).</translation>
    </message>
    <message>
        <source>Only a supervisor can approve or reject actions.</source>
        <translation>Seul un superviseur peut approuver ou refuser des actions.</translation>
    </message>
    <message>
        <source>This action is no longer waiting for approval (it is %1).</source>
        <translation>Cette action n&apos;attend plus d&apos;approbation (elle est %1).</translation>
    </message>
    <message>
        <source>Auditors cannot resolve actions.</source>
        <translation>Les auditeurs ne peuvent pas résoudre d&apos;actions.</translation>
    </message>
    <message>
        <source>Action #%1 is not unresolved (it is %2).</source>
        <translation>L&apos;action n° %1 n&apos;est pas non résolue (elle est %2).</translation>
    </message>
    <message>
        <source>A reason is required for every action.</source>
        <translation>Un motif est obligatoire pour chaque action.</translation>
    </message>
    <message>
        <source>The policy could not be read from the store, so nothing was sent: %1</source>
        <translation>La politique n&apos;a pas pu être lue dans le stockage, rien n&apos;a donc été envoyé : %1</translation>
    </message>
    <message>
        <source>The unresolved actions could not be read from the store, so nothing was sent: %1</source>
        <translation>Les actions non résolues n&apos;ont pas pu être lues dans le stockage, rien n&apos;a donc été envoyé : %1</translation>
    </message>
    <message>
        <source>The intent could not be written to the audit log, so nothing was sent: %1</source>
        <translation>L&apos;intention n&apos;a pas pu être écrite dans le journal d&apos;audit, rien n&apos;a donc été envoyé : %1</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>Il n&apos;y a pas d&apos;action n° %1.</translation>
    </message>
    <message>
        <source>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot send action #%2.</source>
        <translation>Le profil de connexion de cette console n&apos;a pas de section « %1 », elle ne peut donc pas envoyer l&apos;action n° %2.</translation>
    </message>
    <message>
        <source>The approval could not be recorded, so nothing was sent: %1</source>
        <translation>L&apos;approbation n&apos;a pas pu être enregistrée, rien n&apos;a donc été envoyé : %1</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>Un refus nécessite un motif.</translation>
    </message>
    <message>
        <source>Resolving an action needs a reason (what you checked).</source>
        <translation>Résoudre une action nécessite un motif (ce que vous avez vérifié).</translation>
    </message>
    <message>
        <source>Interrupted while sending (the console stopped before the provider&apos;s answer was recorded): it may or may not have been processed.</source>
        <translation>Interrompue pendant l&apos;envoi (la console s&apos;est arrêtée avant que la réponse du fournisseur soit enregistrée) : elle a peut-être été traitée, ou non.</translation>
    </message>
    <message>
        <source>waiting for the console&apos;s own rate limit</source>
        <translation>en attente de la limite de débit propre à la console</translation>
    </message>
    <message>
        <source>%1 The outcome could not be written to the audit log (%2); the action will be listed under Unresolved.</source>
        <translation>%1 Le résultat n&apos;a pas pu être écrit dans le journal d&apos;audit (%2) ; l&apos;action sera listée dans Non résolus.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a bulk job.</source>
        <translation>« %1 » n&apos;est pas une tâche groupée.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is not approved (it is %2), so its rows cannot be sent.</source>
        <translation>La tâche groupée n° %1 n&apos;est pas approuvée (elle est %2), ses lignes ne peuvent donc pas être envoyées.</translation>
    </message>
    <message>
        <source>approved with bulk job #%1</source>
        <translation>approuvée avec la tâche groupée n° %1</translation>
    </message>
    <message>
        <source>Bulk job #%1 approved: its rows are being sent.</source>
        <translation>Tâche groupée n° %1 approuvée : ses lignes sont en cours d&apos;envoi.</translation>
    </message>
    <message>
        <source>Line %1 of bulk job %2 is no longer pending (another console has submitted or cancelled it): it was not sent again.</source>
        <translation>La ligne %1 de la tâche groupée %2 n&apos;est plus en attente (une autre console l&apos;a soumise ou annulée) : elle n&apos;a pas été renvoyée.</translation>
    </message>
    <message>
        <source>action #%1 is no longer being sent: another console has handled it</source>
        <translation>l&apos;action n° %1 n&apos;est plus en cours d&apos;envoi : une autre console l&apos;a traitée</translation>
    </message>
    <message>
        <source>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot ask the provider.</source>
        <translation>Le profil de connexion de cette console n&apos;a pas de section « %1 », elle ne peut donc pas interroger le fournisseur.</translation>
    </message>
    <message>
        <source>%1 offers no way to read this back: check at the provider and resolve it by hand.</source>
        <translation>%1 : aucun moyen de le relire chez le fournisseur ; vérifiez-le chez lui et résolvez-la à la main.</translation>
    </message>
    <message>
        <source>Action #%1 cannot be read back.</source>
        <translation>L&apos;action n° %1 ne peut pas être relue.</translation>
    </message>
    <message>
        <source>Action #%1 could not be re-checked, so it stays unresolved: %2</source>
        <translation>L&apos;action n° %1 n&apos;a pas pu être revérifiée, elle reste donc non résolue : %2</translation>
    </message>
    <message>
        <source>Action #%1 stays unresolved: %2</source>
        <translation>L&apos;action n° %1 reste non résolue : %2</translation>
    </message>
    <message>
        <source>Re-checked at the provider: %1</source>
        <translation>Revérifiée chez le fournisseur : %1</translation>
    </message>
    <message>
        <source>%1 It could not be recorded (%2); the action stays unresolved.</source>
        <translation>%1 Cela n&apos;a pas pu être enregistré (%2) ; l&apos;action reste non résolue.</translation>
    </message>
    <message>
        <source>Action #%1 resolved as succeeded. %2</source>
        <translation>Action n° %1 résolue comme réussie. %2</translation>
    </message>
    <message>
        <source>The reason is %1 characters long; keep it to %2 (it is written into the audit log with every entry of the action).</source>
        <translation>Le motif compte %1 caractères ; limitez-le à %2 (il est écrit dans le journal d&apos;audit avec chaque entrée de l&apos;action).</translation>
    </message>
    <message>
        <source>Not sent: the console closed before sending it. Resuming the job sends it.</source>
        <translation>Non envoyée : la console s&apos;est fermée avant de l&apos;envoyer. Reprendre la tâche groupée l&apos;envoie.</translation>
    </message>
    <message>
        <source>The text holds a control character (%1): write it on one line, without tabs or escape sequences.</source>
        <translation>Le texte contient un caractère de contrôle (%1) : écrivez-le sur une seule ligne, sans tabulations ni séquences d&apos;échappement.</translation>
    </message>
    <message>
        <source>Not sent: %1 was interrupted (%2) before it reached the provider. Nothing was changed; send it again when you are ready.</source>
        <translation>Non envoyé : %1 a été interrompu (%2) avant d&apos;atteindre le fournisseur. Rien n&apos;a été modifié ; renvoyez-le quand vous serez prêt.</translation>
    </message>
    <message>
        <source>%1 was interrupted (%2) after it was sent, before the provider answered: it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</source>
        <translation>%1 a été interrompu (%2) après son envoi, avant la réponse du fournisseur : il a peut-être été traité. Il figure dans Non résolus ; il ne sera pas renvoyé automatiquement.</translation>
    </message>
    <message>
        <source>Action #%1 belongs to %2, and this console is connected to no profile: nothing was sent. Use that profile to approve, send or re-check it.</source>
        <translation>L&apos;action n° %1 appartient au %2, et cette console n&apos;est connectée à aucun profil : rien n&apos;a été envoyé. Utilisez ce profil pour l&apos;approuver, l&apos;envoyer ou la revérifier.</translation>
    </message>
    <message>
        <source>Action #%1 belongs to %2, but this console is connected to %3: nothing was sent. Use that profile to approve, send or re-check it.</source>
        <translation>L&apos;action n° %1 appartient au %2, mais cette console est connectée au %3 : rien n&apos;a été envoyé. Utilisez ce profil pour l&apos;approuver, l&apos;envoyer ou la revérifier.</translation>
    </message>
    <message>
        <source>This action is no longer waiting for approval: %1</source>
        <translation>Cette action n&apos;est plus en attente d&apos;approbation : %1</translation>
    </message>
    <message>
        <source>Only the requester or a supervisor can withdraw a request.</source>
        <translation>Seul le demandeur ou un superviseur peut retirer une demande.</translation>
    </message>
    <message>
        <source>Action #%1 is no longer waiting for approval (it is %2), so it cannot be withdrawn.</source>
        <translation>L&apos;action #%1 n&apos;est plus en attente d&apos;approbation (elle est %2) ; elle ne peut donc pas être retirée.</translation>
    </message>
    <message>
        <source>%1 — waiting for a supervisor&apos;s approval (action #%2).</source>
        <translation>%1 — en attente de l&apos;approbation d&apos;un superviseur (action #%2).</translation>
    </message>
    <message numerus="yes">
        <source>Waited more than %n hour(s) for approval: expired under the policy.</source>
        <translation>
            <numerusform>En attente d&apos;approbation depuis plus de %n heure(s) : expirée en application de la politique.</numerusform>
            <numerusform>En attente d&apos;approbation depuis plus de %n heure(s) : expirée en application de la politique.</numerusform>
        </translation>
    </message>
    <message>
        <source>The approvals could not be read from the store, so nothing was sent: %1</source>
        <translation>Les approbations n&apos;ont pas pu être lues dans la base ; rien n&apos;a donc été envoyé : %1</translation>
    </message>
    <message>
        <source>Action #%1 was not approved: %2</source>
        <translation>L&apos;action #%1 n&apos;a pas été approuvée : %2</translation>
    </message>
    <message>
        <source>%1: approved, in effect now (action #%2).</source>
        <translation>%1 : approuvé, en vigueur dès maintenant (action #%2).</translation>
    </message>
    <message>
        <source>Line %1 of bulk job %2 was changed in the store after the job was submitted: the team store&apos;s server refused it, and it was not sent. The refusal is in the audit log; tell the store&apos;s administrator.</source>
        <translation>La ligne %1 du traitement en masse %2 a été modifiée dans le stockage après la soumission du traitement : le serveur du stockage d&apos;équipe l&apos;a refusée et elle n&apos;a pas été envoyée. Le refus figure dans le journal d&apos;audit ; prévenez l&apos;administrateur du stockage.</translation>
    </message>
</context>
<context>
    <name>ActionTable</name>
    <message>
        <source>None.</source>
        <translation>Aucune.</translation>
    </message>
    <message>
        <source> (bulk job #%1)</source>
        <translation> (tâche groupée n° %1)</translation>
    </message>
    <message>
        <source>every row: jobs show %1</source>
        <translation>toutes les lignes : jobs show %1</translation>
    </message>
</context>
<context>
    <name>ActionsModel</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n seconde</numerusform>
            <numerusform>%n secondes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n heure</numerusform>
            <numerusform>%n heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n jour</numerusform>
            <numerusform>%n jours</numerusform>
        </translation>
    </message>
    <message>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Demandée par</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Ancienneté</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
</context>
<context>
    <name>AdminCommand</name>
    <message>
        <source>usage: admin init [--check]</source>
        <translation>utilisation : admin init [--check]</translation>
    </message>
    <message>
        <source>admin init sets up a PostgreSQL team store; %1 is a desk store (SQLite), whose boundary is the computer&apos;s account. Give --store postgresql://OWNER@host/db.</source>
        <translation>admin init configure une base d&apos;équipe PostgreSQL ; %1 est une base de poste (SQLite), dont la limite est le compte de l&apos;ordinateur. Indiquez --store postgresql://OWNER@host/db.</translation>
    </message>
    <message numerus="yes">
        <source>The team store at %1 is not as admin init makes it (%n problem(s)); run admin init as the owner to repair it.</source>
        <translation>
            <numerusform>La base d&apos;équipe à %1 n&apos;est pas telle que admin init la crée (%n problème(s)) ; exécutez admin init en tant que propriétaire pour la réparer.</numerusform>
            <numerusform>La base d&apos;équipe à %1 n&apos;est pas telle que admin init la crée (%n problème(s)) ; exécutez admin init en tant que propriétaire pour la réparer.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team store at %1 is enforced as admin init makes it: group roles %2.</source>
        <translation>Les règles de la base d&apos;équipe à %1 sont appliquées telles que admin init les crée : rôles de groupe %2.</translation>
    </message>
    <message>
        <source>The team store at %1 is enforced by PostgreSQL: group roles %2.</source>
        <translation>Les règles de la base d&apos;équipe à %1 sont appliquées par PostgreSQL : rôles de groupe %2.</translation>
    </message>
    <message>
        <source>  %1 (%2): an existing database role, signs in with its own authentication</source>
        <translation>  %1 (%2) : un rôle de base de données existant, qui se connecte avec sa propre authentification</translation>
    </message>
    <message>
        <source>  %1 (%2): first password %3 (hand it over in person; change it with operators password)</source>
        <translation>  %1 (%2) : premier mot de passe %3 (à remettre en main propre ; à changer avec operators password)</translation>
    </message>
    <message>
        <source>The database holds no IdentityDesk store: admin init (without --check), run by its owner, creates it.</source>
        <translation>La base ne contient aucun stockage IdentityDesk : admin init (sans --check), lancé par son propriétaire, le crée.</translation>
    </message>
    <message>
        <source>The store is at schema version %1, older than this console&apos;s %2: admin init, run by its owner, upgrades it.</source>
        <translation>Le stockage est à la version de schéma %1, plus ancienne que la version %2 de cette console : admin init, lancé par son propriétaire, le met à niveau.</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>Check the network connection and the provider&apos;s URL in the connection profile, then try again.</source>
        <translation>Vérifiez la connexion réseau et l&apos;URL du fournisseur dans le profil de connexion, puis réessayez.</translation>
    </message>
    <message>
        <source>The provider did not answer in time. Try again; if it persists, check the provider&apos;s status.</source>
        <translation>Le fournisseur n&apos;a pas répondu à temps. Réessayez ; si cela persiste, vérifiez l&apos;état du fournisseur.</translation>
    </message>
    <message>
        <source>Nothing was processed. Wait %1 s and try again.</source>
        <translation>Rien n&apos;a été traité. Attendez %1 s et réessayez.</translation>
    </message>
    <message>
        <source>Nothing was processed. Wait a minute and try again.</source>
        <translation>Rien n&apos;a été traité. Attendez une minute et réessayez.</translation>
    </message>
    <message>
        <source>Check the credentials and permissions in the connection profile.</source>
        <translation>Vérifiez les identifiants et les autorisations dans le profil de connexion.</translation>
    </message>
    <message>
        <source>Check the identifier.</source>
        <translation>Vérifiez l&apos;identifiant.</translation>
    </message>
    <message>
        <source>Correct the fields named and send again.</source>
        <translation>Corrigez les champs indiqués et renvoyez.</translation>
    </message>
    <message>
        <source>Refresh to see the current state.</source>
        <translation>Actualisez pour voir l&apos;état actuel.</translation>
    </message>
    <message>
        <source>See the provider&apos;s message; correct the request or contact the provider.</source>
        <translation>Voyez le message du fournisseur ; corrigez la requête ou contactez le fournisseur.</translation>
    </message>
    <message>
        <source>The provider had an internal fault. Try again later; if it persists, contact the provider.</source>
        <translation>Le fournisseur a eu une erreur interne. Réessayez plus tard ; si cela persiste, contactez le fournisseur.</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read. Check that the URL points at the right service.</source>
        <translation>La réponse du fournisseur n&apos;a pas pu être lue. Vérifiez que l&apos;URL désigne le bon service.</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>erreur réseau</translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation>erreur TLS</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>délai dépassé</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>limite de débit atteinte</translation>
    </message>
    <message>
        <source>not authorised</source>
        <translation>non autorisé</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>introuvable</translation>
    </message>
    <message>
        <source>invalid data</source>
        <translation>données invalides</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflit</translation>
    </message>
    <message>
        <source>rejected by the provider</source>
        <translation>refusé par le fournisseur</translation>
    </message>
    <message>
        <source>provider fault</source>
        <translation>erreur du fournisseur</translation>
    </message>
    <message>
        <source>unreadable answer</source>
        <translation>réponse illisible</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulé</translation>
    </message>
    <message>
        <source>%1: %2 failed — %3</source>
        <translation>%1 : échec de %2 — %3</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <source>The secure connection was refused: the server&apos;s certificate is not trusted or its TLS set-up is too weak. Check the URL, or add the right CA file to the connection profile. Verification is never switched off.</source>
        <translation>La connexion sécurisée a été refusée : le certificat du serveur n&apos;est pas approuvé ou sa configuration TLS est trop faible. Vérifiez l&apos;URL ou ajoutez le bon fichier d&apos;AC au profil de connexion. La vérification n&apos;est jamais désactivée.</translation>
    </message>
</context>
<context>
    <name>ApprovalsCommand</name>
    <message>
        <source>&apos;%1&apos; is not an action number</source>
        <translation>« %1 » n&apos;est pas un numéro d&apos;action</translation>
    </message>
    <message>
        <source>a rejection needs --reason TEXT</source>
        <translation>un refus nécessite --reason TEXTE</translation>
    </message>
    <message>
        <source>Action #%1 rejected; nothing was sent.</source>
        <translation>Action n° %1 refusée ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>usage: approvals list | approvals approve ID | approvals reject ID --reason TEXT | approvals withdraw ID --reason TEXT</source>
        <translation>utilisation : approvals list | approvals approve ID | approvals reject ID --reason TEXT | approvals withdraw ID --reason TEXT</translation>
    </message>
    <message>
        <source>withdrawing a request needs --reason TEXT</source>
        <translation>le retrait d&apos;une demande nécessite --reason TEXT</translation>
    </message>
    <message>
        <source>Action #%1 withdrawn; nothing was sent.</source>
        <translation>Action #%1 retirée ; rien n&apos;a été envoyé.</translation>
    </message>
</context>
<context>
    <name>ApprovalsView</name>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Approuver…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>Re&amp;fuser…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approbations</translation>
    </message>
    <message>
        <source>Actions the policy holds for a supervisor&apos;s decision. Nothing in this list has been sent. A supervisor may approve or reject only actions someone else requested (four-eyes rule).</source>
        <translation>Actions que la politique réserve à la décision d&apos;un superviseur. Rien dans cette liste n&apos;a été envoyé. Un superviseur ne peut approuver ou refuser que les actions demandées par quelqu&apos;un d&apos;autre (règle des quatre yeux).</translation>
    </message>
    <message>
        <source>Actions waiting for approval</source>
        <translation>Actions en attente d&apos;approbation</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approuver</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Refresh the approvals</source>
        <translation>Actualiser les approbations</translation>
    </message>
    <message>
        <source>The approvals could not be read: %1</source>
        <translation>Les approbations n&apos;ont pas pu être lues : %1</translation>
    </message>
    <message>
        <source>Nothing is waiting for approval.</source>
        <translation>Rien n&apos;attend d&apos;approbation.</translation>
    </message>
    <message>
        <source>Select an action first.</source>
        <translation>Sélectionnez d&apos;abord une action.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Non connecté.</translation>
    </message>
    <message>
        <source>Wait until action #%1 has been sent.</source>
        <translation>Attendez que l&apos;action n° %1 soit envoyée.</translation>
    </message>
    <message>
        <source>Approve the selected action and send it now.</source>
        <translation>Approuver l&apos;action sélectionnée et l&apos;envoyer maintenant.</translation>
    </message>
    <message>
        <source>Reject the selected action; nothing is sent.</source>
        <translation>Refuser l&apos;action sélectionnée ; rien n&apos;est envoyé.</translation>
    </message>
    <message>
        <source>#%1 — %2. Requested by %3 on %4: “%5”.</source>
        <translation>N° %1 — %2. Demandée par %3 le %4 : « %5 ».</translation>
    </message>
    <message>
        <source>Approve action #%1 — IdentityDesk</source>
        <translation>Approuver l&apos;action n° %1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve and send #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</source>
        <translation>&lt;b&gt;Approuver et envoyer le n° %1 ?&lt;/b&gt; %2.&lt;br&gt;Demandée par %3 : « %4 ».</translation>
    </message>
    <message>
        <source>&amp;Note (optional, recorded in the audit log):</source>
        <translation>&amp;Note (facultative, consignée dans le journal d&apos;audit) :</translation>
    </message>
    <message>
        <source>&amp;Approve and send</source>
        <translation>&amp;Approuver et envoyer</translation>
    </message>
    <message>
        <source>Approved #%1; sending…</source>
        <translation>N° %1 approuvé ; envoi…</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>N° %1 : %2</translation>
    </message>
    <message>
        <source>Reject action #%1 — IdentityDesk</source>
        <translation>Refuser l&apos;action n° %1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reject #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;Nothing will be sent; %3 sees your reason in the audit log.</source>
        <translation>&lt;b&gt;Refuser le n° %1 ?&lt;/b&gt; %2.&lt;br&gt;Demandée par %3 : « %4 ».&lt;br&gt;Rien ne sera envoyé ; %3 verra votre motif dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>&amp;Reason for rejecting (required):</source>
        <translation>&amp;Motif du refus (obligatoire) :</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Refuser</translation>
    </message>
    <message>
        <source>#%1 rejected; nothing was sent.</source>
        <translation>N° %1 refusé ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>#%1 could not be rejected: %2</source>
        <translation>Le n° %1 n&apos;a pas pu être refusé : %2</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Retirer…</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>REPEATED (%1 ask the same): %2</source>
        <translation>REPEATED (%1 demandent la même chose) : %2</translation>
    </message>
    <message>
        <source>Withdraw the selected request with a reason; nothing is sent.</source>
        <translation>Retirer la demande sélectionnée en indiquant un motif ; rien n&apos;est envoyé.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve #%1? It takes effect at once.&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</source>
        <translation>&lt;b&gt;Approuver #%1 ? La modification prend effet immédiatement.&lt;/b&gt; %2.&lt;br&gt;Demandé par %3 : « %4 ».</translation>
    </message>
    <message>
        <source>&amp;Approve the change</source>
        <translation>&amp;Approuver la modification</translation>
    </message>
    <message>
        <source>Withdraw request #%1 — IdentityDesk</source>
        <translation>Retirer la demande #%1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Withdraw #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;It will not be sent, and no supervisor will be asked to decide it.</source>
        <translation>&lt;b&gt;Retirer #%1 ?&lt;/b&gt; %2.&lt;br&gt;Demandé par %3 : « %4 ».&lt;br&gt;La demande ne sera pas envoyée et aucun superviseur ne sera sollicité pour la trancher.</translation>
    </message>
    <message>
        <source>&amp;Reason for withdrawing (required, recorded in the audit log):</source>
        <translation>&amp;Motif du retrait (obligatoire, consigné dans le journal d&apos;audit) :</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <source>#%1 withdrawn; nothing was sent.</source>
        <translation>#%1 retirée ; rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source>#%1 could not be withdrawn: %2</source>
        <translation>#%1 n&apos;a pas pu être retirée : %2</translation>
    </message>
</context>
<context>
    <name>AuditChainVerifier</name>
    <message>
        <source>entry 1 missing (the log starts at entry %1)</source>
        <translation>entrée 1 absente (le journal commence à l&apos;entrée %1)</translation>
    </message>
    <message>
        <source>entry %1 missing (sequence jumps from %2 to %3)</source>
        <translation>entrée %1 absente (la séquence saute de %2 à %3)</translation>
    </message>
    <message>
        <source>entry 1: its prev_hash is not the start of a chain (64 zeros)</source>
        <translation>entrée 1 : son prev_hash n&apos;est pas le début d&apos;une chaîne (64 zéros)</translation>
    </message>
    <message>
        <source>entry %1: its prev_hash does not match the hash of entry %2 (one of them was changed or replaced)</source>
        <translation>entrée %1 : son prev_hash ne correspond pas au hachage de l&apos;entrée %2 (l&apos;une d&apos;elles a été modifiée ou remplacée)</translation>
    </message>
    <message>
        <source>entry %1: hash does not match its contents</source>
        <translation>entrée %1 : le hachage ne correspond pas à son contenu</translation>
    </message>
</context>
<context>
    <name>AuditCheckpoint</name>
    <message>
        <source>not a checkpoint file (not a JSON object)</source>
        <translation>ce n&apos;est pas un fichier de point de contrôle (pas un objet JSON)</translation>
    </message>
    <message>
        <source>not a checkpoint file (field &apos;%1&apos; missing or not a string)</source>
        <translation>ce n&apos;est pas un fichier de point de contrôle (champ « %1 » absent ou pas une chaîne)</translation>
    </message>
    <message>
        <source>unknown checkpoint format &apos;%1&apos;</source>
        <translation>format de point de contrôle inconnu « %1 »</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s seq is not a positive whole number</source>
        <translation>le seq du point de contrôle n&apos;est pas un nombre entier positif</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s head_hash is not 64 lower-case hex digits</source>
        <translation>le head_hash du point de contrôle n&apos;est pas fait de 64 chiffres hexadécimaux minuscules</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s time is not an ISO-8601 UTC time with milliseconds</source>
        <translation>l&apos;heure du point de contrôle n&apos;est pas une heure UTC ISO-8601 avec millisecondes</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s signature is not base64</source>
        <translation>la signature du point de contrôle n&apos;est pas en base64</translation>
    </message>
</context>
<context>
    <name>AuditCheckpointService</name>
    <message>
        <source>The audit chain is broken at entry %1: %2. No checkpoint was signed.</source>
        <translation>La chaîne d&apos;audit est rompue à l&apos;entrée %1 : %2. Aucun point de contrôle n&apos;a été signé.</translation>
    </message>
    <message>
        <source>Cannot write the checkpoint to %1: %2</source>
        <translation>Impossible d&apos;écrire le point de contrôle dans %1 : %2</translation>
    </message>
    <message>
        <source>Cannot create the witness folder %1.</source>
        <translation>Impossible de créer le dossier témoin %1.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>too large for a checkpoint file</source>
        <translation>trop volumineux pour un fichier de point de contrôle</translation>
    </message>
    <message>
        <source>the checkpoint is of another store (%1; this store is %2)</source>
        <translation>le point de contrôle est celui d&apos;un autre stockage (%1 ; ce stockage est %2)</translation>
    </message>
    <message>
        <source>signed with key %1, which is not registered in this store: forged, or the key was removed</source>
        <translation>signé avec la clé %1, qui n&apos;est pas enregistrée dans ce stockage : contrefait, ou la clé a été retirée</translation>
    </message>
    <message>
        <source>the signature does not verify with key %1: the checkpoint was forged or edited</source>
        <translation>la signature ne se vérifie pas avec la clé %1 : le point de contrôle a été contrefait ou modifié</translation>
    </message>
    <message>
        <source>entry %1, covered by this checkpoint, is broken: %2</source>
        <translation>l&apos;entrée %1, couverte par ce point de contrôle, est rompue : %2</translation>
    </message>
    <message>
        <source>the log ends at entry %1 but the checkpoint covers entry %2: entries from %3 were deleted (the log was cut short)</source>
        <translation>le journal s&apos;arrête à l&apos;entrée %1 mais le point de contrôle couvre l&apos;entrée %2 : les entrées à partir de %3 ont été supprimées (le journal a été tronqué)</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): entry %2 was written after the checkpoint was signed, so the entries from %2 were deleted and their numbers used again</source>
        <translation>l&apos;entrée %1 n&apos;est pas celle du point de contrôle (son hachage diffère) : l&apos;entrée %2 a été écrite après la signature du point de contrôle, donc les entrées à partir de %2 ont été supprimées et leurs numéros réutilisés</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): it was rewritten and the chain re-hashed</source>
        <translation>l&apos;entrée %1 n&apos;est pas celle du point de contrôle (son hachage diffère) : elle a été réécrite et la chaîne recalculée</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): the log was rewritten and re-hashed from an entry between %2 and %1</source>
        <translation>l&apos;entrée %1 n&apos;est pas celle du point de contrôle (son hachage diffère) : le journal a été réécrit et recalculé à partir d&apos;une entrée entre %2 et %1</translation>
    </message>
</context>
<context>
    <name>AuditCommand</name>
    <message>
        <source>--limit takes a positive whole number</source>
        <translation>--limit attend un nombre entier positif</translation>
    </message>
    <message numerus="yes">
        <source>Audit chain verified: %n entries, no break.</source>
        <translation>
            <numerusform>Chaîne d&apos;audit vérifiée : %n entrée, aucune rupture.</numerusform>
            <numerusform>Chaîne d&apos;audit vérifiée : %n entrées, aucune rupture.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain is broken at entry %1: %2</source>
        <translation>La chaîne d&apos;audit est rompue à l&apos;entrée %1 : %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>%n audit entries written to %1.</source>
        <translation>
            <numerusform>%n entrée d&apos;audit écrite dans %1.</numerusform>
            <numerusform>%n entrées d&apos;audit écrites dans %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>usage: audit list [--limit N] | audit verify [--checkpoint FILE…] | audit checkpoint [--out FILE] [--witness DIR] [--key FILE] | audit export FILE.csv</source>
        <translation>usage : audit list [--limit N] | audit verify [--checkpoint FICHIER…] | audit checkpoint [--out FICHIER] [--witness DOSSIER] [--key FICHIER] | audit export FICHIER.csv</translation>
    </message>
    <message>
        <source>Head: entry %1, hash %2.</source>
        <translation>Tête : entrée %1, hachage %2.</translation>
    </message>
    <message>
        <source>Checkpoint %1 (entry %2): signature valid, entry unchanged.</source>
        <translation>Point de contrôle %1 (entrée %2) : signature valide, entrée inchangée.</translation>
    </message>
    <message>
        <source>Checkpoint %1 (entry %2) does not hold: %3</source>
        <translation>Le point de contrôle %1 (entrée %2) ne tient pas : %3</translation>
    </message>
    <message>
        <source>First entry affected: %1.</source>
        <translation>Première entrée touchée : %1.</translation>
    </message>
    <message>
        <source>A new checkpoint signing key was made in %1 (key %2).</source>
        <translation>Une nouvelle clé de signature des points de contrôle a été créée dans %1 (clé %2).</translation>
    </message>
    <message>
        <source>The checkpoint of entry %1 is in the store, but: %2</source>
        <translation>Le point de contrôle de l&apos;entrée %1 est dans le stockage, mais : %2</translation>
    </message>
    <message>
        <source>Checkpoint signed: entry %1, hash %2, key %3; kept in the store.</source>
        <translation>Point de contrôle signé : entrée %1, hachage %2, clé %3 ; conservé dans le stockage.</translation>
    </message>
    <message>
        <source>Written to %1.</source>
        <translation>Écrit dans %1.</translation>
    </message>
    <message>
        <source>No copy outside the store: give --out FILE or --witness DIR (or set IDENTITYDESK_WITNESS_DIR).</source>
        <translation>Aucune copie hors du stockage : indiquez --out FICHIER ou --witness DOSSIER (ou définissez IDENTITYDESK_WITNESS_DIR).</translation>
    </message>
</context>
<context>
    <name>AuditCsvExporter</name>
    <message>
        <source>Cannot write the audit export: the output is not open for writing.</source>
        <translation>Impossible d&apos;écrire l&apos;export d&apos;audit : la sortie n&apos;est pas ouverte en écriture.</translation>
    </message>
    <message>
        <source>Cannot write the audit export: %1.</source>
        <translation>Impossible d&apos;écrire l&apos;export d&apos;audit : %1.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2. Check that the folder exists and is writable.</source>
        <translation>Impossible de créer %1 : %2. Vérifiez que le dossier existe et est accessible en écriture.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2. Check the disk space and try again.</source>
        <translation>Impossible d&apos;enregistrer %1 : %2. Vérifiez l&apos;espace disque et réessayez.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>#</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Fro&amp;m:</source>
        <translation>&amp;Du :</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Au :</translation>
    </message>
    <message>
        <source>Appl&amp;y filter</source>
        <translation>Appli&amp;quer le filtre</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>E&amp;ffacer</translation>
    </message>
    <message>
        <source>Verify c&amp;hain</source>
        <translation>Vérifier la c&amp;haîne</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exporter en CSV…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <source>Operator filter</source>
        <translation>Filtre par opérateur</translation>
    </message>
    <message>
        <source>any operator</source>
        <translation>tout opérateur</translation>
    </message>
    <message>
        <source>User filter</source>
        <translation>Filtre par utilisateur</translation>
    </message>
    <message>
        <source>any user id</source>
        <translation>tout identifiant d&apos;utilisateur</translation>
    </message>
    <message>
        <source>Action filter</source>
        <translation>Filtre par action</translation>
    </message>
    <message>
        <source>e.g. is_fraudulent</source>
        <translation>p. ex. is_fraudulent</translation>
    </message>
    <message>
        <source>Filter from a date</source>
        <translation>Filtrer à partir d&apos;une date</translation>
    </message>
    <message>
        <source>Filter up to a date</source>
        <translation>Filtrer jusqu&apos;à une date</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Date de début</translation>
    </message>
    <message>
        <source>To date (inclusive)</source>
        <translation>Date de fin (incluse)</translation>
    </message>
    <message>
        <source>Apply filter</source>
        <translation>Appliquer le filtre</translation>
    </message>
    <message>
        <source>Show the entries that match every filled-in field (Enter in a field does the same).</source>
        <translation>Affiche les entrées qui correspondent à tous les champs remplis (Entrée dans un champ fait de même).</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>Effacer le filtre</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>Entrées d&apos;audit</translation>
    </message>
    <message>
        <source>Selected audit entry</source>
        <translation>Entrée d&apos;audit sélectionnée</translation>
    </message>
    <message>
        <source>Select an entry to see all of it: the request, the state before and after, and its place in the hash chain.</source>
        <translation>Sélectionnez une entrée pour la voir en entier : la requête, l&apos;état avant et après, et sa place dans la chaîne de hachage.</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Vérifier la chaîne</translation>
    </message>
    <message>
        <source>Recompute every entry&apos;s hash and its link to the one before: proves the log has not been altered.</source>
        <translation>Recalcule le hachage de chaque entrée et son lien avec la précédente : prouve que le journal n&apos;a pas été modifié.</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <source>Save the entries shown as a CSV file for spreadsheets.</source>
        <translation>Enregistre les entrées affichées dans un fichier CSV pour tableur.</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Opérateur :</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Action contains:</source>
        <translation>&amp;Action contient :</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>Le journal d&apos;audit n&apos;a pas pu être lu : %1</translation>
    </message>
    <message>
        <source>Entries shown: %1 (newest first)</source>
        <translation>Entrées affichées : %1 (les plus récentes d&apos;abord)</translation>
    </message>
    <message>
        <source>No entries to export: change the filter.</source>
        <translation>Aucune entrée à exporter : modifiez le filtre.</translation>
    </message>
    <message>
        <source>Entry #%1 at %2 by %3 (%4)</source>
        <translation>Entrée n° %1 le %2 par %3 (%4)</translation>
    </message>
    <message>
        <source>Event: %1   Action: %2   Provider: %3</source>
        <translation>Événement : %1   Action : %2   Fournisseur : %3</translation>
    </message>
    <message>
        <source>Action id: #%1</source>
        <translation>Identifiant d&apos;action : n° %1</translation>
    </message>
    <message>
        <source>Users: %1</source>
        <translation>Utilisateurs : %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Motif : %1</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Résultat : %1</translation>
    </message>
    <message>
        <source>Request: %1</source>
        <translation>Requête : %1</translation>
    </message>
    <message>
        <source>Before: %1</source>
        <translation>Avant : %1</translation>
    </message>
    <message>
        <source>After: %1</source>
        <translation>Après : %1</translation>
    </message>
    <message>
        <source>Hash: %1</source>
        <translation>Hachage : %1</translation>
    </message>
    <message>
        <source>Previous hash: %1</source>
        <translation>Hachage précédent : %1</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Exporter le journal d&apos;audit</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>L&apos;export a échoué : %1</translation>
    </message>
    <message>
        <source>Exported %1 entries to %2.</source>
        <translation>%1 entrées exportées vers %2.</translation>
    </message>
    <message>
        <source>Chain verified: %1 entries. Every hash and every link is intact.</source>
        <translation>Chaîne vérifiée : %1 entrées. Chaque hachage et chaque lien sont intacts.</translation>
    </message>
    <message>
        <source>Broken at entry %1: %2. The log has been altered or damaged from that entry on; keep a copy of the store and tell your security team.</source>
        <translation>Rompue à l&apos;entrée %1 : %2. Le journal a été modifié ou endommagé à partir de cette entrée ; gardez une copie du stockage et prévenez votre équipe de sécurité.</translation>
    </message>
</context>
<context>
    <name>BulkCommand</name>
    <message>
        <source>usage: bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency 1..64]</source>
        <translation>usage : bulk FICHIER.csv [--dry-run] [--reason TEXTE] [--concurrency 1..64]</translation>
    </message>
    <message>
        <source>no row is valid, so nothing was submitted</source>
        <translation>aucune ligne n&apos;est valide, rien n&apos;a donc été soumis</translation>
    </message>
    <message numerus="yes">
        <source>%n valid row(s), </source>
        <translation>
            <numerusform>%n ligne valide, </numerusform>
            <numerusform>%n lignes valides, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid row(s).</source>
        <translation>
            <numerusform>%n ligne non valide.</numerusform>
            <numerusform>%n lignes non valides.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run: nothing was sent or stored.</source>
        <translation>Simulation : rien n&apos;a été envoyé ni enregistré.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is waiting for a supervisor&apos;s approval (approvals approve %1); invalid rows will not be sent.</source>
        <translation>La tâche groupée n° %1 attend l&apos;approbation d&apos;un superviseur (approvals approve %1) ; les lignes non valides ne seront pas envoyées.</translation>
    </message>
    <message>
        <source>%1 has no rows under its header: there is nothing to check or submit.</source>
        <translation>%1 n&apos;a aucune ligne sous son en-tête : il n&apos;y a rien à vérifier ni à soumettre.</translation>
    </message>
</context>
<context>
    <name>BulkCsvParser</name>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Impossible de lire %1 : %2.</translation>
    </message>
    <message>
        <source>The file is empty: it needs the header row %1.</source>
        <translation>Le fichier est vide : il doit contenir la ligne d&apos;en-tête %1.</translation>
    </message>
    <message>
        <source>Line %1: the header row must be exactly %2 (it is %3).</source>
        <translation>Ligne %1 : la ligne d&apos;en-tête doit être exactement %2 (elle est %3).</translation>
    </message>
    <message numerus="yes">
        <source>%n cells instead of 5 (provider,action,user_id,params,reason); quote a cell that holds a comma.</source>
        <translation>
            <numerusform>%n cellule au lieu de 5 (provider,action,user_id,params,reason) ; mettez entre guillemets une cellule qui contient une virgule.</numerusform>
            <numerusform>%n cellules au lieu de 5 (provider,action,user_id,params,reason) ; mettez entre guillemets une cellule qui contient une virgule.</numerusform>
        </translation>
    </message>
    <message>
        <source>A quoted cell is never closed.</source>
        <translation>Une cellule entre guillemets n&apos;est jamais fermée.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an option of %2 %3.</source>
        <translation>« %1 » n&apos;est pas une option de %2 %3.</translation>
    </message>
    <message>
        <source>%1 takes true or false (e.g. %1=false).</source>
        <translation>%1 accepte true ou false (p. ex. %1=false).</translation>
    </message>
    <message>
        <source>%1 takes no value.</source>
        <translation>%1 n&apos;accepte aucune valeur.</translation>
    </message>
    <message>
        <source>Choose one of active=true|false, fraudulent=true|false, allow-reenroll, delete.</source>
        <translation>Choisissez l&apos;une des valeurs active=true|false, fraudulent=true|false, allow-reenroll, delete.</translation>
    </message>
    <message>
        <source>One flag per row: %1 given.</source>
        <translation>Un seul indicateur par ligne : %1 fournis.</translation>
    </message>
    <message>
        <source>A reset needs at least one field=PATH.</source>
        <translation>Une réinitialisation nécessite au moins un field=CHEMIN.</translation>
    </message>
    <message>
        <source>%1 needs request=ID (the reset request&apos;s id).</source>
        <translation>%1 nécessite request=ID (l&apos;identifiant de la demande de réinitialisation).</translation>
    </message>
</context>
<context>
    <name>BulkDryRun</name>
    <message>
        <source>The Trust Swiftly workflows could not be read to check this row: %1</source>
        <translation>Les workflows Trust Swiftly n&apos;ont pas pu être lus pour vérifier cette ligne : %1</translation>
    </message>
    <message>
        <source>Unknown provider &apos;%1&apos; (known: %2).</source>
        <translation>Fournisseur inconnu « %1 » (connus : %2).</translation>
    </message>
    <message>
        <source>Unknown action &apos;%1&apos; for %2 (known: %3).</source>
        <translation>Action inconnue « %1 » pour %2 (connues : %3).</translation>
    </message>
    <message>
        <source>A reason is required for every row.</source>
        <translation>Un motif est obligatoire pour chaque ligne.</translation>
    </message>
    <message>
        <source>The Trust Swiftly workflows are not known.</source>
        <translation>Les workflows Trust Swiftly ne sont pas connus.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Trust Swiftly workflow (known: %2).</source>
        <translation>« %1 » n&apos;est pas un workflow Trust Swiftly (connus : %2).</translation>
    </message>
    <message>
        <source>The same action as line %1.</source>
        <translation>La même action qu&apos;à la ligne %1.</translation>
    </message>
    <message>
        <source>The permissions of the provider login could not be read to check this row: %1</source>
        <translation>Les autorisations de l&apos;identifiant du fournisseur n&apos;ont pas pu être lues pour vérifier cette ligne : %1</translation>
    </message>
    <message>
        <source>What this row acts on could not be read to check it: %1</source>
        <translation>Ce sur quoi porte cette ligne n&apos;a pas pu être lu pour la vérifier : %1</translation>
    </message>
</context>
<context>
    <name>BulkJobDialog</name>
    <message>
        <source>&amp;Open CSV file…</source>
        <translation>&amp;Ouvrir un fichier CSV…</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Aucun fichier choisi.</translation>
    </message>
    <message>
        <source>C&amp;heck (dry run)</source>
        <translation>&amp;Vérifier (simulation)</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Soumettre pour approbation</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>New bulk job</source>
        <translation>Nouvelle tâche groupée</translation>
    </message>
    <message>
        <source>Preview of the rows</source>
        <translation>Aperçu des lignes</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>What will be sent / why not</source>
        <translation>Ce qui sera envoyé / pourquoi pas</translation>
    </message>
    <message>
        <source>Trust Swiftly: re-verify (from=…;to=…)</source>
        <translation>Trust Swiftly : re-vérifier (from=…;to=…)</translation>
    </message>
    <message>
        <source>Smile ID: flag (active=false, fraudulent=true, allow-reenroll, delete)</source>
        <translation>Smile ID : indicateur (active=false, fraudulent=true, allow-reenroll, delete)</translation>
    </message>
    <message>
        <source>SmartID: un-enroll</source>
        <translation>SmartID : désenrôler</translation>
    </message>
    <message>
        <source>SDK.Finance: reset (field=…;field=…)</source>
        <translation>SDK.Finance : réinitialiser (field=…;field=…)</translation>
    </message>
    <message>
        <source>e.g. from=flow_MzA;to=flow_Mjk</source>
        <translation>p. ex. from=flow_MzA;to=flow_Mjk</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Fichier :</translation>
    </message>
    <message>
        <source>&amp;Action for selected users:</source>
        <translation>&amp;Action pour les utilisateurs sélectionnés :</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Paramètres :</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <source>Open bulk job file</source>
        <translation>Ouvrir un fichier de tâche groupée</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>selection</source>
        <translation>sélection</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) selected in the search table</source>
        <translation>
            <numerusform>%n utilisateur sélectionné dans le tableau de recherche</numerusform>
            <numerusform>%n utilisateurs sélectionnés dans le tableau de recherche</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valide</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>non valide</translation>
    </message>
    <message numerus="yes">
        <source>%n valid row(s) will be sent after a supervisor approves the job; </source>
        <translation>
            <numerusform>%n ligne valide sera envoyée après l&apos;approbation de la tâche par un superviseur ; </numerusform>
            <numerusform>%n lignes valides seront envoyées après l&apos;approbation de la tâche par un superviseur ; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid row(s) will not be sent. Nothing has been sent yet.</source>
        <translation>
            <numerusform>%n ligne non valide ne sera pas envoyée. Rien n&apos;a encore été envoyé.</numerusform>
            <numerusform>%n lignes non valides ne seront pas envoyées. Rien n&apos;a encore été envoyé.</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk job #%1 is waiting for a supervisor&apos;s approval (Approvals tab). Nothing has been sent yet.</source>
        <translation>La tâche groupée n° %1 attend l&apos;approbation d&apos;un superviseur (onglet Approbations). Rien n&apos;a encore été envoyé.</translation>
    </message>
    <message>
        <source>Check the rows first (dry run).</source>
        <translation>Vérifiez d&apos;abord les lignes (simulation).</translation>
    </message>
    <message>
        <source>this person has no known id at %1 (link it in the subject index first)</source>
        <translation>cette personne n&apos;a aucun identifiant connu chez %1 (liez-la d&apos;abord dans l&apos;index des sujets)</translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1”: once approved, every valid row changes a real person&apos;s record at the provider.</source>
        <translation>PRODUCTION — profil « %1 » : une fois la tâche groupée approuvée, chaque ligne valide modifie le dossier d&apos;une personne réelle chez le fournisseur.</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <source>Bulk job: %n valid row(s) — %1.</source>
        <translation>
            <numerusform>Tâche groupée : %n ligne valide — %1.</numerusform>
            <numerusform>Tâche groupée : %n lignes valides — %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show &amp;invalid rows only</source>
        <translation>Afficher uniquement les lignes &amp;invalides</translation>
    </message>
    <message numerus="yes">
        <source>Invalid: lines %1 and %n more.</source>
        <translation>
            <numerusform>Invalides : lignes %1 et %n autre.</numerusform>
            <numerusform>Invalides : lignes %1 et %n autres.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Invalid: line(s) %1.</source>
        <translation>
            <numerusform>Invalide : ligne %1.</numerusform>
            <numerusform>Invalides : lignes %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkJobPrinter</name>
    <message>
        <source>done %1, already in state %2, rejected %3, unknown %4, remaining %5</source>
        <translation>terminées %1, déjà dans l&apos;état %2, refusées %3, inconnues %4, restantes %5</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message>
        <source>line %1: INVALID: %2</source>
        <translation>ligne %1 : NON VALIDE : %2</translation>
    </message>
    <message>
        <source>, cancelled %1 (never sent)</source>
        <translation>, annulées %1 (jamais envoyées)</translation>
    </message>
</context>
<context>
    <name>BulkJobRunner</name>
    <message>
        <source>Bulk job #%1 is not approved (it is %2): a supervisor other than %3 must approve it first.</source>
        <translation>La tâche groupée n° %1 n&apos;est pas approuvée (elle est %2) : un superviseur autre que %3 doit d&apos;abord l&apos;approuver.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is %2: there is nothing left to run.</source>
        <translation>La tâche groupée n° %1 est %2 : il ne reste rien à exécuter.</translation>
    </message>
    <message>
        <source>Bulk job #%1 was started by another console at the same moment; it runs there. Look at it again in a moment.</source>
        <translation>La tâche groupée n°%1 a été lancée au même moment par une autre console ; elle s&apos;y exécute. Regardez-la de nouveau dans un instant.</translation>
    </message>
    <message>
        <source>%1 Nothing was processed for line %2; it waits with the other pending rows. Resume the job once the provider can be reached again.</source>
        <translation>%1 Rien n&apos;a été traité pour la ligne %2 ; elle attend avec les autres lignes en attente. Reprenez la tâche dès que le fournisseur est de nouveau joignable.</translation>
    </message>
</context>
<context>
    <name>BulkJobService</name>
    <message>
        <source>Sign in first.</source>
        <translation>Connectez-vous d&apos;abord.</translation>
    </message>
    <message>
        <source>Auditors can read everything but cannot request actions.</source>
        <translation>Les auditeurs peuvent tout lire mais ne peuvent pas demander d&apos;actions.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message>
        <source>No row of %1 is valid, so there is nothing to submit.</source>
        <translation>Aucune ligne de %1 n&apos;est valide, il n&apos;y a donc rien à soumettre.</translation>
    </message>
    <message numerus="yes">
        <source>Bulk job from %1: %n valid row(s)</source>
        <translation>
            <numerusform>Tâche groupée depuis %1 : %n ligne valide</numerusform>
            <numerusform>Tâche groupée depuis %1 : %n lignes valides</numerusform>
        </translation>
    </message>
    <message>
        <source>Auditors cannot run bulk jobs.</source>
        <translation>Les auditeurs ne peuvent pas exécuter de tâches groupées.</translation>
    </message>
    <message>
        <source>Auditors cannot cancel bulk jobs.</source>
        <translation>Les auditeurs ne peuvent pas annuler de tâches groupées.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is already %2.</source>
        <translation>La tâche groupée n° %1 est déjà %2.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2. Check that the folder exists and is writable.</source>
        <translation>Impossible de créer %1 : %2. Vérifiez que le dossier existe et est accessible en écriture.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2. Check the disk space and try again.</source>
        <translation>Impossible d&apos;enregistrer %1 : %2. Vérifiez l&apos;espace disque et réessayez.</translation>
    </message>
    <message numerus="yes">
        <source> (%n invalid, not sent)</source>
        <translation>
            <numerusform> (%n non valide, non envoyée)</numerusform>
            <numerusform> (%n non valides, non envoyées)</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk job #%1 is being run by another console (%2). Pause or resume it there; Cancel works from any console.</source>
        <translation>La tâche groupée n° %1 est exécutée par une autre console (%2). Mettez-la en pause ou reprenez-la là-bas ; Annuler fonctionne depuis n’importe quelle console.</translation>
    </message>
    <message>
        <source>There is no bulk job #%1.</source>
        <translation>Il n&apos;y a pas de tâche groupée n° %1.</translation>
    </message>
</context>
<context>
    <name>BulkJobsModel</name>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminées</translation>
    </message>
    <message>
        <source>Already</source>
        <translation>Déjà</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Refusées</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnues</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Restantes</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Non valides</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Temps restant</translation>
    </message>
    <message>
        <source>approved, not started</source>
        <translation>approuvée, pas démarrée</translation>
    </message>
    <message>
        <source>paused in another console</source>
        <translation>en pause dans une autre console</translation>
    </message>
    <message>
        <source>running in another console</source>
        <translation>en cours dans une autre console</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrompue</translation>
    </message>
    <message>
        <source>Approved in a console that did not run it. Resume runs it here.</source>
        <translation>Approuvée dans une console qui ne l’a pas lancée. Reprendre la lance ici.</translation>
    </message>
    <message>
        <source>The console that ran it stopped. Resume continues with the rows not yet sent; rows that were in flight are under Unresolved and are never sent again without a decision.</source>
        <translation>La console qui l’exécutait s’est arrêtée. Reprendre continue avec les lignes pas encore envoyées ; les lignes en cours d’envoi sont dans Non résolus et ne sont jamais renvoyées sans une décision.</translation>
    </message>
    <message numerus="yes">
        <source>Run by %1, last heard from %2. Pause or resume it there; Cancel job works from here too. If that console stops, the job is offered here (on another machine, %n minute(s) after it was last heard from).</source>
        <translation>
            <numerusform>Exécutée par %1, dernier signe de vie %2. Mettez-la en pause ou reprenez-la là-bas ; Annuler la tâche fonctionne aussi d’ici. Si cette console s’arrête, la tâche est proposée ici (sur une autre machine, %n minute après son dernier signe de vie).</numerusform>
            <numerusform>Exécutée par %1, dernier signe de vie %2. Mettez-la en pause ou reprenez-la là-bas ; Annuler la tâche fonctionne aussi d’ici. Si cette console s’arrête, la tâche est proposée ici (sur une autre machine, %n minutes après son dernier signe de vie).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkProgressLine</name>
    <message>
        <source>job #%1 %2/%3: %4</source>
        <translation>tâche n° %1 %2/%3 : %4</translation>
    </message>
    <message>
        <source>, ETA %1 s</source>
        <translation>, fin estimée dans %1 s</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Current password</source>
        <translation>Mot de passe actuel</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Nouveau mot de passe, à nouveau</translation>
    </message>
    <message>
        <source>Change your password — IdentityDesk</source>
        <translation>Changer votre mot de passe — IdentityDesk</translation>
    </message>
    <message>
        <source>The new password is yours alone: the change is in the audit log, the password never.</source>
        <translation>Le nouveau mot de passe n&apos;appartient qu&apos;à vous : le changement figure dans le journal d&apos;audit, le mot de passe jamais.</translation>
    </message>
    <message>
        <source>&amp;Current password of %1:</source>
        <translation>Mot de passe &amp;actuel de %1 :</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Nouveau mot de passe :</translation>
    </message>
    <message>
        <source>New password &amp;again:</source>
        <translation>Nouveau mot de passe, à &amp;nouveau :</translation>
    </message>
    <message>
        <source>&amp;Change password</source>
        <translation>&amp;Changer le mot de passe</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Changement du mot de passe…</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>Saisissez votre mot de passe actuel.</translation>
    </message>
    <message numerus="yes">
        <source>The new password needs at least %n characters.</source>
        <translation>
            <numerusform>Le nouveau mot de passe doit comporter au moins %n caractère.</numerusform>
            <numerusform>Le nouveau mot de passe doit comporter au moins %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>Type the same new password twice.</source>
        <translation>Saisissez deux fois le même nouveau mot de passe.</translation>
    </message>
</context>
<context>
    <name>CheckpointKey</name>
    <message>
        <source>cannot make a signing key: %1</source>
        <translation>impossible de créer une clé de signature : %1</translation>
    </message>
    <message>
        <source>not an IdentityDesk signing key (expected %1 and 32 bytes in base64)</source>
        <translation>ce n&apos;est pas une clé de signature IdentityDesk (attendu : %1 et 32 octets en base64)</translation>
    </message>
    <message>
        <source>cannot read the signing key: %1</source>
        <translation>impossible de lire la clé de signature : %1</translation>
    </message>
    <message>
        <source>cannot sign the checkpoint: %1</source>
        <translation>impossible de signer le point de contrôle : %1</translation>
    </message>
</context>
<context>
    <name>CheckpointKeyFile</name>
    <message>
        <source>the checkpoint key %1: %2</source>
        <translation>la clé des points de contrôle %1 : %2</translation>
    </message>
    <message>
        <source>the file holds a private key and must be readable by its owner only (chmod 600 %1)</source>
        <translation>le fichier contient une clé privée et ne doit être lisible que par son propriétaire (chmod 600 %1)</translation>
    </message>
</context>
<context>
    <name>CheckpointKeySecret</name>
    <message>
        <source>Cannot read the checkpoint signing key from %1: %2</source>
        <translation>Impossible de lire la clé de signature des points de contrôle dans %1 : %2</translation>
    </message>
    <message>
        <source>The checkpoint signing key in %1 is damaged: %2</source>
        <translation>La clé de signature des points de contrôle dans %1 est endommagée : %2</translation>
    </message>
    <message>
        <source>Cannot keep the new checkpoint signing key in %1: %2</source>
        <translation>Impossible de conserver la nouvelle clé de signature des points de contrôle dans %1 : %2</translation>
    </message>
</context>
<context>
    <name>CliApplication</name>
    <message>
        <source>no command given</source>
        <translation>aucune commande donnée</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>commande inconnue « %1 »</translation>
    </message>
</context>
<context>
    <name>CliCommand</name>
    <message>
        <source>action #%1 already does this to %2 at %3 and is %4: nothing was sent. Look at it first (approvals list, unresolved list); to send anyway, repeat with --despite %1.</source>
        <translation>l&apos;action #%1 fait déjà cela pour %2 chez %3 et est %4 : rien n&apos;a été envoyé. Consultez-la d&apos;abord (approvals list, unresolved list) ; pour envoyer quand même, recommencez avec --despite %1.</translation>
    </message>
</context>
<context>
    <name>CliContext</name>
    <message>
        <source>this command needs a signed-in operator: give --operator NAME (the password comes from IDENTITYDESK_PASSWORD or a prompt)</source>
        <translation>cette commande nécessite un opérateur connecté : indiquez --operator NOM (le mot de passe vient de IDENTITYDESK_PASSWORD ou d&apos;une invite)</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>Mot de passe pour %1 : </translation>
    </message>
    <message numerus="yes">
        <source>%n interrupted action(s) moved to Unresolved: see &apos;unresolved list&apos;.</source>
        <translation>
            <numerusform>%n action interrompue déplacée vers Non résolus : voir « unresolved list ».</numerusform>
            <numerusform>%n actions interrompues déplacées vers Non résolus : voir « unresolved list ».</numerusform>
        </translation>
    </message>
    <message>
        <source>You signed in with a first password, which stops working at %1 (UTC). Choose your own now: identitydesk-cli operators password.</source>
        <translation>Vous vous êtes connecté avec un premier mot de passe, qui cessera de fonctionner le %1 (UTC). Choisissez le vôtre dès maintenant : identitydesk-cli operators password.</translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Connection profile %1: %2</source>
        <translation>Profil de connexion %1 : %2</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>fichier introuvable</translation>
    </message>
    <message>
        <source>cannot read the file (%1)</source>
        <translation>impossible de lire le fichier (%1)</translation>
    </message>
    <message>
        <source>the file holds secrets and must be readable by its owner only (chmod 600 %1)</source>
        <translation>le fichier contient des secrets et ne doit être lisible que par son propriétaire (chmod 600 %1)</translation>
    </message>
    <message>
        <source>not valid JSON at offset %1 (%2)</source>
        <translation>JSON invalide à la position %1 (%2)</translation>
    </message>
    <message>
        <source>the top level must be a JSON object</source>
        <translation>le niveau supérieur doit être un objet JSON</translation>
    </message>
    <message>
        <source>field &apos;ca_file&apos;: cannot read %1 (%2)</source>
        <translation>champ &apos;ca_file&apos; : impossible de lire %1 (%2)</translation>
    </message>
    <message>
        <source>field &apos;ca_file&apos;: %1 holds no PEM certificate</source>
        <translation>champ &apos;ca_file&apos; : %1 ne contient aucun certificat PEM</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is missing</source>
        <translation>le champ &apos;%1&apos; est absent</translation>
    </message>
    <message>
        <source> (or set %1)</source>
        <translation> (ou définissez %1)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be a string</source>
        <translation>le champ &apos;%1&apos; doit être une chaîne</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is empty</source>
        <translation>le champ &apos;%1&apos; est vide</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not a valid URL: %2</source>
        <translation>le champ &apos;%1&apos; n&apos;est pas une URL valide : %2</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be an https:// URL (got %2)</source>
        <translation>le champ &apos;%1&apos; doit être une URL https:// (reçu %2)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must not carry a query or fragment</source>
        <translation>le champ &apos;%1&apos; ne doit contenir ni requête ni fragment</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be an object</source>
        <translation>le champ &apos;%1&apos; doit être un objet</translation>
    </message>
    <message>
        <source>field &apos;environment&apos; must be &quot;test&quot; or &quot;production&quot;</source>
        <translation>le champ « environment » doit valoir &quot;test&quot; ou &quot;production&quot;</translation>
    </message>
    <message>
        <source>no provider is configured (add a %1 or %2 section)</source>
        <translation>aucun fournisseur n&apos;est configuré (ajoutez une section %1 ou %2)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be &quot;test&quot; or &quot;production&quot;</source>
        <translation>le champ &apos;%1&apos; doit valoir &quot;test&quot; ou &quot;production&quot;</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <source>Trust Swiftly accepted the API key (the verification templates were read).</source>
        <translation>Trust Swiftly a accepté la clé d&apos;API (les modèles de vérification ont été lus).</translation>
    </message>
    <message>
        <source>SDK.Finance accepted the login and password.</source>
        <translation>SDK.Finance a accepté l&apos;identifiant et le mot de passe.</translation>
    </message>
    <message>
        <source>The profile has no %1 section to test.</source>
        <translation>Le profil n&apos;a pas de section %1 à tester.</translation>
    </message>
</context>
<context>
    <name>ConsoleCheckpointer</name>
    <message>
        <source>Audit checkpoint signed at entry %1.</source>
        <translation>Point de contrôle d&apos;audit signé à l&apos;entrée %1.</translation>
    </message>
    <message>
        <source>A checkpoint is being signed already.</source>
        <translation>Un point de contrôle est déjà en cours de signature.</translation>
    </message>
    <message>
        <source>No keychain for the checkpoint key: no checkpoint was signed.</source>
        <translation>Aucun trousseau pour la clé des points de contrôle : aucun point de contrôle n&apos;a été signé.</translation>
    </message>
    <message>
        <source>The checkpoint key could not be read from the keychain: %1</source>
        <translation>La clé des points de contrôle n&apos;a pas pu être lue dans le trousseau : %1</translation>
    </message>
</context>
<context>
    <name>ConsoleLauncher</name>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>Starting the demo sandbox…</source>
        <translation>Démarrage du bac à sable de démonstration…</translation>
    </message>
    <message>
        <source>Creating the demo operators…</source>
        <translation>Création des opérateurs de démonstration…</translation>
    </message>
    <message>
        <source>The demo operators could not be created: %1</source>
        <translation>Les opérateurs de démonstration n&apos;ont pas pu être créés : %1</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 ou %2</translation>
    </message>
</context>
<context>
    <name>DemoOperators</name>
    <message>
        <source>Demo mode</source>
        <translation>Mode démonstration</translation>
    </message>
</context>
<context>
    <name>DemoSandbox</name>
    <message>
        <source>The demo sandbox (%1) could not be started: %2. Reinstall IdentityDesk or start it with --profile FILE instead.</source>
        <translation>Le bac à sable de démonstration (%1) n&apos;a pas pu démarrer : %2. Réinstallez IdentityDesk ou lancez-le plutôt avec --profile FICHIER.</translation>
    </message>
    <message>
        <source>The demo sandbox stopped before it was ready (exit %1%2): %3</source>
        <translation>Le bac à sable de démonstration s&apos;est arrêté avant d&apos;être prêt (sortie %1%2) : %3</translation>
    </message>
    <message>
        <source>, crashed</source>
        <translation>, plantage</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder for the demo sandbox: %1</source>
        <translation>Impossible de créer un dossier temporaire pour le bac à sable de démonstration : %1</translation>
    </message>
</context>
<context>
    <name>FederatedSearchCommand</name>
    <message>
        <source>SUBJECT</source>
        <translation>SUJET</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <source>E-MAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>FOUND IN</source>
        <translation>TROUVÉ DANS</translation>
    </message>
    <message>
        <source>index</source>
        <translation>index</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n personne(s)</numerusform>
            <numerusform>%n personne(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>FederatedSearchModel</name>
    <message>
        <source>Local index</source>
        <translation>Index local</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Known to</source>
        <translation>Connu de</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>&amp;Try the demo</source>
        <translation>&amp;Essayer la démo</translation>
    </message>
    <message>
        <source>&amp;Connect to my providers</source>
        <translation>Se &amp;connecter à mes fournisseurs</translation>
    </message>
    <message>
        <source>Welcome to IdentityDesk</source>
        <translation>Bienvenue dans IdentityDesk</translation>
    </message>
    <message>
        <source>Starts a local sandbox that emulates all four providers, with demo operators and made-up people. Nothing leaves this computer.</source>
        <translation>Démarre un bac à sable local qui émule les quatre fournisseurs, avec des opérateurs de démonstration et des personnes fictives. Rien ne quitte cet ordinateur.</translation>
    </message>
    <message>
        <source>Opens the profile editor: add a profile per tenant (e.g. “Acme test” and “Acme production”), with each provider&apos;s address and credentials. Keys and passwords are kept in the system keychain. Use Test connection to check each one.</source>
        <translation>Ouvre l&apos;éditeur de profils : ajoutez un profil par client (p. ex. « Acme test » et « Acme production »), avec l&apos;adresse et les identifiants de chaque fournisseur. Les clés et les mots de passe sont conservés dans le trousseau du système. Utilisez Tester la connexion pour vérifier chacun d&apos;eux.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>An operator console for %1.</source>
        <translation>Une console d&apos;opérateur pour %1.</translation>
    </message>
</context>
<context>
    <name>GovernanceChange</name>
    <message>
        <source>Action is not a change of the rules.</source>
        <translation>L&apos;action n&apos;est pas une modification des règles.</translation>
    </message>
    <message>
        <source>The stored policy change is not readable.</source>
        <translation>La modification de politique enregistrée est illisible.</translation>
    </message>
    <message>
        <source>The policy change names the rule “%1”, which cannot be changed.</source>
        <translation>La modification de politique désigne la règle « %1 », qui ne peut pas être modifiée.</translation>
    </message>
    <message>
        <source>The policy change sets “%1” to %2, which is not allowed.</source>
        <translation>La modification de politique fixe « %1 » à %2, ce qui n&apos;est pas autorisé.</translation>
    </message>
    <message>
        <source>The stored role change is not readable.</source>
        <translation>La modification de rôle enregistrée est illisible.</translation>
    </message>
    <message>
        <source>Unknown change of the rules “%1”.</source>
        <translation>Modification des règles inconnue « %1 ».</translation>
    </message>
    <message>
        <source>“%1” has changed since this was requested: request the change again.</source>
        <translation>« %1 » a changé depuis la demande : demandez de nouveau la modification.</translation>
    </message>
    <message>
        <source>Make %1 a %2 (now %3)</source>
        <translation>Attribuer à %1 le rôle %2 (actuellement %3)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1 : %2 → %3</translation>
    </message>
    <message>
        <source>%1: %2 → %3 %4</source>
        <translation>%1 : %2 → %3 %4</translation>
    </message>
    <message>
        <source>Change the approval policy: %1</source>
        <translation>Modifier la politique d&apos;approbation : %1</translation>
    </message>
</context>
<context>
    <name>GovernanceService</name>
    <message>
        <source>Only supervisors can request a change of the policy.</source>
        <translation>Seuls les superviseurs peuvent demander une modification de la politique.</translation>
    </message>
    <message>
        <source>Nothing changed: the policy already is what you ask for.</source>
        <translation>Aucune modification : la politique correspond déjà à votre demande.</translation>
    </message>
    <message>
        <source>Only a supervisor can change an operator&apos;s role.</source>
        <translation>Seul un superviseur peut modifier le rôle d&apos;un opérateur.</translation>
    </message>
    <message>
        <source>You cannot change your own role: another supervisor must do it.</source>
        <translation>Vous ne pouvez pas modifier votre propre rôle : un autre superviseur doit le faire.</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>Il n&apos;existe aucun opérateur nommé « %1 ».</translation>
    </message>
    <message>
        <source>Operator “%1” is deactivated: reactivate the account first.</source>
        <translation>L&apos;opérateur « %1 » est désactivé : réactivez d&apos;abord le compte.</translation>
    </message>
    <message>
        <source>Operator “%1” already is a %2.</source>
        <translation>L&apos;opérateur « %1 » a déjà le rôle %2.</translation>
    </message>
    <message>
        <source>“%1” is the last active supervisor: make another operator a supervisor first.</source>
        <translation>« %1 » est le dernier superviseur actif : nommez d&apos;abord un autre opérateur superviseur.</translation>
    </message>
    <message>
        <source>In effect since its approval by %1.</source>
        <translation>En vigueur depuis son approbation par %1.</translation>
    </message>
    <message>
        <source>This team store enforces its rules in PostgreSQL, where a policy change under four eyes is not available yet: ask the database administrator.</source>
        <translation>Ce stockage d&apos;équipe applique ses règles dans PostgreSQL, où un changement de politique à quatre yeux n&apos;est pas encore disponible : demandez à l&apos;administrateur de la base de données.</translation>
    </message>
</context>
<context>
    <name>HttpClient</name>
    <message>
        <source>no answer within %1 s</source>
        <translation>pas de réponse en %1 s</translation>
    </message>
    <message>
        <source>the connection closed before the provider answered</source>
        <translation>la connexion s&apos;est fermée avant la réponse du fournisseur</translation>
    </message>
    <message>
        <source>malformed JSON at offset %1 (%2)</source>
        <translation>JSON malformé à la position %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (the server may offer only protocol versions or ciphers older than TLS 1.2, which are refused)</source>
        <translation>%1 (le serveur ne propose peut-être que des versions de protocole ou des suites de chiffrement antérieures à TLS 1.2, qui sont refusées)</translation>
    </message>
    <message>
        <source>pinned key mismatch: expected %1, the server presented %2</source>
        <translation>clé épinglée non concordante : %1 attendue, le serveur a présenté %2</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>aucun certificat</translation>
    </message>
</context>
<context>
    <name>ImportProgressLine</name>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1 : %2 sur %3</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
</context>
<context>
    <name>ImportSubjectsDialog</name>
    <message>
        <source>new</source>
        <translation>nouveau</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modifié</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>inchangé</translation>
    </message>
    <message>
        <source>conflicting</source>
        <translation>en conflit</translation>
    </message>
    <message>
        <source>bad</source>
        <translation>erroné</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importer</translation>
    </message>
    <message>
        <source>Import subjects — %1</source>
        <translation>Importer des sujets — %1</translation>
    </message>
    <message>
        <source>Dry run of %1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad.</source>
        <translation>Simulation de %1 : %2 nouveaux, %3 modifiés, %4 inchangés, %5 en conflit, %6 erronés.</translation>
    </message>
    <message>
        <source>Nothing can be imported until every bad or conflicting line is fixed.</source>
        <translation>Rien ne peut être importé tant que toutes les lignes erronées ou en conflit ne sont pas corrigées.</translation>
    </message>
    <message>
        <source>Rows of the file</source>
        <translation>Lignes du fichier</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Problems / ids</source>
        <translation>Problèmes / identifiants</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>why the index changes (audited)</source>
        <translation>pourquoi l&apos;index change (audité)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <source>The file has bad or conflicting lines; fix them and import again.</source>
        <translation>Le fichier contient des lignes erronées ou en conflit ; corrigez-les et relancez l&apos;import.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Saisissez un motif.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progression</translation>
    </message>
    <message>
        <source>Writing subjects: %1 of %2</source>
        <translation>Écriture des sujets : %1 sur %2</translation>
    </message>
    <message>
        <source>Checking rows: %1 of %2</source>
        <translation>Vérification des lignes : %1 sur %2</translation>
    </message>
    <message>
        <source>The first %1 rows are listed, problems first.</source>
        <translation>Les %1 premières lignes sont listées, les problèmes d&apos;abord.</translation>
    </message>
    <message>
        <source>The import is running.</source>
        <translation>L&apos;importation est en cours.</translation>
    </message>
    <message>
        <source>The file is being checked.</source>
        <translation>Le fichier est en cours de vérification.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Stop: nothing is written.</source>
        <translation>Arrêter : rien n&apos;est écrit.</translation>
    </message>
</context>
<context>
    <name>InMemorySecretStore</name>
    <message>
        <source>this session only (forgotten when IdentityDesk closes)</source>
        <translation>cette session uniquement (oubliés à la fermeture d&apos;IdentityDesk)</translation>
    </message>
</context>
<context>
    <name>IndexSearchSource</name>
    <message>
        <source>Local index</source>
        <translation>Index local</translation>
    </message>
    <message>
        <source>search the subject index</source>
        <translation>rechercher dans l&apos;index des sujets</translation>
    </message>
</context>
<context>
    <name>JobsCommand</name>
    <message>
        <source>%1 rows (%2 invalid)</source>
        <translation>%1 lignes (%2 non valides)</translation>
    </message>
    <message>
        <source>No bulk jobs.</source>
        <translation>Aucune tâche groupée.</translation>
    </message>
    <message>
        <source>Bulk job #%1 %2: %3.</source>
        <translation>Tâche groupée n° %1 %2 : %3.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with an unknown outcome are listed under &apos;unresolved list&apos;.</source>
        <translation>
            <numerusform>%n ligne au résultat inconnu est listée sous « unresolved list ».</numerusform>
            <numerusform>%n lignes au résultat inconnu sont listées sous « unresolved list ».</numerusform>
        </translation>
    </message>
    <message>
        <source>Results of bulk job #%1 written to %2.</source>
        <translation>Résultats de la tâche groupée n° %1 écrits dans %2.</translation>
    </message>
    <message>
        <source>Stopped: the rows in flight are listed under &apos;unresolved list&apos; from now on.</source>
        <translation>Arrêté : les lignes en cours d&apos;envoi figurent désormais dans « unresolved list ».</translation>
    </message>
    <message>
        <source>interrupted from the terminal</source>
        <translation>interrompu depuis le terminal</translation>
    </message>
    <message numerus="yes">
        <source>Pausing bulk job #%1: no further row is sent; waiting for the %n row(s) in flight to be answered and recorded (Ctrl-C again stops at once). Resume it with: jobs resume %1</source>
        <translation>
            <numerusform>Mise en pause de la tâche groupée n° %1 : aucune autre ligne n&apos;est envoyée ; attente de la réponse et de l&apos;enregistrement de la %n ligne en cours d&apos;envoi (Ctrl-C à nouveau arrête aussitôt). Pour reprendre : jobs resume %1</numerusform>
            <numerusform>Mise en pause de la tâche groupée n° %1 : aucune autre ligne n&apos;est envoyée ; attente de la réponse et de l&apos;enregistrement des %n lignes en cours d&apos;envoi (Ctrl-C à nouveau arrête aussitôt). Pour reprendre : jobs resume %1</numerusform>
        </translation>
    </message>
    <message>
        <source>usage: jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv</source>
        <translation>usage : jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FICHIER.csv</translation>
    </message>
    <message>
        <source>There is no bulk job #%1. &apos;jobs list&apos; shows the jobs.</source>
        <translation>Il n&apos;y a pas de tâche groupée n° %1. «jobs list» affiche les tâches.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <source>action #%1</source>
        <translation>action n° %1</translation>
    </message>
</context>
<context>
    <name>JobsView</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Suspendre</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Rep&amp;rendre</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>&amp;Annuler la tâche</translation>
    </message>
    <message>
        <source>E&amp;xport results…</source>
        <translation>E&amp;xporter les résultats…</translation>
    </message>
    <message>
        <source>Bulk jobs</source>
        <translation>Tâches groupées</translation>
    </message>
    <message>
        <source>Progress of the selected bulk job</source>
        <translation>Progression de la tâche groupée sélectionnée</translation>
    </message>
    <message>
        <source>Start no new rows; the rows already sent finish and are recorded.</source>
        <translation>Ne démarrer aucune nouvelle ligne ; les lignes déjà envoyées se terminent et sont enregistrées.</translation>
    </message>
    <message>
        <source>Cancel the rows not yet sent; the rows already sent finish and are recorded.</source>
        <translation>Annuler les lignes pas encore envoyées ; les lignes déjà envoyées se terminent et sont enregistrées.</translation>
    </message>
    <message>
        <source>The bulk jobs could not be read: %1</source>
        <translation>Les tâches groupées n&apos;ont pas pu être lues : %1</translation>
    </message>
    <message>
        <source>Interrupted bulk jobs could not be looked for: %1</source>
        <translation>Impossible de rechercher les tâches groupées interrompues : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n bulk job(s) stopped before finishing (%1), </source>
        <translation>
            <numerusform>%n tâche groupée s&apos;est arrêtée avant la fin (%1), </numerusform>
            <numerusform>%n tâches groupées se sont arrêtées avant la fin (%1), </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n row(s) not yet sent. Rows that were in flight are under Unresolved.</source>
        <translation>
            <numerusform>avec %n ligne pas encore envoyée. Les lignes en cours d&apos;envoi figurent dans Non résolus.</numerusform>
            <numerusform>avec %n lignes pas encore envoyées. Les lignes en cours d&apos;envoi figurent dans Non résolus.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <source>No bulk job selected. Start one with File &gt; New bulk job.</source>
        <translation>Aucune tâche groupée sélectionnée. Lancez-en une avec Fichier &gt; Nouvelle tâche groupée.</translation>
    </message>
    <message>
        <source>Job #%1 (%2): done %3, already in state %4, rejected %5, unknown %6, remaining %7, invalid %8.</source>
        <translation>Tâche n° %1 (%2) : terminées %3, déjà dans l&apos;état %4, refusées %5, inconnues %6, restantes %7, non valides %8.</translation>
    </message>
    <message numerus="yes">
        <source>About %n second(s) left.</source>
        <translation>
            <numerusform>Environ %n seconde restante.</numerusform>
            <numerusform>Environ %n secondes restantes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Arrêtée : %1</translation>
    </message>
    <message>
        <source>Waiting for a supervisor other than %1 to approve it (Approvals tab).</source>
        <translation>En attente de l&apos;approbation d&apos;un superviseur autre que %1 (onglet Approbations).</translation>
    </message>
    <message>
        <source>The results of job #%1 were saved to %2.</source>
        <translation>Les résultats de la tâche n° %1 ont été enregistrés dans %2.</translation>
    </message>
    <message>
        <source>Export results of job #%1</source>
        <translation>Exporter les résultats de la tâche n° %1</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) cancelled, never sent.</source>
        <translation>
            <numerusform>%n ligne annulée, jamais envoyée.</numerusform>
            <numerusform>%n lignes annulées, jamais envoyées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected by %1: nothing was sent.</source>
        <translation>Rejetée par %1 : rien n&apos;a été envoyé.</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>the system keychain</source>
        <translation>le trousseau du système</translation>
    </message>
</context>
<context>
    <name>LinkSubjectDialog</name>
    <message>
        <source>Link to subject</source>
        <translation>Lier à un sujet</translation>
    </message>
    <message>
        <source>These records will belong to the subject:
%1</source>
        <translation>Ces dossiers appartiendront au sujet :
%1</translation>
    </message>
    <message>
        <source>Subject reference</source>
        <translation>Référence du sujet</translation>
    </message>
    <message>
        <source>customer or case number, e.g. CUST-000123</source>
        <translation>numéro de client ou de dossier, p. ex. CUST-000123</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>why these records are one person (audited)</source>
        <translation>pourquoi ces dossiers concernent une même personne (audité)</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Lier</translation>
    </message>
    <message>
        <source>&amp;Subject reference:</source>
        <translation>Référence du &amp;sujet :</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <source>Enter the subject reference and a reason.</source>
        <translation>Saisissez la référence du sujet et un motif.</translation>
    </message>
    <message>
        <source>%1 user id</source>
        <translation>identifiant utilisateur %1</translation>
    </message>
    <message>
        <source>the id %1 knows this person by</source>
        <translation>l&apos;identifiant sous lequel %1 connaît cette personne</translation>
    </message>
    <message>
        <source>%1 &amp;user id:</source>
        <translation>&amp;Identifiant utilisateur %1 :</translation>
    </message>
    <message>
        <source>Link a %1 user id</source>
        <translation>Associer un identifiant utilisateur %1</translation>
    </message>
</context>
<context>
    <name>LinkSuggestionsDialog</name>
    <message>
        <source>&amp;Confirm link</source>
        <translation>&amp;Confirmer le lien</translation>
    </message>
    <message>
        <source>Possible links</source>
        <translation>Liens possibles</translation>
    </message>
    <message>
        <source>These records look like the same person but are not linked in the index. Confirm only what you have checked.</source>
        <translation>Ces dossiers semblent concerner la même personne mais ne sont pas liés dans l&apos;index. Ne confirmez que ce que vous avez vérifié.</translation>
    </message>
    <message>
        <source>Suggested links</source>
        <translation>Liens suggérés</translation>
    </message>
    <message>
        <source>Subject reference</source>
        <translation>Référence du sujet</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>why these records are one person (audited)</source>
        <translation>pourquoi ces dossiers concernent une même personne (audité)</translation>
    </message>
    <message>
        <source>&amp;Subject reference:</source>
        <translation>Référence du &amp;sujet :</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>same e-mail %1</source>
        <translation>même e-mail %1</translation>
    </message>
    <message>
        <source>same phone %1</source>
        <translation>même téléphone %1</translation>
    </message>
    <message>
        <source>%1 and %2 (%3)</source>
        <translation>%1 et %2 (%3)</translation>
    </message>
    <message>
        <source>%1 (subject %2) and %3 (%4)</source>
        <translation>%1 (sujet %2) et %3 (%4)</translation>
    </message>
    <message>
        <source>Choose a suggestion.</source>
        <translation>Choisissez une suggestion.</translation>
    </message>
    <message>
        <source>Neither record belongs to a subject yet: enter the subject reference.</source>
        <translation>Aucun des deux dossiers n&apos;appartient encore à un sujet : saisissez la référence du sujet.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Saisissez un motif.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Officer</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Superviseur</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditeur</translation>
    </message>
    <message>
        <source>Not connected. Start with --demo, or open a connection profile with --profile FILE.</source>
        <translation>Non connecté. Lancez avec --demo, ou ouvrez un profil de connexion avec --profile FICHIER.</translation>
    </message>
    <message>
        <source>Console sections</source>
        <translation>Sections de la console</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approbations</translation>
    </message>
    <message>
        <source>Unresolved</source>
        <translation>Non résolus</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Search users and act on them (Ctrl+1)</source>
        <translation>Rechercher des utilisateurs et agir sur eux (Ctrl+1)</translation>
    </message>
    <message>
        <source>Actions waiting for a supervisor&apos;s decision (Ctrl+2)</source>
        <translation>Actions en attente de la décision d&apos;un superviseur (Ctrl+2)</translation>
    </message>
    <message>
        <source>Actions whose outcome is unknown (Ctrl+3)</source>
        <translation>Actions dont le résultat est inconnu (Ctrl+3)</translation>
    </message>
    <message>
        <source>The tamper-evident audit log (Ctrl+4)</source>
        <translation>Le journal d&apos;audit infalsifiable (Ctrl+4)</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Connecté en tant que %1 (%2)</translation>
    </message>
    <message>
        <source>Search users by name, e-mail or reference  (Ctrl+F)</source>
        <translation>Rechercher des utilisateurs par nom, e-mail ou référence  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>Rechercher des utilisateurs</translation>
    </message>
    <message>
        <source>Type part of a name, e-mail address or reference; results appear below.</source>
        <translation>Saisissez une partie d&apos;un nom, d&apos;une adresse e-mail ou d&apos;une référence ; les résultats s&apos;affichent dessous.</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>État de la recherche</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Résultats de la recherche</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Recherche</translation>
    </message>
    <message>
        <source>&amp;Find users</source>
        <translation>&amp;Trouver des utilisateurs</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ctualiser</translation>
    </message>
    <message>
        <source>Go to &amp;results</source>
        <translation>Aller aux &amp;résultats</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Utilisateurs</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <translation>A&amp;pprobations</translation>
    </message>
    <message>
        <source>U&amp;nresolved</source>
        <translation>&amp;Non résolus</translation>
    </message>
    <message>
        <source>Au&amp;dit log</source>
        <translation>&amp;Journal d&apos;audit</translation>
    </message>
    <message>
        <source>&amp;Governance</source>
        <translation>&amp;Gouvernance</translation>
    </message>
    <message>
        <source>&amp;Policy…</source>
        <translation>&amp;Politique…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>Close this console and sign in again, e.g. as another operator.</source>
        <translation>Fermer cette console et se reconnecter, p. ex. en tant qu&apos;autre opérateur.</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profil : %1</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUCTION</translation>
    </message>
    <message>
        <source>Test environment</source>
        <translation>Environnement de test</translation>
    </message>
    <message>
        <source>Actions interrupted by a stopped console could not be looked for: %1</source>
        <translation>Les actions interrompues par une console arrêtée n&apos;ont pas pu être recherchées : %1</translation>
    </message>
    <message>
        <source>A console stopped while sending: %1 of its actions may or may not have been processed and are now listed under Unresolved (%2 in all). Check them at the provider and resolve them.</source>
        <translation>Une console s&apos;est arrêtée pendant un envoi : %1 de ses actions ont peut-être été traitées, ou non, et sont maintenant listées dans Non résolus (%2 en tout). Vérifiez-les chez le fournisseur et résolvez-les.</translation>
    </message>
    <message>
        <source>Show &amp;Unresolved</source>
        <translation>Afficher les &amp;non résolus</translation>
    </message>
    <message>
        <source>Approvals (%1)</source>
        <translation>Approbations (%1)</translation>
    </message>
    <message>
        <source>Unresolved (%1)</source>
        <translation>Non résolus (%1)</translation>
    </message>
    <message>
        <source>Type part of a name, e-mail address or reference to search %1.</source>
        <translation>Saisissez une partie d&apos;un nom, d&apos;une adresse e-mail ou d&apos;une référence pour rechercher dans %1.</translation>
    </message>
    <message>
        <source>IdentityDesk — %1</source>
        <translation>IdentityDesk — %1</translation>
    </message>
    <message>
        <source>IdentityDesk — %1 (test) — %2</source>
        <translation>IdentityDesk — %1 (test) — %2</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Thème</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Suivre le &amp;système</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Clair</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Sombre</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ai&amp;de</translation>
    </message>
    <message>
        <source>&amp;About IdentityDesk</source>
        <translation>À &amp;propos d&apos;IdentityDesk</translation>
    </message>
    <message>
        <source>User details</source>
        <translation>Détails de l&apos;utilisateur</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <source>New &amp;bulk job from a CSV file…</source>
        <translation>Nouvelle tâche &amp;groupée depuis un fichier CSV…</translation>
    </message>
    <message>
        <source>Bulk job for the &amp;selected users…</source>
        <translation>Tâche groupée pour les utilisateurs &amp;sélectionnés…</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Tâches</translation>
    </message>
    <message>
        <source>Open a connection profile first: bulk jobs need the providers&apos; connections.</source>
        <translation>Ouvrez d&apos;abord un profil de connexion : les tâches groupées nécessitent les connexions aux fournisseurs.</translation>
    </message>
    <message>
        <source>[PRODUCTION] IdentityDesk — %1 — %2</source>
        <translation>[PRODUCTION] IdentityDesk — %1 — %2</translation>
    </message>
    <message>
        <source>Filter the results shown</source>
        <translation>Filtrer les résultats affichés</translation>
    </message>
    <message>
        <source>Filter results</source>
        <translation>Filtrer les résultats</translation>
    </message>
    <message>
        <source>Show results known to</source>
        <translation>Afficher les résultats connus de</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <source>Auditors can read the subject index but not change it.</source>
        <translation>Les auditeurs peuvent consulter l&apos;index des sujets mais pas le modifier.</translation>
    </message>
    <message>
        <source>Su&amp;bjects</source>
        <translation>Su&amp;jets</translation>
    </message>
    <message>
        <source>&amp;Import subjects…</source>
        <translation>&amp;Importer des sujets…</translation>
    </message>
    <message>
        <source>Read a subjects CSV, check it and import it (all rows or none).</source>
        <translation>Lire un CSV de sujets, le vérifier et l&apos;importer (toutes les lignes ou aucune).</translation>
    </message>
    <message>
        <source>&amp;Link to subject…</source>
        <translation>&amp;Lier à un sujet…</translation>
    </message>
    <message>
        <source>Link the selected person&apos;s records to a subject reference.</source>
        <translation>Lier les dossiers de la personne sélectionnée à une référence de sujet.</translation>
    </message>
    <message>
        <source>&amp;Review possible links…</source>
        <translation>&amp;Examiner les liens possibles…</translation>
    </message>
    <message numerus="yes">
        <source>Searching for “%1”… %n person(s) so far.</source>
        <translation>
            <numerusform>Recherche de « %1 »… %n personne pour l&apos;instant.</numerusform>
            <numerusform>Recherche de « %1 »… %n personnes pour l&apos;instant.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches “%1” in any source. Check the spelling or search by e-mail.</source>
        <translation>Aucune correspondance pour « %1 » dans les sources. Vérifiez l&apos;orthographe ou recherchez par e-mail.</translation>
    </message>
    <message numerus="yes">
        <source>Matches for “%1”: %n person(s), %2 shown.</source>
        <translation>
            <numerusform>Résultats pour « %1 » : %n personne, %2 affichée.</numerusform>
            <numerusform>Résultats pour « %1 » : %n personnes, %2 affichées.</numerusform>
        </translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>même e-mail</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>même téléphone</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) of records look like the same person (%1 %2)… They are not linked.</source>
        <translation>
            <numerusform>%n paire de dossiers semble concerner la même personne (%1 %2)… Elle n&apos;est pas liée.</numerusform>
            <numerusform>%n paires de dossiers semblent concerner la même personne (%1 %2)… Elles ne sont pas liées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Re&amp;view…</source>
        <translation>&amp;Examiner…</translation>
    </message>
    <message>
        <source>The records are now linked to subject %1; the change is in the audit log.</source>
        <translation>Les dossiers sont désormais liés au sujet %1 ; la modification figure dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Select a person in the results first.</source>
        <translation>Sélectionnez d&apos;abord une personne dans les résultats.</translation>
    </message>
    <message>
        <source>Linked to subject %1; the change is in the audit log.</source>
        <translation>Lié au sujet %1 ; la modification figure dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Import subjects</source>
        <translation>Importer des sujets</translation>
    </message>
    <message>
        <source>Subjects CSV (*.csv);;All files (*)</source>
        <translation>CSV de sujets (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) imported or updated; the import is in the audit log.</source>
        <translation>
            <numerusform>%n sujet importé ou mis à jour ; l&apos;import figure dans le journal d&apos;audit.</numerusform>
            <numerusform>%n sujets importés ou mis à jour ; l&apos;import figure dans le journal d&apos;audit.</numerusform>
        </translation>
    </message>
    <message>
        <source>The connection profile %1 has no provider that can search users. Add a &apos;%2&apos; section.</source>
        <translation>Le profil de connexion %1 n&apos;a aucun fournisseur capable de rechercher des utilisateurs. Ajoutez une section &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>Op&amp;erators…</source>
        <translation>Op&amp;érateurs…</translation>
    </message>
    <message>
        <source>Who may sign in; supervisors deactivate and reactivate operators here.</source>
        <translation>Qui peut se connecter ; les superviseurs désactivent et réactivent les opérateurs ici.</translation>
    </message>
    <message>
        <source>the console was closed or signed out</source>
        <translation>la console a été fermée ou déconnectée</translation>
    </message>
    <message>
        <source>Read the policy, or request a change that a second supervisor approves.</source>
        <translation>Consulter la politique ou demander une modification qu&apos;un second superviseur approuve.</translation>
    </message>
    <message>
        <source>Read the policy: which actions need a supervisor&apos;s approval, and its times. Only supervisors can request a change.</source>
        <translation>Consulter la politique : quelles actions nécessitent l&apos;approbation d&apos;un superviseur, et ses délais. Seuls les superviseurs peuvent demander une modification.</translation>
    </message>
    <message>
        <source>the console switched to the profile %1</source>
        <translation>la console est passée au profil %1</translation>
    </message>
    <message>
        <source>Policy change requested (action #%1): it takes effect when another supervisor approves it in Approvals.</source>
        <translation>Modification de politique demandée (action #%1) : elle prend effet lorsqu&apos;un autre superviseur l&apos;approuve dans Approbations.</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Guide de l&apos;utilisateur</translation>
    </message>
    <message>
        <source>The user guide is not installed.</source>
        <translation>Le guide de l&apos;utilisateur n&apos;est pas installé.</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>Bulk jobs: progress, pause, resume, cancel, results (Ctrl+%1)</source>
        <translation>Traitements en masse : progression, pause, reprise, annulation, résultats (Ctrl+%1)</translation>
    </message>
    <message>
        <source>%1 user id %2 is now linked to subject %3; the change is in the audit log.</source>
        <translation>L&apos;identifiant utilisateur %1 %2 est désormais lié au sujet %3 ; la modification figure dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Changer le &amp;mot de passe…</translation>
    </message>
    <message>
        <source>Choose a new password for %1; the change is in the audit log.</source>
        <translation>Choisir un nouveau mot de passe pour %1 ; le changement figure dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>You signed in with a first password, which stops working on %1. Choose your own now.</source>
        <translation>Vous vous êtes connecté avec un premier mot de passe, qui cessera de fonctionner le %1. Choisissez le vôtre dès maintenant.</translation>
    </message>
    <message>
        <source>Your first password stops working on %1.</source>
        <translation>Votre premier mot de passe cessera de fonctionner le %1.</translation>
    </message>
    <message>
        <source>Your password was changed: sign in with the new one.</source>
        <translation>Votre mot de passe a été changé : connectez-vous avec le nouveau.</translation>
    </message>
    <message>
        <source>Your password was changed; the change is in the audit log.</source>
        <translation>Votre mot de passe a été changé ; le changement figure dans le journal d&apos;audit.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Fermer le message</translation>
    </message>
</context>
<context>
    <name>NetworkSettingsDialog</name>
    <message>
        <source>Network — IdentityDesk</source>
        <translation>Réseau — IdentityDesk</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy settings</source>
        <translation>Utiliser les paramètres proxy du système</translation>
    </message>
    <message>
        <source>Manual HTTP proxy</source>
        <translation>Proxy HTTP manuel</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Aucun proxy</translation>
    </message>
    <message>
        <source>kept in %1</source>
        <translation>conservé dans %1</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy :</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Hôte :</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort :</translation>
    </message>
    <message>
        <source>&amp;User (optional):</source>
        <translation>&amp;Utilisateur (facultatif) :</translation>
    </message>
    <message>
        <source>Pass&amp;word (optional):</source>
        <translation>&amp;Mot de passe (facultatif) :</translation>
    </message>
    <message>
        <source>TLS 1.2 or later and certificate verification are always on. Add a private CA or a pinned key in each connection profile.</source>
        <translation>TLS 1.2 ou ultérieur et la vérification des certificats sont toujours activés. Ajoutez une AC privée ou une clé épinglée dans chaque profil de connexion.</translation>
    </message>
    <message>
        <source>The proxy password could not be saved: %1</source>
        <translation>Le mot de passe du proxy n&apos;a pas pu être enregistré : %1</translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message>
        <source>Unknown operator or wrong password.</source>
        <translation>Opérateur inconnu ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>An operator name has 2 to 64 letters, digits or . _ @ -.</source>
        <translation>Un nom d&apos;opérateur comporte de 2 à 64 lettres, chiffres ou . _ @ -.</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>Le mot de passe doit comporter au moins %1 caractères.</translation>
    </message>
    <message>
        <source>The first operator must be a supervisor.</source>
        <translation>Le premier opérateur doit être un superviseur.</translation>
    </message>
    <message>
        <source>Only a signed-in supervisor can add operators.</source>
        <translation>Seul un superviseur connecté peut ajouter des opérateurs.</translation>
    </message>
    <message>
        <source>The password could not be hashed.</source>
        <translation>Le mot de passe n&apos;a pas pu être haché.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for “%1” (%2 within %3 minutes): wait %4 minute(s) and try again, or ask a supervisor.</source>
        <translation>Trop de connexions échouées pour « %1 » (%2 en %3 minutes) : attendez %4 minute(s) et réessayez, ou demandez à un superviseur.</translation>
    </message>
    <message>
        <source>The account “%1” is deactivated: it cannot sign in. Ask a supervisor if it should be reactivated.</source>
        <translation>Le compte « %1 » est désactivé : il ne peut pas se connecter. Demandez à un superviseur s&apos;il doit être réactivé.</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Seuls les superviseurs peuvent désactiver ou réactiver des opérateurs.</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>Un motif est obligatoire.</translation>
    </message>
    <message>
        <source>You cannot deactivate or reactivate your own account: ask another supervisor.</source>
        <translation>Vous ne pouvez pas désactiver ou réactiver votre propre compte : demandez à un autre superviseur.</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>Il n&apos;y a aucun opérateur nommé « %1 ».</translation>
    </message>
    <message>
        <source>“%1” is already active.</source>
        <translation>« %1 » est déjà actif.</translation>
    </message>
    <message>
        <source>“%1” is already deactivated.</source>
        <translation>« %1 » est déjà désactivé.</translation>
    </message>
    <message>
        <source>Only a supervisor can set another operator&apos;s password.</source>
        <translation>Seul un superviseur peut définir le mot de passe d&apos;un autre opérateur.</translation>
    </message>
    <message>
        <source>This connection to the team store is signed in as “%1”, not “%2”: put the operator&apos;s name in the store URL (postgresql://%2@host/db).</source>
        <translation>Cette connexion à la base d&apos;équipe est authentifiée en tant que « %1 » et non « %2 » : indiquez le nom de l&apos;opérateur dans l&apos;URL de la base (postgresql://%2@host/db).</translation>
    </message>
    <message>
        <source>A new supervisor needs a second supervisor&apos;s approval: add %1 as an officer, then run operators set-role %1 supervisor --reason TEXT, which another supervisor approves.</source>
        <translation>Un nouveau superviseur nécessite l&apos;approbation d&apos;un second superviseur : ajoutez %1 avec le rôle officer, puis exécutez operators set-role %1 supervisor --reason TEXT, qu&apos;un autre superviseur approuve.</translation>
    </message>
    <message>
        <source>Unknown operator or wrong password (the team store at %1 refused the sign-in).</source>
        <translation>Opérateur inconnu ou mot de passe incorrect (le stockage d&apos;équipe %1 a refusé la connexion).</translation>
    </message>
    <message>
        <source>The database role “%1” is not an operator of the team store at %2: it is in none of the store&apos;s group roles. Ask the store&apos;s administrator to add it (identitydesk-cli operators add, or admin init --check to list what is missing).</source>
        <translation>Le rôle de base de données « %1 » n&apos;est pas un opérateur du stockage d&apos;équipe %2 : il n&apos;appartient à aucun de ses rôles de groupe. Demandez à l&apos;administrateur du stockage de l&apos;ajouter (identitydesk-cli operators add, ou admin init --check pour lister ce qui manque).</translation>
    </message>
    <message>
        <source>The store at %1 is not a team store whose server checks its operators, so nobody signs in to it as a database role. Put the store&apos;s own credential in its URL, or ask the administrator to run identitydesk-cli admin init.</source>
        <translation>Le stockage %1 n&apos;est pas un stockage d&apos;équipe dont le serveur vérifie les opérateurs : personne ne s&apos;y connecte comme rôle de base de données. Mettez l&apos;identifiant du stockage dans son URL, ou demandez à l&apos;administrateur d&apos;exécuter identitydesk-cli admin init.</translation>
    </message>
    <message>
        <source>the password again (%1) was wrong</source>
        <translation>le mot de passe redemandé (%1) était faux</translation>
    </message>
</context>
<context>
    <name>OperatorsCommand</name>
    <message>
        <source>operators add needs --role officer, supervisor or auditor</source>
        <translation>operators add nécessite --role officer, supervisor ou auditor</translation>
    </message>
    <message>
        <source>Password for the new operator %1: </source>
        <translation>Mot de passe du nouvel opérateur %1 : </translation>
    </message>
    <message>
        <source>Operator %1 added as %2.</source>
        <translation>Opérateur %1 ajouté comme %2.</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTE est obligatoire</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Seuls les superviseurs peuvent désactiver ou réactiver des opérateurs.</translation>
    </message>
    <message>
        <source>Operator %1 reactivated.</source>
        <translation>Opérateur %1 réactivé.</translation>
    </message>
    <message>
        <source>Operator %1 deactivated: they cannot sign in.</source>
        <translation>Opérateur %1 désactivé : il ne peut plus se connecter.</translation>
    </message>
    <message>
        <source>Their requests still waiting for approval: %1 (approvals approve|reject ID).</source>
        <translation>Ses demandes encore en attente d&apos;approbation : %1 (approvals approve|reject ID).</translation>
    </message>
    <message>
        <source>Only a supervisor can set another operator&apos;s password.</source>
        <translation>Seul un superviseur peut définir le mot de passe d&apos;un autre opérateur.</translation>
    </message>
    <message>
        <source>New password for %1: </source>
        <translation>Nouveau mot de passe pour %1 : </translation>
    </message>
    <message>
        <source>The password of %1 was changed.</source>
        <translation>Le mot de passe de %1 a été changé.</translation>
    </message>
    <message>
        <source>usage: operators add NAME --role officer|supervisor|auditor | operators list | operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE --reason TEXT | operators password [NAME]</source>
        <translation>utilisation : operators add NAME --role officer|supervisor|auditor | operators list | operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE --reason TEXT | operators password [NAME]</translation>
    </message>
    <message>
        <source>operators set-role NAME ROLE: ROLE is officer, supervisor or auditor</source>
        <translation>operators set-role NAME ROLE : ROLE vaut officer, supervisor ou auditor</translation>
    </message>
    <message>
        <source>Only supervisors can change an operator&apos;s role.</source>
        <translation>Seuls les superviseurs peuvent modifier le rôle d&apos;un opérateur.</translation>
    </message>
    <message>
        <source>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2: approvals approve %2).</source>
        <translation>La nomination de %1 comme superviseur attend l&apos;approbation d&apos;un second superviseur (action #%2 : approvals approve %2).</translation>
    </message>
    <message>
        <source>%1 is now a %2.</source>
        <translation>%1 a désormais le rôle %2.</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <source>Officer</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Superviseur</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditeur</translation>
    </message>
    <message>
        <source>&amp;Deactivate…</source>
        <translation>&amp;Désactiver…</translation>
    </message>
    <message>
        <source>&amp;Reactivate…</source>
        <translation>&amp;Réactiver…</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Opérateurs</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rôle</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Seuls les superviseurs peuvent désactiver ou réactiver des opérateurs.</translation>
    </message>
    <message>
        <source>Select an operator first.</source>
        <translation>Sélectionnez d&apos;abord un opérateur.</translation>
    </message>
    <message>
        <source>You cannot deactivate or reactivate your own account: ask another supervisor.</source>
        <translation>Vous ne pouvez pas désactiver ou réactiver votre propre compte : demandez à un autre superviseur.</translation>
    </message>
    <message>
        <source>They can no longer sign in; audited with your reason.</source>
        <translation>Il ne pourra plus se connecter ; consigné dans l&apos;audit avec votre motif.</translation>
    </message>
    <message>
        <source>They can sign in again; audited with your reason.</source>
        <translation>Il pourra de nouveau se connecter ; consigné dans l&apos;audit avec votre motif.</translation>
    </message>
    <message>
        <source>Reactivate operator</source>
        <translation>Réactiver l&apos;opérateur</translation>
    </message>
    <message>
        <source>Deactivate operator</source>
        <translation>Désactiver l&apos;opérateur</translation>
    </message>
    <message>
        <source>Reactivate &lt;b&gt;%1&lt;/b&gt;? They can sign in again.</source>
        <translation>Réactiver &lt;b&gt;%1&lt;/b&gt; ? Il pourra de nouveau se connecter.</translation>
    </message>
    <message>
        <source>Deactivate &lt;b&gt;%1&lt;/b&gt;? They can no longer sign in. Their requests that wait for approval stay in Approvals for a supervisor to decide.</source>
        <translation>Désactiver &lt;b&gt;%1&lt;/b&gt; ? Il ne pourra plus se connecter. Ses demandes en attente d&apos;approbation restent dans Approbations, pour qu&apos;un superviseur en décide.</translation>
    </message>
    <message>
        <source>&amp;Reason (kept in the audit log):</source>
        <translation>&amp;Motif (conservé dans le journal d&apos;audit) :</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Réactiver</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <source>%1 was reactivated; the change is in the audit log.</source>
        <translation>%1 a été réactivé ; la modification figure dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>%1 was deactivated and can no longer sign in; the change is in the audit log.</source>
        <translation>%1 a été désactivé et ne peut plus se connecter ; la modification figure dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>Changer le r&amp;ôle…</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>Nouveau rôle</translation>
    </message>
    <message>
        <source>Reactivate the account first.</source>
        <translation>Réactivez d&apos;abord le compte.</translation>
    </message>
    <message>
        <source>Audited with your reason; making a supervisor waits for a second supervisor&apos;s approval in Approvals.</source>
        <translation>Journalisé avec votre motif ; nommer un superviseur attend l&apos;approbation d&apos;un second superviseur dans Approbations.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Changer le rôle</translation>
    </message>
    <message>
        <source>Make &lt;b&gt;%1&lt;/b&gt; a %2?</source>
        <translation>Donner à &lt;b&gt;%1&lt;/b&gt; le rôle %2 ?</translation>
    </message>
    <message>
        <source>A second supervisor must approve it in Approvals before it takes effect.</source>
        <translation>Un second superviseur doit l&apos;approuver dans Approbations avant qu&apos;il prenne effet.</translation>
    </message>
    <message>
        <source>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2 in Approvals).</source>
        <translation>Nommer %1 superviseur attend l&apos;approbation d&apos;un second superviseur (action n° %2 dans Approbations).</translation>
    </message>
    <message>
        <source>%1 is now a %2; the change is in the audit log.</source>
        <translation>%1 a désormais le rôle %2 ; le changement figure dans le journal d&apos;audit.</translation>
    </message>
</context>
<context>
    <name>OutcomeRules</name>
    <message>
        <source>%1 — the request may have been processed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</source>
        <translation>%1 — la requête a peut-être été traitée. Elle est listée dans Non résolus : vérifiez l&apos;état de l&apos;utilisateur et résolvez-la ; elle ne sera pas renvoyée automatiquement.</translation>
    </message>
    <message>
        <source>%1 — the provider accepted the request (HTTP %2) but its answer could not be read, so the result is not confirmed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</source>
        <translation>%1 — le fournisseur a accepté la requête (HTTP %2) mais sa réponse n&apos;a pas pu être lue, le résultat n&apos;est donc pas confirmé. Elle est listée dans Non résolus : vérifiez l&apos;état de l&apos;utilisateur et résolvez-la ; elle ne sera pas renvoyée automatiquement.</translation>
    </message>
    <message>
        <source>%1 — the connection was lost after the request was sent, so it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</source>
        <translation>%1 — la connexion a été perdue après l&apos;envoi de la requête ; elle a donc peut-être été traitée. Elle figure dans Non résolus ; elle ne sera pas renvoyée automatiquement.</translation>
    </message>
</context>
<context>
    <name>PasswordChange</name>
    <message numerus="yes">
        <source>The new password needs at least %n characters.</source>
        <translation>
            <numerusform>Le nouveau mot de passe doit comporter au moins %n caractère.</numerusform>
            <numerusform>Le nouveau mot de passe doit comporter au moins %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>The new password is the current one: choose another.</source>
        <translation>Le nouveau mot de passe est l&apos;actuel : choisissez-en un autre.</translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <source>A password hash needs between %1 and %2 iterations, not %3.</source>
        <translation>Un hachage de mot de passe nécessite entre %1 et %2 itérations, pas %3.</translation>
    </message>
    <message>
        <source>The system&apos;s random number generator is not available, so no password can be stored. Try again.</source>
        <translation>Le générateur de nombres aléatoires du système n&apos;est pas disponible, aucun mot de passe ne peut donc être enregistré. Réessayez.</translation>
    </message>
    <message>
        <source>OpenSSL could not compute the password hash (PBKDF2). Check the OpenSSL installation.</source>
        <translation>OpenSSL n&apos;a pas pu calculer le hachage du mot de passe (PBKDF2). Vérifiez l&apos;installation d&apos;OpenSSL.</translation>
    </message>
</context>
<context>
    <name>PendingResetsModel</name>
    <message>
        <source>%1 (user id %2)</source>
        <translation>%1 (identifiant utilisateur %2)</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Demande</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>waiting %1 d</source>
        <extracomment>How long a request has waited; &quot;d&quot; is days.</extracomment>
        <translation>en attente depuis %1 j</translation>
    </message>
    <message>
        <source>waiting %1 h</source>
        <extracomment>&quot;h&quot; is hours.</extracomment>
        <translation>en attente depuis %1 h</translation>
    </message>
    <message>
        <source>waiting %1 min</source>
        <translation>en attente depuis %1 min</translation>
    </message>
    <message>
        <source>waiting &lt; 1 min</source>
        <translation>en attente depuis &lt; 1 min</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
</context>
<context>
    <name>PendingResetsView</name>
    <message>
        <source>Refresh &amp;now</source>
        <translation>Actualiser &amp;maintenant</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Approuver…</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>&amp;Décliner…</translation>
    </message>
    <message>
        <source>Reset &amp;identification…</source>
        <translation>Réinitialiser l&apos;&amp;identification…</translation>
    </message>
    <message>
        <source>Open &amp;user</source>
        <translation>Ouvrir l&apos;&amp;utilisateur</translation>
    </message>
    <message>
        <source>SDK.Finance reset-identification requests</source>
        <translation>Demandes de réinitialisation d&apos;identification SDK.Finance</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>Statut des demandes</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvée</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Déclinée</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Statut :</translation>
    </message>
    <message>
        <source>Refresh interval in seconds</source>
        <translation>Intervalle d&apos;actualisation en secondes</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <source>Asks SDK.Finance again this often; the selection and scroll position stay. 0 turns it off.</source>
        <translation>Interroge SDK.Finance à cet intervalle ; la sélection et la position de défilement sont conservées. 0 désactive.</translation>
    </message>
    <message>
        <source>Refresh &amp;every:</source>
        <translation>Actualiser &amp;toutes les :</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>Actualiser maintenant</translation>
    </message>
    <message>
        <source>Status of the list</source>
        <translation>État de la liste</translation>
    </message>
    <message>
        <source>Reset-identification requests</source>
        <translation>Demandes de réinitialisation d&apos;identification</translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation>Approuver la demande</translation>
    </message>
    <message>
        <source>Decline the request</source>
        <translation>Décliner la demande</translation>
    </message>
    <message>
        <source>Reset identification of the request&apos;s user</source>
        <translation>Réinitialiser l&apos;identification de l&apos;utilisateur de la demande</translation>
    </message>
    <message>
        <source>Open the request&apos;s user</source>
        <translation>Ouvrir l&apos;utilisateur de la demande</translation>
    </message>
    <message>
        <source>Searches the Users tab for this user (also: double-click a row).</source>
        <translation>Recherche cet utilisateur dans l&apos;onglet Utilisateurs (aussi : double-clic sur une ligne).</translation>
    </message>
    <message>
        <source>Why SDK.Finance actions are not available</source>
        <translation>Pourquoi les actions SDK.Finance ne sont pas disponibles</translation>
    </message>
    <message>
        <source>Result of the last decision</source>
        <translation>Résultat de la dernière décision</translation>
    </message>
    <message>
        <source>The connection profile has no &apos;sdkfinance&apos; section.</source>
        <translation>Le profil de connexion n&apos;a pas de section &apos;sdkfinance&apos;.</translation>
    </message>
    <message>
        <source>Loading requests from SDK.Finance…</source>
        <translation>Chargement des demandes depuis SDK.Finance…</translation>
    </message>
    <message>
        <source>%1 requests, %2 shown. Updated %3.</source>
        <translation>%1 demandes, %2 affichées. Mis à jour à %3.</translation>
    </message>
    <message>
        <source>No requests with this status.</source>
        <translation>Aucune demande avec ce statut.</translation>
    </message>
    <message>
        <source>Could not read the requests: %1</source>
        <translation>Impossible de lire les demandes : %1</translation>
    </message>
    <message>
        <source>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</source>
        <translation>Non connecté à SDK.Finance : ouvrez un profil de connexion avec une section &apos;sdkfinance&apos;.</translation>
    </message>
    <message>
        <source>Wait until the current decision has been handled.</source>
        <translation>Attendez que la décision en cours soit traitée.</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Sélectionnez d&apos;abord une demande.</translation>
    </message>
    <message>
        <source>Approves the user&apos;s request; you give a reason.</source>
        <translation>Approuve la demande de l&apos;utilisateur ; vous indiquez un motif.</translation>
    </message>
    <message>
        <source>Declines the user&apos;s request; you give a reason.</source>
        <translation>Décline la demande de l&apos;utilisateur ; vous indiquez un motif.</translation>
    </message>
    <message>
        <source>Chooses the profile fields the user must submit again, for user %1.</source>
        <translation>Choisit les champs du profil que l&apos;utilisateur doit soumettre à nouveau, pour l&apos;utilisateur %1.</translation>
    </message>
    <message>
        <source>Sending to SDK.Finance…</source>
        <translation>Envoi à SDK.Finance…</translation>
    </message>
    <message>
        <source>Request %1 is already %2: only a pending request can be approved or declined.</source>
        <translation>La demande %1 est déjà %2 : seule une demande en attente peut être approuvée ou refusée.</translation>
    </message>
    <message>
        <source>Filter the requests</source>
        <translation>Filtrer les demandes</translation>
    </message>
    <message>
        <source>Filter by name, comment or id</source>
        <translation>Filtrer par nom, commentaire ou identifiant</translation>
    </message>
    <message>
        <source>Shows only the loaded requests whose person, comment or id contains the text.</source>
        <translation>Affiche uniquement les demandes chargées dont la personne, le commentaire ou l&apos;identifiant contient le texte.</translation>
    </message>
    <message>
        <source>APPROVE the reset request of %1</source>
        <translation>APPROUVER la demande de réinitialisation de %1</translation>
    </message>
    <message>
        <source>DECLINE the reset request of %1</source>
        <translation>REFUSER la demande de réinitialisation de %1</translation>
    </message>
    <message>
        <source>Approve: the person identifies anew</source>
        <translation>Approuver : la personne s&apos;identifie de nouveau</translation>
    </message>
    <message>
        <source>Decline: nothing changes for the person</source>
        <translation>Refuser : rien ne change pour la personne</translation>
    </message>
    <message>
        <source>&amp;Approve the reset</source>
        <translation>&amp;Approuver la réinitialisation</translation>
    </message>
    <message>
        <source>&amp;Decline the request</source>
        <translation>&amp;Refuser la demande</translation>
    </message>
    <message>
        <source>Pending resets (%1)</source>
        <translation>Réinitialisations en attente (%1)</translation>
    </message>
    <message>
        <source>&amp;Pending resets</source>
        <translation>Réinitialisations en a&amp;ttente</translation>
    </message>
    <message>
        <source>SDK.Finance reset-identification requests (%1)</source>
        <translation>Demandes de réinitialisation d&apos;identification SDK.Finance (%1)</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>Smile ID: allow re-enrollment</source>
        <translation>Smile ID : autoriser un nouvel enrôlement</translation>
    </message>
    <message>
        <source>Smile ID: deactivate / reactivate</source>
        <translation>Smile ID : désactiver / réactiver</translation>
    </message>
    <message>
        <source>Smile ID: mark / clear fraud</source>
        <translation>Smile ID : signaler / lever la fraude</translation>
    </message>
    <message>
        <source>Smile ID: delete (permanent block)</source>
        <translation>Smile ID : supprimer (blocage définitif)</translation>
    </message>
    <message>
        <source>SDK.Finance: reset identification</source>
        <translation>SDK.Finance : réinitialiser l&apos;identification</translation>
    </message>
    <message>
        <source>SDK.Finance: approve a reset request</source>
        <translation>SDK.Finance : approuver une demande de réinitialisation</translation>
    </message>
    <message>
        <source>SDK.Finance: decline a reset request</source>
        <translation>SDK.Finance : décliner une demande de réinitialisation</translation>
    </message>
    <message>
        <source>Trust Swiftly: assign re-verification</source>
        <translation>Trust Swiftly : assigner une re-vérification</translation>
    </message>
    <message>
        <source>SmartID: reset biometric enrollment</source>
        <translation>SmartID : réinitialiser l&apos;enrôlement biométrique</translation>
    </message>
    <message>
        <source>Any bulk job</source>
        <translation>Toute tâche groupée</translation>
    </message>
    <message>
        <source>Lock a console after it has been idle for</source>
        <translation>Verrouiller une console après une inactivité de</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message>
        <source>A request waiting for approval expires after</source>
        <translation>Une demande en attente d&apos;approbation expire après</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>heures</translation>
    </message>
    <message>
        <source>The console signs an audit checkpoint every</source>
        <translation>La console signe un point de contrôle d&apos;audit toutes les</translation>
    </message>
    <message>
        <source>entries</source>
        <translation>entrées</translation>
    </message>
    <message>
        <source>Failed sign-ins of one name before it must wait</source>
        <translation>Échecs de connexion d&apos;un même nom avant attente obligatoire</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>échecs</translation>
    </message>
    <message>
        <source>Window and wait after too many failed sign-ins</source>
        <translation>Fenêtre et attente après trop d&apos;échecs de connexion</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>Approval policy — IdentityDesk</source>
        <translation>Politique d&apos;approbation — IdentityDesk</translation>
    </message>
    <message>
        <source>Needs approval</source>
        <translation>Approbation requise</translation>
    </message>
    <message>
        <source>Rule “%1”</source>
        <translation>Règle « %1 »</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>The policy could not be read: %1</source>
        <translation>La politique n&apos;a pas pu être lue : %1</translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Rien n&apos;a encore changé.</translation>
    </message>
    <message>
        <source>Approving or declining a user&apos;s request is itself the approval: it never waits for a second one.</source>
        <translation>Approuver ou refuser la demande d&apos;un utilisateur est en soi l&apos;approbation : elle n&apos;en attend jamais une seconde.</translation>
    </message>
    <message>
        <source>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). A change of the policy needs a reason and takes effect only when a second supervisor approves it in Approvals; request and approval are both in the audit log.</source>
        <translation>Une action cochée nécessite l&apos;approbation d&apos;un superviseur avant d&apos;être envoyée, et ce superviseur ne doit pas être celui qui l&apos;a demandée (règle des quatre yeux). Une modification de la politique nécessite un motif et ne prend effet que lorsqu&apos;un second superviseur l&apos;approuve dans Approbations ; la demande et l&apos;approbation figurent toutes deux dans le journal d&apos;audit.</translation>
    </message>
    <message>
        <source>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). You can read the policy; only supervisors can request a change.</source>
        <translation>Une action cochée nécessite l&apos;approbation d&apos;un superviseur avant d&apos;être envoyée, et ce superviseur ne doit pas être celui qui l&apos;a demandée (règle des quatre yeux). Vous pouvez consulter la politique ; seuls les superviseurs peuvent demander une modification.</translation>
    </message>
    <message>
        <source>Only supervisors can request a change of the policy.</source>
        <translation>Seuls les superviseurs peuvent demander une modification de la politique.</translation>
    </message>
    <message>
        <source>Times and thresholds</source>
        <translation>Délais et seuils</translation>
    </message>
    <message>
        <source>&amp;Reason for the change:</source>
        <translation>&amp;Motif de la modification :</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>Motif de la modification</translation>
    </message>
    <message>
        <source>Why the rules should change (required)</source>
        <translation>Pourquoi les règles doivent changer (obligatoire)</translation>
    </message>
    <message>
        <source>Request change</source>
        <translation>Demander la modification</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>The changes waiting for approval could not be read: %1</source>
        <translation>Les modifications en attente d&apos;approbation n&apos;ont pas pu être lues : %1</translation>
    </message>
    <message>
        <source>#%1 by %2: %3</source>
        <translation>#%1 par %2 : %3</translation>
    </message>
    <message>
        <source>Waiting for a second supervisor in Approvals:</source>
        <translation>En attente d&apos;un second superviseur dans Approbations :</translation>
    </message>
    <message>
        <source>Give a reason for the change.</source>
        <translation>Indiquez un motif pour la modification.</translation>
    </message>
    <message>
        <source>The change was not requested: %1</source>
        <translation>La modification n&apos;a pas été demandée : %1</translation>
    </message>
</context>
<context>
    <name>PresenceDialog</name>
    <message>
        <source>Console locked — IdentityDesk</source>
        <translation>Console verrouillée — IdentityDesk</translation>
    </message>
    <message>
        <source>Confirm it is you — IdentityDesk</source>
        <translation>Confirmez votre identité — IdentityDesk</translation>
    </message>
    <message>
        <source>&amp;Password of %1:</source>
        <translation>&amp;Mot de passe de %1 :</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Déverrouiller</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>&amp;Confirmer</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
</context>
<context>
    <name>ProductionBanner</name>
    <message>
        <source>PRODUCTION — profile “%1”. Every action here changes real people&apos;s records at the provider.</source>
        <translation>PRODUCTION — profil « %1 ». Chaque action ici modifie les dossiers de personnes réelles chez le fournisseur.</translation>
    </message>
</context>
<context>
    <name>ProfileExchange</name>
    <message>
        <source>The file is not a profile export: not valid JSON at offset %1 (%2).</source>
        <translation>Le fichier n&apos;est pas un export de profils : JSON non valide à la position %1 (%2).</translation>
    </message>
    <message>
        <source>The file holds no profile.</source>
        <translation>Le fichier ne contient aucun profil.</translation>
    </message>
    <message>
        <source>The file holds secrets for profile “%1” (%2). They were NOT imported: secrets belong in the keychain. Type them in the profile editor, and delete or protect the file.</source>
        <translation>Le fichier contient des secrets pour le profil « %1 » (%2). Ils n&apos;ont PAS été importés : les secrets doivent être dans le trousseau. Saisissez-les dans l&apos;éditeur de profils, puis supprimez ou protégez le fichier.</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>sans nom</translation>
    </message>
    <message>
        <source>Profile “%1”, field &apos;%2&apos;: %3</source>
        <translation>Profil « %1 », champ « %2 » : %3</translation>
    </message>
    <message>
        <source>Profile “%1” configures no provider.</source>
        <translation>Le profil « %1 » ne configure aucun fournisseur.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>Cannot make %1 private (mode 0600).</source>
        <translation>Impossible de rendre %1 privé (mode 0600).</translation>
    </message>
</context>
<context>
    <name>ProfileFingerprint</name>
    <message>
        <source>profile “%1” (%2)</source>
        <translation>profil « %1 » (%2)</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>&amp;Portal URL:</source>
        <translation>URL du &amp;portail :</translation>
    </message>
    <message>
        <source>&amp;API URL:</source>
        <translation>URL de l&apos;&amp;API :</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>URL de &amp;base :</translation>
    </message>
    <message>
        <source>Pa&amp;rtner id:</source>
        <translation>Identifiant pa&amp;rtenaire :</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail :</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Identifiant :</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>&amp;Clé d&apos;API :</translation>
    </message>
    <message>
        <source>Pinned &amp;key (optional):</source>
        <translation>Clé épin&amp;glée (facultative) :</translation>
    </message>
    <message>
        <source>Extra &amp;CA file (optional):</source>
        <translation>&amp;Fichier d&apos;AC supplémentaire (facultatif) :</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>Profile sections</source>
        <translation>Sections du profil</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>kept in the keychain, never in a settings file</source>
        <translation>conservé dans le trousseau, jamais dans un fichier de paramètres</translation>
    </message>
    <message>
        <source>e.g. Acme production</source>
        <translation>p. ex. Acme production</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Production</translation>
    </message>
    <message>
        <source>En&amp;vironment:</source>
        <translation>En&amp;vironnement :</translation>
    </message>
    <message>
        <source>PEM file of a private CA, e.g. the sandbox&apos;s</source>
        <translation>Fichier PEM d&apos;une AC privée, p. ex. celle du bac à sable</translation>
    </message>
    <message>
        <source>A production profile shows a red banner and asks for confirmation before any action is sent. API keys and passwords are kept in the system keychain.</source>
        <translation>Un profil de production affiche un bandeau rouge et demande une confirmation avant l&apos;envoi de toute action. Les clés d&apos;API et les mots de passe sont conservés dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Use %1 in this profile</source>
        <translation>Utiliser %1 dans ce profil</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Utiliser %1</translation>
    </message>
    <message>
        <source>base64 SHA-256 of the server&apos;s public key</source>
        <translation>SHA-256 en base64 de la clé publique du serveur</translation>
    </message>
    <message>
        <source>test</source>
        <translation>test</translation>
    </message>
    <message>
        <source>production</source>
        <translation>production</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <source>Test the %1 connection</source>
        <translation>Tester la connexion %1</translation>
    </message>
    <message>
        <source>Use at least one provider.</source>
        <translation>Utilisez au moins un fournisseur.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Test en cours…</translation>
    </message>
    <message>
        <source>e.g. https://portal.smileidentity.com or https://prod…</source>
        <translation>p. ex. https://portal.smileidentity.com ou https://prod…</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>p. ex. %1</translation>
    </message>
    <message>
        <source>e.g. https://your-sub-domain.trustswiftly.com</source>
        <translation>p. ex. https://votre-sous-domaine.trustswiftly.com</translation>
    </message>
    <message>
        <source>https://… as your provider gave it</source>
        <translation>https://… tel que votre fournisseur l’a donné</translation>
    </message>
    <message>
        <source>e.g. https://testapi.smileidentity.com or https://api…</source>
        <translation>p. ex. https://testapi.smileidentity.com ou https://api…</translation>
    </message>
    <message>
        <source>%1 environment</source>
        <translation>Environnement %1</translation>
    </message>
    <message>
        <source>%1 en&amp;vironment:</source>
        <translation>En&amp;vironnement %1 :</translation>
    </message>
</context>
<context>
    <name>ProfileRepository</name>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>The secrets could not be saved (%1).</source>
        <translation>Les secrets n&apos;ont pas pu être enregistrés (%1).</translation>
    </message>
    <message>
        <source>There is no stored profile %1.</source>
        <translation>Il n&apos;existe aucun profil enregistré %1.</translation>
    </message>
    <message>
        <source>The secrets of profile “%1” could not be read (%2).</source>
        <translation>Les secrets du profil « %1 » n&apos;ont pas pu être lus (%2).</translation>
    </message>
    <message>
        <source>Profile “%1”: the CA file %2 cannot be read (%3).</source>
        <translation>Profil « %1 » : le fichier d&apos;AC %2 ne peut pas être lu (%3).</translation>
    </message>
    <message>
        <source>Profile “%1”: the CA file %2 holds no PEM certificate.</source>
        <translation>Profil « %1 » : le fichier d&apos;AC %2 ne contient aucun certificat PEM.</translation>
    </message>
</context>
<context>
    <name>ProfileSchema</name>
    <message>
        <source>Choose at least one profile field the user must submit again.</source>
        <translation>Choisissez au moins un champ du profil que l&apos;utilisateur doit soumettre à nouveau.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a group of fields, not a field: choose its fields instead (%2).</source>
        <translation>« %1 » est un groupe de champs, pas un champ : choisissez plutôt ses champs (%2).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a system field of the profile and cannot be asked for.</source>
        <translation>« %1 » est un champ système du profil et ne peut pas être demandé.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a field of the SDK.Finance profile (a field is the dotted path of a leaf, e.g. person.namePlain.first or address.country).</source>
        <translation>« %1 » n&apos;est pas un champ du profil SDK.Finance (un champ est le chemin pointé d&apos;une feuille, p. ex. person.namePlain.first ou address.country).</translation>
    </message>
    <message>
        <source>Identity document fields</source>
        <translation>Champs de la pièce d&apos;identité</translation>
    </message>
    <message>
        <source>The names as an identity document shows them, in the local script and in Latin letters.</source>
        <translation>Les noms tels que la pièce d&apos;identité les indique, dans l&apos;écriture locale et en lettres latines.</translation>
    </message>
    <message>
        <source>Address only</source>
        <translation>Adresse uniquement</translation>
    </message>
    <message>
        <source>Every field of the postal address.</source>
        <translation>Tous les champs de l&apos;adresse postale.</translation>
    </message>
    <message>
        <source>Everything personal</source>
        <translation>Toutes les données personnelles</translation>
    </message>
    <message>
        <source>Every field of the person, contact and address sections.</source>
        <translation>Tous les champs des sections personne, contact et adresse.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Personne</translation>
    </message>
    <message>
        <source>Name (as written)</source>
        <translation>Nom (tel qu&apos;écrit)</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Prénom</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Nom de famille</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Deuxième prénom</translation>
    </message>
    <message>
        <source>Name (Latin letters)</source>
        <translation>Nom (lettres latines)</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Contact id</source>
        <translation>Identifiant du contact</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>Surnom</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Numéro de téléphone</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Social media accounts</source>
        <translation>Comptes de réseaux sociaux</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Numéro de compte</translation>
    </message>
    <message>
        <source>SWIFT / BIC</source>
        <translation>SWIFT / BIC</translation>
    </message>
    <message>
        <source>Owner id</source>
        <translation>Identifiant du titulaire</translation>
    </message>
    <message>
        <source>Linked user id</source>
        <translation>Identifiant de l&apos;utilisateur lié</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Entreprise</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Nom de l&apos;entreprise</translation>
    </message>
    <message>
        <source>Legal form</source>
        <translation>Forme juridique</translation>
    </message>
    <message>
        <source>Business type</source>
        <translation>Type d&apos;entreprise</translation>
    </message>
    <message>
        <source>VAT number</source>
        <translation>Numéro de TVA</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>ZIP code</source>
        <translation>Code postal (ZIP)</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Rue</translation>
    </message>
    <message>
        <source>House number</source>
        <translation>Numéro de rue</translation>
    </message>
    <message>
        <source>Additional data</source>
        <translation>Données supplémentaires</translation>
    </message>
</context>
<context>
    <name>ProfileSectionBox</name>
    <message>
        <source>%1 details</source>
        <translation>Détails %1</translation>
    </message>
    <message>
        <source>%1 list</source>
        <translation>Liste %1</translation>
    </message>
    <message>
        <source>⟳ Loading…</source>
        <translation>⟳ Chargement…</translation>
    </message>
</context>
<context>
    <name>ProfileStoreBinding</name>
    <message>
        <source>The production profile “%1” is bound to the store %2, where it was first used; this store (%3) is %4. A production profile works with one store only: open it with that store, or ask an administrator.</source>
        <translation>Le profil de production « %1 » est lié au stockage %2, où il a été utilisé pour la première fois ; ce stockage (%3) est %4. Un profil de production ne fonctionne qu&apos;avec un seul stockage : ouvrez-le avec ce stockage, ou demandez à un administrateur.</translation>
    </message>
</context>
<context>
    <name>ProfileValidator</name>
    <message>
        <source>Required: the provider&apos;s https:// address.</source>
        <translation>Obligatoire : l&apos;adresse https:// du fournisseur.</translation>
    </message>
    <message>
        <source>Remove the spaces around the address.</source>
        <translation>Supprimez les espaces autour de l&apos;adresse.</translation>
    </message>
    <message>
        <source>Must start with https:// (TLS is always on).</source>
        <translation>Doit commencer par https:// (TLS est toujours activé).</translation>
    </message>
    <message>
        <source>Not a valid address: expected https://host[:port][/prefix].</source>
        <translation>Adresse non valide : format attendu https://hôte[:port][/préfixe].</translation>
    </message>
    <message>
        <source>Must not carry a query (?…) or fragment (#…).</source>
        <translation>Ne doit pas contenir de requête (?…) ni de fragment (#…).</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Obligatoire.</translation>
    </message>
    <message>
        <source>Required: the partner id from the Smile ID portal, exactly as shown (e.g. 0042).</source>
        <translation>Obligatoire : l&apos;identifiant partenaire du portail Smile ID, exactement tel qu&apos;affiché (p. ex. 0042).</translation>
    </message>
    <message>
        <source>Remove the spaces: the partner id is sent exactly as typed.</source>
        <translation>Supprimez les espaces : l&apos;identifiant partenaire est envoyé exactement tel que saisi.</translation>
    </message>
    <message>
        <source>Choose test or production.</source>
        <translation>Choisissez test ou production.</translation>
    </message>
    <message>
        <source>A pin is the base64 SHA-256 of the server&apos;s public key (44 characters ending in &apos;=&apos;).</source>
        <translation>Une clé épinglée est le SHA-256 en base64 de la clé publique du serveur (44 caractères se terminant par « = »).</translation>
    </message>
</context>
<context>
    <name>ProfilesController</name>
    <message>
        <source>No keychain available</source>
        <translation>Aucun trousseau disponible</translation>
    </message>
    <message>
        <source>IdentityDesk keeps API keys and passwords in the system keychain, but none is available: %1</source>
        <translation>IdentityDesk conserve les clés d&apos;API et les mots de passe dans le trousseau du système, mais aucun n&apos;est disponible : %1</translation>
    </message>
    <message>
        <source>Secrets are never written to a settings file. You can keep them in memory for this session only: you will have to type them again next time.</source>
        <translation>Les secrets ne sont jamais écrits dans un fichier de paramètres. Vous pouvez les garder en mémoire pour cette session uniquement : vous devrez les saisir à nouveau la prochaine fois.</translation>
    </message>
    <message>
        <source>&amp;Keep secrets only for this session</source>
        <translation>&amp;Garder les secrets pour cette session uniquement</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t keep secrets</source>
        <translation>&amp;Ne pas garder les secrets</translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation>&amp;Profils</translation>
    </message>
    <message>
        <source>&amp;Edit profiles…</source>
        <translation>&amp;Modifier les profils…</translation>
    </message>
    <message>
        <source>%1  [PRODUCTION]</source>
        <translation>%1  [PRODUCTION]</translation>
    </message>
    <message>
        <source>Profiles are edited outside demo mode: the demo&apos;s operators have a published password.</source>
        <translation>Les profils se modifient hors du mode démonstration : les opérateurs de la démo ont un mot de passe publié.</translation>
    </message>
    <message numerus="yes">
        <source>%n production profile(s) not shown in demo mode</source>
        <translation>
            <numerusform>%n profil(s) de production non affiché(s) en mode démonstration</numerusform>
            <numerusform>%n profil(s) de production non affiché(s) en mode démonstration</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo mode never opens a production profile (“%1”): the demo&apos;s operators have a published password. Start IdentityDesk without --demo.</source>
        <translation>Le mode démonstration n&apos;ouvre jamais un profil de production (« %1 ») : les opérateurs de la démo ont un mot de passe publié. Lancez IdentityDesk sans --demo.</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Connection profiles — IdentityDesk</source>
        <translation>Profils de connexion — IdentityDesk</translation>
    </message>
    <message>
        <source>Connection profiles</source>
        <translation>Profils de connexion</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nouveau</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>Read profiles from a JSON export. Secrets in the file are not imported.</source>
        <translation>Lire des profils depuis un export JSON. Les secrets présents dans le fichier ne sont pas importés.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <source>Write every profile to a JSON file, without any secret.</source>
        <translation>Écrire tous les profils dans un fichier JSON, sans aucun secret.</translation>
    </message>
    <message>
        <source>Export &amp;CLI profile…</source>
        <translation>Exporter le profil &amp;CLI…</translation>
    </message>
    <message>
        <source>Write the selected profile with its secrets for identitydesk-cli (mode 0600).</source>
        <translation>Écrire le profil sélectionné avec ses secrets pour identitydesk-cli (mode 0600).</translation>
    </message>
    <message>
        <source>Net&amp;work…</source>
        <translation>&amp;Réseau…</translation>
    </message>
    <message>
        <source>Proxy settings (the system&apos;s by default).</source>
        <translation>Paramètres du proxy (ceux du système par défaut).</translation>
    </message>
    <message>
        <source>Secrets are kept in %1.</source>
        <translation>Les secrets sont conservés dans %1.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>Importer des profils</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>Profils (*.json)</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>Exporter les profils</translation>
    </message>
    <message>
        <source>%1  [PRODUCTION]</source>
        <translation>%1  [PRODUCTION]</translation>
    </message>
    <message>
        <source>The secrets could not be read: %1</source>
        <translation>Les secrets n&apos;ont pas pu être lus : %1</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Supprimer le profil</translation>
    </message>
    <message>
        <source>Delete the profile “%1” and its secrets in the keychain?</source>
        <translation>Supprimer le profil « %1 » et ses secrets dans le trousseau ?</translation>
    </message>
    <message>
        <source>Save the profile; secrets go to the keychain.</source>
        <translation>Enregistrer le profil ; les secrets vont dans le trousseau.</translation>
    </message>
    <message>
        <source>Fix first: %1</source>
        <translation>Corrigez d&apos;abord : %1</translation>
    </message>
    <message>
        <source>Not saved: %1 — %2</source>
        <translation>Non enregistré : %1 — %2</translation>
    </message>
    <message>
        <source>Saved “%1”. Secrets are kept in %2.</source>
        <translation>« %1 » enregistré. Les secrets sont conservés dans %2.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>Nothing was imported. %1</source>
        <translation>Rien n&apos;a été importé. %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s) from %1.</source>
        <translation>
            <numerusform>%n profil importé depuis %1.</numerusform>
            <numerusform>%n profils importés depuis %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <source>Exported the profiles to %1 (without secrets).</source>
        <translation>Profils exportés vers %1 (sans secrets).</translation>
    </message>
    <message>
        <source>Fix the profile first: %1</source>
        <translation>Corrigez d&apos;abord le profil : %1</translation>
    </message>
    <message>
        <source>Export CLI profile</source>
        <translation>Exporter le profil CLI</translation>
    </message>
    <message>
        <source>The CLI profile file holds this profile&apos;s API keys and passwords in plain text (readable by your user only, mode 0600). Anyone who can read it can act on the providers as you. Write it?</source>
        <translation>Le fichier de profil CLI contient les clés d&apos;API et les mots de passe de ce profil en clair (lisible uniquement par votre utilisateur, mode 0600). Toute personne pouvant le lire peut agir auprès des fournisseurs en votre nom. L&apos;écrire ?</translation>
    </message>
    <message>
        <source>Write the file with secrets</source>
        <translation>Écrire le fichier avec les secrets</translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation>Profil (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1 (mode 0600).</source>
        <translation>%1 écrit (mode 0600).</translation>
    </message>
</context>
<context>
    <name>ProviderIdField</name>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>Read-only; select it to copy the id.</source>
        <translation>Lecture seule ; sélectionnez-le pour copier l&apos;identifiant.</translation>
    </message>
</context>
<context>
    <name>ProviderModule</name>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 pour %2</translation>
    </message>
</context>
<context>
    <name>ProxySettings</name>
    <message>
        <source>Type the proxy&apos;s host name.</source>
        <translation>Saisissez le nom d&apos;hôte du proxy.</translation>
    </message>
    <message>
        <source>The proxy port must be between 1 and 65535.</source>
        <translation>Le port du proxy doit être compris entre 1 et 65535.</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Confirm on PRODUCTION</source>
        <translation>Confirmer en PRODUCTION</translation>
    </message>
    <message>
        <source>&lt;b&gt;This is the PRODUCTION environment&lt;/b&gt; (profile “%1”).</source>
        <translation>&lt;b&gt;Ceci est l&apos;environnement de PRODUCTION&lt;/b&gt; (profil « %1 »).</translation>
    </message>
    <message>
        <source>%1

It acts on a real person&apos;s record. Submit it on production?</source>
        <translation>%1

Cela agit sur le dossier d&apos;une personne réelle. La soumettre en production ?</translation>
    </message>
    <message>
        <source>Submit on &amp;PRODUCTION</source>
        <translation>Soumettre en &amp;PRODUCTION</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Operator console for identity-verification providers.</source>
        <translation>Console d&apos;opérateur pour les fournisseurs de vérification d&apos;identité.</translation>
    </message>
    <message>
        <source>Start the bundled sandbox and connect to it, with a throwaway store and demo operators.</source>
        <translation>Démarrer le bac à sable fourni et s&apos;y connecter, avec un stockage jetable et des opérateurs de démonstration.</translation>
    </message>
    <message>
        <source>Connection profile file.</source>
        <translation>Fichier de profil de connexion.</translation>
    </message>
    <message>
        <source>Store URL: sqlite:PATH or postgresql://… (default: %1).</source>
        <translation>URL du stockage : sqlite:CHEMIN ou postgresql://… (par défaut : %1).</translation>
    </message>
    <message>
        <source>Population of the demo sandbox (default 100000).</source>
        <translation>Population du bac à sable de démonstration (100000 par défaut).</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motif :</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obligatoire</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Facultatif</translation>
    </message>
    <message>
        <source>Type a reason first.</source>
        <translation>Saisissez d&apos;abord un motif.</translation>
    </message>
</context>
<context>
    <name>ResetFieldsEditor</name>
    <message>
        <source>Mandatory profile fields</source>
        <translation>Champs de profil obligatoires</translation>
    </message>
    <message>
        <source>The user will be asked to submit the ticked profile fields again. Tick a branch to select all of its fields.</source>
        <translation>L&apos;utilisateur devra soumettre à nouveau les champs de profil cochés. Cochez une branche pour sélectionner tous ses champs.</translation>
    </message>
    <message>
        <source>Filter profile fields</source>
        <translation>Filtrer les champs du profil</translation>
    </message>
    <message>
        <source>Filter fields, e.g. name or address.city</source>
        <translation>Filtrer les champs, p. ex. name ou address.city</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filtre :</translation>
    </message>
    <message>
        <source>Presets:</source>
        <translation>Préréglages :</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>Préréglage : %1</translation>
    </message>
    <message>
        <source>%1 Replaces the current selection.</source>
        <translation>%1 Remplace la sélection actuelle.</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>E&amp;ffacer</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>Effacer la sélection</translation>
    </message>
    <message>
        <source>Unticks every field.</source>
        <translation>Décoche tous les champs.</translation>
    </message>
    <message>
        <source>Profile fields</source>
        <translation>Champs du profil</translation>
    </message>
    <message>
        <source>Space ticks or unticks the current field or branch.</source>
        <translation>Espace coche ou décoche le champ ou la branche courante.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Chemin</translation>
    </message>
    <message>
        <source>Fields that will be sent</source>
        <translation>Champs qui seront envoyés</translation>
    </message>
    <message>
        <source>Fields that will be sent (%1):</source>
        <translation>Champs qui seront envoyés (%1) :</translation>
    </message>
</context>
<context>
    <name>SdkFinanceClient</name>
    <message>
        <source>The SDK.Finance login &apos;%1&apos; lacks the permission %2, so identifications cannot be reset and reset requests cannot be decided with it. Ask the SDK.Finance administrator to grant it.</source>
        <translation>L&apos;identifiant SDK.Finance « %1 » n&apos;a pas l&apos;autorisation %2 : les identifications ne peuvent donc pas être réinitialisées ni les demandes de réinitialisation tranchées avec lui. Demandez-la à l&apos;administrateur SDK.Finance.</translation>
    </message>
    <message>
        <source>log in as &apos;%1&apos;</source>
        <translation>connexion en tant que « %1 »</translation>
    </message>
    <message>
        <source>the token was refused right after a fresh login</source>
        <translation>le jeton a été refusé juste après une nouvelle connexion</translation>
    </message>
    <message>
        <source>the token was refused right after a fresh login (%1)</source>
        <translation>le jeton a été refusé juste après une nouvelle connexion (%1)</translation>
    </message>
    <message>
        <source>list reset-identification requests</source>
        <translation>lister les demandes de réinitialisation d&apos;identification</translation>
    </message>
    <message>
        <source>search profiles</source>
        <translation>rechercher des profils</translation>
    </message>
    <message>
        <source>Only a supervisor can approve or decline a user&apos;s SDK.Finance reset request (deciding it is itself the approval, so it needs no second one).</source>
        <translation>Seul un superviseur peut approuver ou décliner la demande de réinitialisation SDK.Finance d&apos;un utilisateur (la trancher est en soi l&apos;approbation, il n&apos;en faut donc pas une seconde).</translation>
    </message>
    <message>
        <source>SDK.Finance has no action &apos;%1&apos; (known: %2).</source>
        <translation>SDK.Finance n&apos;a pas d&apos;action « %1 » (connues : %2).</translation>
    </message>
    <message>
        <source>An SDK.Finance user id is required.</source>
        <translation>Un identifiant utilisateur SDK.Finance est obligatoire.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an SDK.Finance user id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</source>
        <translation>« %1 » n&apos;est pas un identifiant utilisateur SDK.Finance (ni &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; ni espaces).</translation>
    </message>
    <message>
        <source>A reset needs the list of profile fields the user must submit again.</source>
        <translation>Une réinitialisation nécessite la liste des champs du profil que l&apos;utilisateur doit soumettre à nouveau.</translation>
    </message>
    <message>
        <source>Every profile field must be a dotted path given as text.</source>
        <translation>Chaque champ du profil doit être un chemin pointé donné sous forme de texte.</translation>
    </message>
    <message>
        <source>The id of the reset request to %1 is required.</source>
        <translation>L&apos;identifiant de la demande de réinitialisation à %1 est obligatoire.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a reset request id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</source>
        <translation>« %1 » n&apos;est pas un identifiant de demande de réinitialisation (ni &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; ni espaces).</translation>
    </message>
    <message>
        <source>Reset the identification of SDK.Finance user %1 (fields to submit again: %2)</source>
        <translation>Réinitialiser l&apos;identification de l&apos;utilisateur SDK.Finance %1 (champs à soumettre à nouveau : %2)</translation>
    </message>
    <message>
        <source>Approve reset request %1 of SDK.Finance user %2</source>
        <translation>Approuver la demande de réinitialisation %1 de l&apos;utilisateur SDK.Finance %2</translation>
    </message>
    <message>
        <source>Decline reset request %1 of SDK.Finance user %2</source>
        <translation>Décliner la demande de réinitialisation %1 de l&apos;utilisateur SDK.Finance %2</translation>
    </message>
    <message>
        <source>Change SDK.Finance user %1</source>
        <translation>Modifier l&apos;utilisateur SDK.Finance %1</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1 : terminé.</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Rien n&apos;a été envoyé.</translation>
    </message>
    <message>
        <source> (SDK.Finance: %1)</source>
        <translation> (SDK.Finance : %1)</translation>
    </message>
    <message>
        <source>Nothing was changed at SDK.Finance.</source>
        <translation>Rien n&apos;a changé chez SDK.Finance.</translation>
    </message>
    <message>
        <source>Reset request %1 of SDK.Finance user %2 is already decided (HTTP 409): the earlier attempt, whose outcome was unknown, most likely went through. Check the request&apos;s status in the list if in doubt.</source>
        <translation>La demande de réinitialisation %1 de l&apos;utilisateur SDK.Finance %2 est déjà décidée (HTTP 409) : la tentative précédente, dont le résultat était inconnu, a très probablement abouti. En cas de doute, vérifiez le statut de la demande dans la liste.</translation>
    </message>
    <message>
        <source>Reset request %1 is pending for SDK.Finance user %2, not for %3.</source>
        <translation>La demande de réinitialisation %1 est en attente pour l&apos;utilisateur SDK.Finance %2, pas pour %3.</translation>
    </message>
    <message numerus="yes">
        <source>SDK.Finance has no pending reset request %1 (of %n pending): it is unknown or already decided. &apos;sdkfinance requests&apos; and the Pending resets tab list the pending ones.</source>
        <translation>
            <numerusform>SDK.Finance n&apos;a aucune demande de réinitialisation %1 en attente (sur %n en attente) : elle est inconnue ou déjà décidée. «sdkfinance requests» et l&apos;onglet Réinitialisations en attente listent celles en attente.</numerusform>
            <numerusform>SDK.Finance n&apos;a aucune demande de réinitialisation %1 en attente (sur %n en attente) : elle est inconnue ou déjà décidée. «sdkfinance requests» et l&apos;onglet Réinitialisations en attente listent celles en attente.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SdkFinanceCommand</name>
    <message>
        <source>usage: sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
       sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT
       sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT</source>
        <translation>usage : sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
       sdkfinance reset ID_UTILISATEUR --field CHEMIN [--field CHEMIN ...] --reason TEXTE
       sdkfinance approve|decline ID_UTILISATEUR ID_DEMANDE --reason TEXTE</translation>
    </message>
    <message>
        <source>sdkfinance reset needs at least one --field PATH (e.g. --field person.namePlain.first --field address.country)</source>
        <translation>sdkfinance reset nécessite au moins un --field CHEMIN (p. ex. --field person.namePlain.first --field address.country)</translation>
    </message>
    <message>
        <source>Known fields: %1</source>
        <translation>Champs connus : %1</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTE est obligatoire</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;sdkfinance&apos; section</source>
        <translation>le profil de connexion %1 n&apos;a pas de section &apos;sdkfinance&apos;</translation>
    </message>
    <message>
        <source>--page takes a page number from 1</source>
        <translation>--page attend un numéro de page à partir de 1</translation>
    </message>
    <message>
        <source>--limit takes a page size from 1 to %1</source>
        <translation>--limit attend une taille de page de 1 à %1</translation>
    </message>
    <message>
        <source>REQUEST</source>
        <translation>DEMANDE</translation>
    </message>
    <message>
        <source>USER ID</source>
        <translation>ID UTILISATEUR</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>CRÉÉE</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUT</translation>
    </message>
    <message>
        <source>COMMENT</source>
        <translation>COMMENTAIRE</translation>
    </message>
    <message>
        <source>Page %1 of %2; %3 request(s)%4 in all.</source>
        <translation>Page %1 sur %2 ; %3 demande(s)%4 en tout.</translation>
    </message>
    <message>
        <source> with status %1</source>
        <translation> avec le statut %1</translation>
    </message>
    <message>
        <source>--status takes %1 or ALL</source>
        <translation>--status attend %1 ou ALL</translation>
    </message>
</context>
<context>
    <name>SdkFinanceModule</name>
    <message>
        <source>Reset the identification of %1: SDK.Finance asks the person to submit %2 again and identify anew</source>
        <translation>Réinitialiser l&apos;identification de %1 : SDK.Finance demande à la personne de soumettre à nouveau %2 et de s&apos;identifier de nouveau</translation>
    </message>
    <message>
        <source>the chosen fields</source>
        <translation>les champs choisis</translation>
    </message>
    <message>
        <source>Approve the reset request %2 of %1: SDK.Finance resets the identification, and the person identifies anew</source>
        <translation>Approuver la demande de réinitialisation %2 de %1 : SDK.Finance réinitialise l&apos;identification, et la personne s&apos;identifie de nouveau</translation>
    </message>
    <message>
        <source>Decline the reset request %2 of %1: SDK.Finance keeps the identification as it is</source>
        <translation>Décliner la demande de réinitialisation %2 de %1 : SDK.Finance conserve l&apos;identification telle quelle</translation>
    </message>
    <message>
        <source>Change %1 at SDK.Finance</source>
        <translation>Modifier %1 chez SDK.Finance</translation>
    </message>
</context>
<context>
    <name>SdkFinancePanel</name>
    <message>
        <source>SDK.Finance</source>
        <translation>SDK.Finance</translation>
    </message>
    <message>
        <source>Reset identification…</source>
        <translation>Réinitialiser l&apos;identification…</translation>
    </message>
    <message>
        <source>SDK.Finance actions</source>
        <translation>Actions SDK.Finance</translation>
    </message>
    <message>
        <source>SDK.Finance user id</source>
        <translation>Identifiant utilisateur SDK.Finance</translation>
    </message>
    <message>
        <source>Reset SDK.Finance identification</source>
        <translation>Réinitialiser l&apos;identification SDK.Finance</translation>
    </message>
    <message>
        <source>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</source>
        <translation>Non connecté à SDK.Finance : ouvrez un profil de connexion avec une section &apos;sdkfinance&apos;.</translation>
    </message>
    <message>
        <source>Choose the profile fields the user must submit again.</source>
        <translation>Choisir les champs du profil que l&apos;utilisateur doit soumettre à nouveau.</translation>
    </message>
    <message>
        <source>The id SDK.Finance knows the selected person by.</source>
        <translation>L&apos;identifiant sous lequel SDK.Finance connaît la personne sélectionnée.</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>Identifiant utilisateur :</translation>
    </message>
    <message>
        <source>Select a person known to SDK.Finance first.</source>
        <translation>Sélectionnez d&apos;abord une personne connue de SDK.Finance.</translation>
    </message>
    <message>
        <source>Result of the last SDK.Finance action</source>
        <translation>Résultat de la dernière action SDK.Finance</translation>
    </message>
    <message>
        <source>Wait until the current SDK.Finance action has finished.</source>
        <translation>Attendez la fin de l&apos;action SDK.Finance en cours.</translation>
    </message>
    <message>
        <source>Sending to SDK.Finance…</source>
        <translation>Envoi à SDK.Finance…</translation>
    </message>
</context>
<context>
    <name>SdkFinanceSectionView</name>
    <message>
        <source>SDK.Finance — profile and reset requests</source>
        <translation>SDK.Finance — profil et demandes de réinitialisation</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Identifiant utilisateur</translation>
    </message>
    <message>
        <source>Profile status</source>
        <translation>Statut du profil</translation>
    </message>
    <message>
        <source>RESET PENDING</source>
        <translation>RÉINITIALISATION EN ATTENTE</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Demande</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <source>No pending reset-identification request.</source>
        <translation>Aucune demande de réinitialisation d&apos;identification en attente.</translation>
    </message>
</context>
<context>
    <name>SdkFinanceWire</name>
    <message>
        <source>the login answer is not a JSON object</source>
        <translation>la réponse de connexion n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>the login answer has no &quot;members&quot;</source>
        <translation>la réponse de connexion n&apos;a pas de &quot;members&quot;</translation>
    </message>
    <message>
        <source>the login answer has no token</source>
        <translation>la réponse de connexion n&apos;a pas de jeton</translation>
    </message>
    <message>
        <source>the list of reset requests is not a JSON object</source>
        <translation>la liste des demandes de réinitialisation n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>the list of reset requests has no &quot;records&quot; array</source>
        <translation>la liste des demandes de réinitialisation n&apos;a pas de tableau &quot;records&quot;</translation>
    </message>
    <message>
        <source>a reset request has no &quot;id&quot;</source>
        <translation>une demande de réinitialisation n&apos;a pas d&apos;&quot;id&quot;</translation>
    </message>
    <message>
        <source>the reset answer is not a JSON object</source>
        <translation>la réponse de réinitialisation n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>the reset answer has no &quot;profile&quot; document</source>
        <translation>la réponse de réinitialisation n&apos;a pas de document &quot;profile&quot;</translation>
    </message>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>la réponse n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>the profile list is not a JSON object</source>
        <translation>la liste des profils n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>the profile list has no &quot;records&quot; array</source>
        <translation>la liste des profils n&apos;a pas de tableau &quot;records&quot;</translation>
    </message>
    <message>
        <source>a profile has no &quot;id&quot;</source>
        <translation>un profil n&apos;a pas d&apos;&quot;id&quot;</translation>
    </message>
    <message>
        <source>unknown user or request</source>
        <translation>utilisateur ou demande inconnus</translation>
    </message>
    <message>
        <source>the answer says status &quot;error&quot;</source>
        <translation>la réponse indique le statut &quot;error&quot;</translation>
    </message>
    <message>
        <source>the answer says status &quot;error&quot;: %1</source>
        <translation>la réponse indique le statut &quot;error&quot; : %1</translation>
    </message>
    <message>
        <source>the SDK.Finance login is not permitted to do this</source>
        <translation>l&apos;identifiant SDK.Finance n&apos;est pas autorisé à le faire</translation>
    </message>
    <message>
        <source>the SDK.Finance login is not permitted to do this (%1)</source>
        <translation>l&apos;identifiant SDK.Finance n&apos;est pas autorisé à le faire (%1)</translation>
    </message>
</context>
<context>
    <name>SearchSourceStatus</name>
    <message>
        <source>loading…</source>
        <translation>chargement…</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s), loading more…</source>
        <translation>
            <numerusform>%n résultat, chargement de la suite…</numerusform>
            <numerusform>%n résultats, chargement de la suite…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) of %1</source>
        <translation>
            <numerusform>%n résultat sur %1</numerusform>
            <numerusform>%n résultats sur %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n résultat</numerusform>
            <numerusform>%n résultats</numerusform>
        </translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>erreur : %1</translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>IdentityDesk locked itself after the idle time the policy sets. Type your password to go on, or sign out.</source>
        <translation>IdentityDesk s&apos;est verrouillé après le délai d&apos;inactivité fixé par la politique. Saisissez votre mot de passe pour continuer, ou déconnectez-vous.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts — IdentityDesk</source>
        <translation>Raccourcis clavier — IdentityDesk</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Commande</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>&amp;Confirmer le mot de passe :</translation>
    </message>
    <message>
        <source>Sign in — IdentityDesk</source>
        <translation>Connexion — IdentityDesk</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>Nom d&apos;opérateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>Confirmer le mot de passe</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Problème de connexion</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Mot de passe :</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Stockage : %1</translation>
    </message>
    <message>
        <source>Demo mode: sign in as %1 with the password “%2”. Everything happens in a throwaway store and against the bundled sandbox.</source>
        <translation>Mode démonstration : connectez-vous en tant que %1 avec le mot de passe « %2 ». Tout se passe dans un stockage jetable et avec le bac à sable fourni.</translation>
    </message>
    <message>
        <source>Create the first supervisor</source>
        <translation>Créer le premier superviseur</translation>
    </message>
    <message>
        <source>Sign in to IdentityDesk</source>
        <translation>Se connecter à IdentityDesk</translation>
    </message>
    <message>
        <source>This store has no operators yet. The first one is a supervisor, who can then add officers, auditors and other supervisors.</source>
        <translation>Ce stockage n&apos;a encore aucun opérateur. Le premier est un superviseur, qui pourra ensuite ajouter des agents, des auditeurs et d&apos;autres superviseurs.</translation>
    </message>
    <message>
        <source>Sign in with your operator name and password. Every action you take is recorded under your name.</source>
        <translation>Connectez-vous avec votre nom d&apos;opérateur et votre mot de passe. Chaque action que vous effectuez est enregistrée sous votre nom.</translation>
    </message>
    <message>
        <source>&amp;Create supervisor</source>
        <translation>&amp;Créer le superviseur</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Se connecter</translation>
    </message>
    <message>
        <source>The store is not open.</source>
        <translation>Le stockage n&apos;est pas ouvert.</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>Saisissez votre nom et votre mot de passe.</translation>
    </message>
    <message numerus="yes">
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>Le mot de passe doit comporter au moins %n caractère.</numerusform>
            <numerusform>Le mot de passe doit comporter au moins %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>Type the same password twice.</source>
        <translation>Saisissez deux fois le même mot de passe.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Les mots de passe ne correspondent pas.</translation>
    </message>
    <message>
        <source>Creating the supervisor…</source>
        <translation>Création du superviseur…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>This team store&apos;s server checks who you are: sign in with your database login and its password (your organisation&apos;s directory password, if it signs you in that way). Every action you take is recorded under that name.</source>
        <translation>Le serveur de ce stockage d&apos;équipe vérifie qui vous êtes : connectez-vous avec votre identifiant de base de données et son mot de passe (le mot de passe de l&apos;annuaire de votre organisation, si c&apos;est ainsi qu&apos;il vous connecte). Chaque action que vous effectuez est enregistrée sous ce nom.</translation>
    </message>
</context>
<context>
    <name>SmartIdClient</name>
    <message>
        <source>SmartID has no action &apos;%1&apos;.</source>
        <translation>SmartID n&apos;a pas d&apos;action « %1 ».</translation>
    </message>
    <message>
        <source>A SmartID user id is required (the id the user enrolled with, usually their e-mail).</source>
        <translation>Un identifiant utilisateur SmartID est obligatoire (celui avec lequel l&apos;utilisateur s&apos;est enrôlé, en général son e-mail).</translation>
    </message>
    <message>
        <source>The SmartID un-enroll takes no parameter &apos;%1&apos;.</source>
        <translation>Le désenrôlement SmartID n&apos;accepte pas de paramètre « %1 ».</translation>
    </message>
    <message>
        <source>Reset the biometric enrollment of SmartID user %1 (un-enroll)</source>
        <translation>Réinitialiser l&apos;enrôlement biométrique de l&apos;utilisateur SmartID %1 (désenrôlement)</translation>
    </message>
    <message>
        <source>code %1, HTTP %2</source>
        <translation>code %1, HTTP %2</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>code %1</translation>
    </message>
    <message>
        <source>SmartID answered the un-enroll of user %1 with HTTP %2, but the answer could not be read (%3), so it is not known whether it was processed. It is listed under Unresolved: check the user&apos;s enrollment at SmartID and resolve it; it is not sent again automatically.</source>
        <translation>SmartID a répondu au désenrôlement de l&apos;utilisateur %1 par HTTP %2, mais la réponse n&apos;a pas pu être lue (%3) ; on ne sait donc pas s&apos;il a été traité. Il est listé dans Non résolus : vérifiez l&apos;enrôlement de l&apos;utilisateur chez SmartID et résolvez-le ; il n&apos;est pas renvoyé automatiquement.</translation>
    </message>
    <message>
        <source>SmartID: the biometric enrollment of user %1 was removed; they can enroll again from the app.</source>
        <translation>SmartID : l&apos;enrôlement biométrique de l&apos;utilisateur %1 a été supprimé ; il peut s&apos;enrôler à nouveau depuis l&apos;application.</translation>
    </message>
    <message>
        <source>user cannot be null or empty</source>
        <translation>l&apos;utilisateur ne peut pas être nul ou vide</translation>
    </message>
    <message>
        <source>SmartID refused the un-enroll: the user id was empty (%1). Nothing was changed; enter the user&apos;s SmartID id (the e-mail they enrolled with) and send again.</source>
        <translation>SmartID a refusé le désenrôlement : l&apos;identifiant utilisateur était vide (%1). Rien n&apos;a changé ; saisissez l&apos;identifiant SmartID de l&apos;utilisateur (l&apos;e-mail avec lequel il s&apos;est enrôlé) et renvoyez.</translation>
    </message>
    <message>
        <source>SmartID no longer knows user %1 (%2, user not found) after an earlier un-enroll whose outcome was unknown: that one was processed, the user is already un-enrolled. Resolve the earlier action as succeeded.</source>
        <translation>SmartID ne connaît plus l&apos;utilisateur %1 (%2, utilisateur introuvable) après un précédent désenrôlement au résultat inconnu : celui-ci a été traité, l&apos;utilisateur est déjà désenrôlé. Résolvez l&apos;action précédente comme réussie.</translation>
    </message>
    <message>
        <source>SmartID: user %1 not found (%2). Nothing was un-enrolled. Check the id (SmartID knows users by the id they enrolled with, usually their e-mail). If an earlier un-enroll of this user ended in a SmartID fault, it may have been processed after all.</source>
        <translation>SmartID : utilisateur %1 introuvable (%2). Rien n&apos;a été désenrôlé. Vérifiez l&apos;identifiant (SmartID connaît les utilisateurs par l&apos;identifiant avec lequel ils se sont enrôlés, en général leur e-mail). Si un précédent désenrôlement de cet utilisateur s&apos;est terminé par une erreur SmartID, il a peut-être été traité malgré tout.</translation>
    </message>
    <message>
        <source>SmartID: user channel not found for user %1 (%2). Nothing was un-enrolled. The user&apos;s app registration is missing at SmartID: ask the user to open the app again, or contact SmartID support.</source>
        <translation>SmartID : canal utilisateur introuvable pour l&apos;utilisateur %1 (%2). Rien n&apos;a été désenrôlé. L&apos;enregistrement de l&apos;application de l&apos;utilisateur manque chez SmartID : demandez à l&apos;utilisateur de rouvrir l&apos;application, ou contactez le support SmartID.</translation>
    </message>
    <message>
        <source>a service call error</source>
        <translation>une erreur d&apos;appel de service</translation>
    </message>
    <message>
        <source>an internal error</source>
        <translation>une erreur interne</translation>
    </message>
    <message>
        <source>SmartID had %1 (%2%3) while un-enrolling user %4. This proves nothing about processing: the un-enroll may or may not have been done, and it was not resent automatically. Check the user&apos;s enrollment and retry by hand if needed.</source>
        <translation>SmartID a eu %1 (%2%3) pendant le désenrôlement de l&apos;utilisateur %4. Cela ne prouve rien sur le traitement : le désenrôlement a peut-être été fait, ou non, et il n&apos;a pas été renvoyé automatiquement. Vérifiez l&apos;enrôlement de l&apos;utilisateur et réessayez à la main si nécessaire.</translation>
    </message>
    <message>
        <source>SmartID answered the un-enroll of user %1 with an unexpected result (%2%3). Check the user&apos;s enrollment at SmartID before sending it again.</source>
        <translation>SmartID a répondu au désenrôlement de l&apos;utilisateur %1 par un résultat inattendu (%2%3). Vérifiez l&apos;enrôlement de l&apos;utilisateur chez SmartID avant de renvoyer.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a SmartID user id: use the id the user enrolled with (usually their e-mail address): 1 to %2 characters, with no spaces, line breaks or other control characters, no &apos;/&apos;, &apos;\&apos;, &apos;%&apos; and no &apos;..&apos;.</source>
        <translation>« %1 » n&apos;est pas un identifiant d&apos;utilisateur SmartID : utilisez l&apos;identifiant avec lequel l&apos;utilisateur s&apos;est enrôlé (en général son adresse e-mail) : de 1 à %2 caractères, sans espaces, sauts de ligne ni autres caractères de contrôle, sans « / », « \ », « % » ni « .. ».</translation>
    </message>
</context>
<context>
    <name>SmartIdCommand</name>
    <message>
        <source>usage: smartid unenroll USER --reason TEXT</source>
        <translation>usage : smartid unenroll UTILISATEUR --reason TEXTE</translation>
    </message>
</context>
<context>
    <name>SmartIdModule</name>
    <message>
        <source>Reset the biometric enrollment of %1: SmartID un-enrolls the person, who must enroll again from the mobile app</source>
        <translation>Réinitialiser l&apos;enrôlement biométrique de %1 : SmartID désenrôle la personne, qui doit s&apos;enrôler à nouveau depuis l&apos;application mobile</translation>
    </message>
</context>
<context>
    <name>SmartIdPanel</name>
    <message>
        <source>SmartID Suite</source>
        <translation>SmartID Suite</translation>
    </message>
    <message>
        <source>Reset biometric enrollment…</source>
        <translation>Réinitialiser l&apos;enrôlement biométrique…</translation>
    </message>
    <message>
        <source>SmartID Suite actions</source>
        <translation>Actions SmartID Suite</translation>
    </message>
    <message>
        <source>SmartID user</source>
        <translation>Utilisateur SmartID</translation>
    </message>
    <message>
        <source>Reset biometric enrollment</source>
        <translation>Réinitialiser l&apos;enrôlement biométrique</translation>
    </message>
    <message>
        <source>Result of the last SmartID action</source>
        <translation>Résultat de la dernière action SmartID</translation>
    </message>
    <message>
        <source>Wait until the current SmartID action has finished.</source>
        <translation>Attendez la fin de l&apos;action SmartID en cours.</translation>
    </message>
    <message>
        <source>Sending to SmartID…</source>
        <translation>Envoi à SmartID…</translation>
    </message>
    <message>
        <source>The user SmartID Suite knows this person by: SmartID identifies users by their e-mail address, the selected person&apos;s.</source>
        <translation>L&apos;utilisateur sous lequel SmartID Suite connaît cette personne : SmartID identifie les utilisateurs par leur adresse e-mail, ici celle de la personne sélectionnée.</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Utilisateur :</translation>
    </message>
    <message>
        <source>SmartID knows people by e-mail, and this person has none.</source>
        <translation>SmartID connaît les personnes par leur e-mail, et cette personne n&apos;en a pas.</translation>
    </message>
    <message>
        <source>Removes the person&apos;s biometric enrollment at SmartID so that they can enroll again. Opens a confirmation naming the person; you give a reason.</source>
        <translation>Supprime l&apos;enrôlement biométrique de la personne chez SmartID pour qu&apos;elle puisse s&apos;enrôler à nouveau. Ouvre une confirmation qui nomme la personne ; vous indiquez un motif.</translation>
    </message>
</context>
<context>
    <name>SmartIdProbe</name>
    <message>
        <source>test the connection</source>
        <translation>tester la connexion</translation>
    </message>
    <message>
        <source>SmartID is reachable over TLS (HTTP %1). The API key cannot be verified without a state change (SmartID has no read-only call), so it was not.</source>
        <translation>SmartID est joignable via TLS (HTTP %1). La clé d&apos;API ne peut pas être vérifiée sans changement d&apos;état (SmartID n&apos;a pas d&apos;appel en lecture seule) : elle ne l&apos;a donc pas été.</translation>
    </message>
</context>
<context>
    <name>SmartIdSectionView</name>
    <message>
        <source>SmartID — enrollment</source>
        <translation>SmartID — enrôlement</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>Enrôlement</translation>
    </message>
</context>
<context>
    <name>SmartIdWire</name>
    <message>
        <source>user cannot be null or empty</source>
        <translation>l&apos;utilisateur ne peut pas être nul ou vide</translation>
    </message>
</context>
<context>
    <name>SmileIdClient</name>
    <message>
        <source>Smile ID has no action &apos;%1&apos;.</source>
        <translation>Smile ID n&apos;a pas d&apos;action « %1 ».</translation>
    </message>
    <message>
        <source>A Smile ID user id is required.</source>
        <translation>Un identifiant utilisateur Smile ID est obligatoire.</translation>
    </message>
    <message>
        <source>Unknown Smile ID flag &apos;%1&apos; (known: %2).</source>
        <translation>Indicateur Smile ID inconnu « %1 » (connus : %2).</translation>
    </message>
    <message>
        <source>The value of the Smile ID flag &apos;%1&apos; must be true or false.</source>
        <translation>La valeur de l&apos;indicateur Smile ID « %1 » doit être true ou false.</translation>
    </message>
    <message>
        <source>The Smile ID flag &apos;%1&apos; can only be set to true.</source>
        <translation>L&apos;indicateur Smile ID « %1 » ne peut être mis qu&apos;à true.</translation>
    </message>
    <message>
        <source>Allow Smile ID user %1 to re-enroll</source>
        <translation>Autoriser l&apos;utilisateur Smile ID %1 à s&apos;enrôler à nouveau</translation>
    </message>
    <message>
        <source>Reactivate Smile ID user %1</source>
        <translation>Réactiver l&apos;utilisateur Smile ID %1</translation>
    </message>
    <message>
        <source>Deactivate Smile ID user %1</source>
        <translation>Désactiver l&apos;utilisateur Smile ID %1</translation>
    </message>
    <message>
        <source>Delete (permanently block) Smile ID user %1</source>
        <translation>Supprimer (bloquer définitivement) l&apos;utilisateur Smile ID %1</translation>
    </message>
    <message>
        <source>Mark Smile ID user %1 as fraudulent</source>
        <translation>Signaler l&apos;utilisateur Smile ID %1 comme frauduleux</translation>
    </message>
    <message>
        <source>Clear the fraud flag of Smile ID user %1</source>
        <translation>Lever l&apos;indicateur de fraude de l&apos;utilisateur Smile ID %1</translation>
    </message>
    <message>
        <source>Change Smile ID user %1</source>
        <translation>Modifier l&apos;utilisateur Smile ID %1</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1 : terminé.</translation>
    </message>
    <message>
        <source>Smile ID user %1 was already deleted.</source>
        <translation>L&apos;utilisateur Smile ID %1 était déjà supprimé.</translation>
    </message>
    <message>
        <source>read the status of Smile ID job %1 of user %2</source>
        <translation>lire le statut de la tâche Smile ID %1 de l&apos;utilisateur %2</translation>
    </message>
    <message>
        <source>SECURITY WARNING: the answer carries no signature, so it cannot be shown as Smile ID&apos;s. Do not rely on it; tell your administrator</source>
        <translation>AVERTISSEMENT DE SÉCURITÉ : la réponse ne porte aucune signature, elle ne peut donc pas être présentée comme provenant de Smile ID. Ne vous y fiez pas ; prévenez votre administrateur</translation>
    </message>
    <message>
        <source>SECURITY WARNING: the answer&apos;s signature does not match (forged, tampered with, or a wrong API key in the profile). Do not rely on it; tell your administrator</source>
        <translation>AVERTISSEMENT DE SÉCURITÉ : la signature de la réponse ne correspond pas (falsifiée, altérée ou mauvaise clé d&apos;API dans le profil). Ne vous y fiez pas ; prévenez votre administrateur</translation>
    </message>
    <message>
        <source>The job&apos;s status is not shown. If the API key in the connection profile is right, the answer did not come from Smile ID.</source>
        <translation>Le statut de la tâche n&apos;est pas affiché. Si la clé d&apos;API du profil de connexion est juste, la réponse ne venait pas de Smile ID.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Smile ID user id (at most 100 characters, no line breaks, tabs or other control characters, no space at either end).</source>
        <translation>«%1» n&apos;est pas un identifiant d&apos;utilisateur Smile ID (100 caractères au plus, sans saut de ligne, tabulation ni autre caractère de contrôle, sans espace au début ni à la fin).</translation>
    </message>
    <message>
        <source>load a Smile ID job image</source>
        <translation>charger une image de tâche Smile ID</translation>
    </message>
    <message>
        <source>the image link is not https: %1</source>
        <translation>le lien de l&apos;image n&apos;est pas en https : %1</translation>
    </message>
</context>
<context>
    <name>SmileIdCommand</name>
    <message>
        <source>usage: smileid flag USER_ID (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXT</source>
        <translation>usage : smileid flag ID_UTILISATEUR (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXTE</translation>
    </message>
    <message>
        <source>choose one of --active, --fraudulent, --allow-reenroll, --delete</source>
        <translation>choisissez l&apos;un de --active, --fraudulent, --allow-reenroll, --delete</translation>
    </message>
    <message>
        <source>one flag per request: %1 given</source>
        <translation>un indicateur par requête : %1 donnés</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTE est obligatoire</translation>
    </message>
    <message>
        <source>--%1 takes true or false</source>
        <translation>--%1 attend true ou false</translation>
    </message>
</context>
<context>
    <name>SmileIdJobStatus</name>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>complete, success</source>
        <translation>terminée, réussie</translation>
    </message>
    <message>
        <source>complete, failed</source>
        <translation>terminée, échouée</translation>
    </message>
</context>
<context>
    <name>SmileIdJobStatusCommand</name>
    <message>
        <source>usage: smileid job-status USER_ID JOB_ID [--history] [--image-links]</source>
        <translation>usage : smileid job-status USER_ID JOB_ID [--history] [--image-links]</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;smileid&apos; section</source>
        <translation>le profil de connexion %1 n&apos;a pas de section « smileid »</translation>
    </message>
    <message>
        <source>Smile ID job %1 of user %2</source>
        <translation>Tâche Smile ID %1 de l&apos;utilisateur %2</translation>
    </message>
    <message>
        <source>Signature: verified</source>
        <translation>Signature : vérifiée</translation>
    </message>
    <message>
        <source>State:     %1 (code %2)</source>
        <translation>État :     %1 (code %2)</translation>
    </message>
    <message>
        <source>Result:    %1 %2 (%3), confidence %4%5</source>
        <translation>Résultat : %1 %2 (%3), confiance %4%5</translation>
    </message>
    <message>
        <source>, final</source>
        <translation>, définitif</translation>
    </message>
    <message>
        <source>, not final</source>
        <translation>, non définitif</translation>
    </message>
    <message>
        <source>Job type:  %1%2</source>
        <translation>Type :     %1%2</translation>
    </message>
    <message>
        <source> (SmartSelfie registration)</source>
        <translation> (enregistrement SmartSelfie)</translation>
    </message>
    <message>
        <source>Smile job: %1</source>
        <translation>Tâche Smile : %1</translation>
    </message>
    <message>
        <source>History:   %1 %2</source>
        <translation>Historique : %1 %2</translation>
    </message>
    <message>
        <source>Image:     %1 %2</source>
        <translation>Image :    %1 %2</translation>
    </message>
</context>
<context>
    <name>SmileIdModule</name>
    <message>
        <source>Allow %1 to enroll again: Smile ID accepts a new enrollment under the same user id</source>
        <translation>Autoriser %1 à s&apos;enrôler à nouveau : Smile ID accepte un nouvel enrôlement sous le même identifiant utilisateur</translation>
    </message>
    <message>
        <source>Reactivate %1: Smile ID processes this person&apos;s jobs again</source>
        <translation>Réactiver %1 : Smile ID traite de nouveau les tâches de cette personne</translation>
    </message>
    <message>
        <source>Deactivate %1: Smile ID disables this user id for now (it can be reactivated)</source>
        <translation>Désactiver %1 : Smile ID désactive cet identifiant utilisateur pour le moment (il peut être réactivé)</translation>
    </message>
    <message>
        <source>Delete %1 for good: Smile ID removes and permanently blocks this user id</source>
        <translation>Supprimer définitivement %1 : Smile ID supprime et bloque de façon permanente cet identifiant utilisateur</translation>
    </message>
    <message>
        <source>Mark %1 as fraudulent: Smile ID keeps processing this person&apos;s jobs but marks every one failed</source>
        <translation>Signaler %1 comme frauduleux : Smile ID continue de traiter les tâches de cette personne mais les marque toutes comme échouées</translation>
    </message>
    <message>
        <source>Clear the fraud flag of %1: Smile ID lets this person authenticate again</source>
        <translation>Lever l&apos;indicateur de fraude de %1 : Smile ID permet de nouveau à cette personne de s&apos;authentifier</translation>
    </message>
    <message>
        <source>Change %1 at Smile ID</source>
        <translation>Modifier %1 chez Smile ID</translation>
    </message>
</context>
<context>
    <name>SmileIdPanel</name>
    <message>
        <source>Smile ID</source>
        <translation>Smile ID</translation>
    </message>
    <message>
        <source>Smile ID actions</source>
        <translation>Actions Smile ID</translation>
    </message>
    <message>
        <source>Smile ID user id</source>
        <translation>Identifiant utilisateur Smile ID</translation>
    </message>
    <message>
        <source>Allow re-enroll…</source>
        <translation>Autoriser un nouvel enrôlement…</translation>
    </message>
    <message>
        <source>Allow re-enroll</source>
        <translation>Autoriser un nouvel enrôlement</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Désactiver…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Désactiver</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Réactiver…</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Réactiver</translation>
    </message>
    <message>
        <source>Mark fraudulent…</source>
        <translation>Signaler une fraude…</translation>
    </message>
    <message>
        <source>Mark fraudulent</source>
        <translation>Signaler une fraude</translation>
    </message>
    <message>
        <source>Clear fraud…</source>
        <translation>Lever la fraude…</translation>
    </message>
    <message>
        <source>Clear fraud</source>
        <translation>Lever la fraude</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Supprimer…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Result of the last Smile ID action</source>
        <translation>Résultat de la dernière action Smile ID</translation>
    </message>
    <message>
        <source>Wait until the current Smile ID action has finished.</source>
        <translation>Attendez la fin de l&apos;action Smile ID en cours.</translation>
    </message>
    <message>
        <source>Deleting is permanent: Smile ID blocks this user id for good. Type the user id &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>La suppression est définitive : Smile ID bloque cet identifiant utilisateur pour toujours. Saisissez l&apos;identifiant &lt;b&gt;%1&lt;/b&gt; pour confirmer :</translation>
    </message>
    <message>
        <source>Sending to Smile ID…</source>
        <translation>Envoi à Smile ID…</translation>
    </message>
    <message>
        <source>The id Smile ID knows this person by: the id linked in the subject index, else Trust Swiftly&apos;s reference id (the partner&apos;s own user id, the one the enrollment was made with). If the person was enrolled under another id, link it with Link id…</source>
        <translation>L&apos;identifiant sous lequel Smile ID connaît cette personne : l&apos;identifiant lié dans l&apos;index des sujets, sinon l&apos;identifiant de référence de Trust Swiftly (l&apos;identifiant utilisateur propre au partenaire, celui avec lequel l&apos;enrôlement a été fait). Si la personne a été enrôlée sous un autre identifiant, liez-le avec Lier l&apos;identifiant…</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>Identifiant utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Link id…</source>
        <translation>&amp;Lier l&apos;identifiant…</translation>
    </message>
    <message>
        <source>Link a Smile ID user id</source>
        <translation>Lier un identifiant utilisateur Smile ID</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Sélectionnez d&apos;abord une personne.</translation>
    </message>
    <message>
        <source>This person has no Smile ID user id: link one with Link id….</source>
        <translation>Cette personne n&apos;a pas d&apos;identifiant utilisateur Smile ID : liez-en un avec Lier l&apos;identifiant….</translation>
    </message>
    <message>
        <source>Opens a confirmation naming the person; you give a reason.</source>
        <translation>Ouvre une confirmation qui nomme la personne ; vous indiquez un motif.</translation>
    </message>
    <message>
        <source>The person is known to Smile ID under another id: link that id to their subject (audited).</source>
        <translation>La personne est connue de Smile ID sous un autre identifiant : liez cet identifiant à son sujet (audité).</translation>
    </message>
</context>
<context>
    <name>SmileIdProbe</name>
    <message>
        <source>test the connection</source>
        <translation>tester la connexion</translation>
    </message>
    <message>
        <source>Smile ID answered the signed status request (HTTP %1%2), so the API key and partner id were accepted.</source>
        <translation>Smile ID a répondu à la demande de statut signée (HTTP %1%2) : la clé d&apos;API et l&apos;identifiant partenaire ont donc été acceptés.</translation>
    </message>
    <message>
        <source>Smile ID accepted the signed status request: the API key and partner id are valid.</source>
        <translation>Smile ID a accepté la demande de statut signée : la clé d&apos;API et l&apos;identifiant partenaire sont valides.</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 without a Smile ID answer, so the API key was not checked: make sure the API URL is Smile ID&apos;s job-status base (e.g. https://testapi.smileidentity.com).</source>
        <translation>Le serveur a répondu HTTP %1 sans réponse de Smile ID : la clé d&apos;API n&apos;a donc pas été vérifiée. Vérifiez que l&apos;URL de l&apos;API est la base du statut des tâches de Smile ID (p. ex. https://testapi.smileidentity.com).</translation>
    </message>
</context>
<context>
    <name>SmileIdSectionView</name>
    <message>
        <source>Smile ID — flags</source>
        <translation>Smile ID — indicateurs</translation>
    </message>
    <message>
        <source>Smile ID — enrollment job (SmartSelfie registration)</source>
        <translation>Smile ID — tâche d&apos;enrôlement (enregistrement SmartSelfie)</translation>
    </message>
    <message>
        <source>Load &amp;history and image links</source>
        <translation>Charger l&apos;&amp;historique et les liens d&apos;images</translation>
    </message>
    <message>
        <source>Load the enrollment job&apos;s history and image links</source>
        <translation>Charger l&apos;historique et les liens d&apos;images de la tâche d&apos;enrôlement</translation>
    </message>
    <message>
        <source>Asks Smile ID again for the job, with its history and image links.</source>
        <translation>Redemande la tâche à Smile ID, avec son historique et ses liens d&apos;images.</translation>
    </message>
    <message>
        <source>Show the &amp;images</source>
        <translation>Afficher les &amp;images</translation>
    </message>
    <message>
        <source>Show the enrollment job&apos;s images</source>
        <translation>Afficher les images de la tâche d&apos;enrôlement</translation>
    </message>
    <message>
        <source>Loads the selfie and liveness images from Smile ID over TLS and shows them here; they are kept in memory only.</source>
        <translation>Charge depuis Smile ID, via TLS, les images de selfie et de preuve de vie et les affiche ici ; elles sont conservées en mémoire uniquement.</translation>
    </message>
    <message>
        <source>Smile ID job: &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>Tâche Smile ID : &lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Marked fraudulent</source>
        <translation>Signalé comme frauduleux</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Actif</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Supprimé</translation>
    </message>
    <message>
        <source>May enroll again</source>
        <translation>Peut s&apos;enrôler à nouveau</translation>
    </message>
    <message>
        <source>⚠ Security warning: Smile ID&apos;s answer about the enrollment job did not carry a valid signature. Its content is not shown and must not be trusted. %1</source>
        <translation>⚠ Avertissement de sécurité : la réponse de Smile ID concernant la tâche d&apos;enrôlement ne portait pas de signature valide. Son contenu n&apos;est pas affiché et ne doit pas être considéré comme fiable. %1</translation>
    </message>
    <message>
        <source>Not shown: the answer failed the signature check (see the security warning).</source>
        <translation>Non affiché : la réponse a échoué à la vérification de signature (voir l&apos;avertissement de sécurité).</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Identifiant utilisateur</translation>
    </message>
    <message>
        <source>Last known state, from this console&apos;s audit log (Smile ID cannot be asked).</source>
        <translation>Dernier état connu, d&apos;après le journal d&apos;audit de cette console (Smile ID ne peut pas être interrogé).</translation>
    </message>
    <message>
        <source>FRAUDULENT</source>
        <translation>FRAUDULEUX</translation>
    </message>
    <message>
        <source>DEACTIVATED</source>
        <translation>DÉSACTIVÉ</translation>
    </message>
    <message>
        <source>DELETED</source>
        <translation>SUPPRIMÉ</translation>
    </message>
    <message>
        <source>No flag change recorded yet.</source>
        <translation>Aucun changement d&apos;indicateur enregistré pour l&apos;instant.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>État au</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tâche</translation>
    </message>
    <message>
        <source>%1 (job_type %2)</source>
        <translation>%1 (job_type %2)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>aucun pour l&apos;instant</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confiance</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>verified ✔</source>
        <translation>vérifiée ✔</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n entrée</numerusform>
            <numerusform>%n entrées</numerusform>
        </translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s): selfie and liveness</source>
        <translation>
            <numerusform>%n image(s) : selfie et preuve de vie</numerusform>
            <numerusform>%n image(s) : selfie et preuve de vie</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Selfie</source>
        <translation>Selfie</translation>
    </message>
    <message>
        <source>Liveness image</source>
        <translation>Image de preuve de vie</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>Ce n&apos;est pas une image</translation>
    </message>
    <message>
        <source>Could not be loaded</source>
        <translation>Chargement impossible</translation>
    </message>
</context>
<context>
    <name>SmileIdWire</name>
    <message>
        <source>the request was not valid JSON (2203)</source>
        <translation>la requête n&apos;était pas du JSON valide (2203)</translation>
    </message>
    <message>
        <source>a field has the wrong type (2204)</source>
        <translation>un champ a un type incorrect (2204)</translation>
    </message>
    <message>
        <source>not authorised (%1): check the partner id, API key and environment in the connection profile</source>
        <translation>non autorisé (%1) : vérifiez l&apos;identifiant partenaire, la clé d&apos;API et l&apos;environnement dans le profil de connexion</translation>
    </message>
    <message>
        <source>the user is disabled (2207)</source>
        <translation>l&apos;utilisateur est désactivé (2207)</translation>
    </message>
    <message>
        <source>the user has been deleted (2208)</source>
        <translation>l&apos;utilisateur a été supprimé (2208)</translation>
    </message>
    <message>
        <source>the user is already enrolled (2209)</source>
        <translation>l&apos;utilisateur est déjà enrôlé (2209)</translation>
    </message>
    <message>
        <source>there is no enrolled user with this id (2210)</source>
        <translation>aucun utilisateur enrôlé avec cet identifiant (2210)</translation>
    </message>
    <message>
        <source>the user must re-enroll (2211)</source>
        <translation>l&apos;utilisateur doit s&apos;enrôler à nouveau (2211)</translation>
    </message>
    <message>
        <source>a required parameter is missing (2213)</source>
        <translation>un paramètre obligatoire est absent (2213)</translation>
    </message>
    <message>
        <source>Smile ID error %1</source>
        <translation>Erreur Smile ID %1</translation>
    </message>
    <message>
        <source>the job status is not a JSON object</source>
        <translation>le statut de la tâche n&apos;est pas un objet JSON</translation>
    </message>
    <message>
        <source>the job status has no &quot;job_complete&quot;</source>
        <translation>le statut de la tâche ne contient pas &quot;job_complete&quot;</translation>
    </message>
    <message>
        <source>the answer says &quot;success&quot;: false</source>
        <translation>la réponse indique &quot;success&quot;: false</translation>
    </message>
</context>
<context>
    <name>SourceStatusStrip</name>
    <message>
        <source>Search sources</source>
        <translation>Sources de recherche</translation>
    </message>
    <message>
        <source>Search status of %1</source>
        <translation>État de la recherche pour %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Search %1 again</source>
        <translation>Relancer la recherche sur %1</translation>
    </message>
    <message>
        <source>Ask %1 again for the page that failed.</source>
        <translation>Redemander à %1 la page qui a échoué.</translation>
    </message>
    <message>
        <source>%1: waiting for a query</source>
        <translation>%1 : en attente d&apos;une requête</translation>
    </message>
    <message>
        <source>%1: ⟳ loading…</source>
        <translation>%1 : ⟳ chargement…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n result(s)</source>
        <translation>
            <numerusform>%1 : %n résultat</numerusform>
            <numerusform>%1 : %n résultats</numerusform>
        </translation>
    </message>
    <message>
        <source> (more when you scroll)</source>
        <translation> (davantage en faisant défiler)</translation>
    </message>
    <message>
        <source>%1: failed — %2</source>
        <translation>%1 : échec — %2</translation>
    </message>
</context>
<context>
    <name>SqlStore</name>
    <message>
        <source>Check that the file still exists, its folder is writable and the disk is not full, then try again.</source>
        <translation>Vérifiez que le fichier existe toujours, que son dossier est accessible en écriture et que le disque n&apos;est pas plein, puis réessayez.</translation>
    </message>
    <message>
        <source>Check that the PostgreSQL server is running and reachable, then try again.</source>
        <translation>Vérifiez que le serveur PostgreSQL fonctionne et est joignable, puis réessayez.</translation>
    </message>
    <message>
        <source>unknown database error</source>
        <translation>erreur de base de données inconnue</translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: %3. %4</source>
        <translation>Impossible de %1 dans le stockage %2 : %3. %4</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: the Qt SQL driver %2 is not installed. Install it (on Debian and Ubuntu: %3) and try again.</source>
        <translation>Impossible d&apos;ouvrir le stockage %1 : le pilote Qt SQL %2 n&apos;est pas installé. Installez-le (sous Debian et Ubuntu : %3) et réessayez.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the store. Check that you may write there, or choose another place with sqlite:PATH.</source>
        <translation>Impossible de créer le dossier %1 pour le stockage. Vérifiez que vous pouvez y écrire, ou choisissez un autre emplacement avec sqlite:CHEMIN.</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: %2. Check the folder exists and is writable.</source>
        <translation>Impossible d&apos;ouvrir le stockage %1 : %2. Vérifiez que le dossier existe et est accessible en écriture.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: %2. Check that the server is running and reachable, and the user name, password and database name.</source>
        <translation>Impossible de se connecter au stockage PostgreSQL %1 : %2. Vérifiez que le serveur fonctionne et est joignable, ainsi que le nom d&apos;utilisateur, le mot de passe et le nom de la base.</translation>
    </message>
    <message>
        <source>prepare the connection</source>
        <translation>préparer la connexion</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: %2. Is it an IdentityDesk store? Choose another file with sqlite:PATH.</source>
        <translation>Impossible d&apos;ouvrir le stockage %1 : %2. Est-ce un stockage IdentityDesk ? Choisissez un autre fichier avec sqlite:CHEMIN.</translation>
    </message>
    <message>
        <source>The PostgreSQL database at %1 uses the encoding %2; IdentityDesk needs UTF8 so that audit entries read back exactly as they were hashed. Create the database with ENCODING &apos;UTF8&apos;.</source>
        <translation>La base PostgreSQL %1 utilise l&apos;encodage %2 ; IdentityDesk a besoin d&apos;UTF8 pour que les entrées d&apos;audit se relisent exactement comme elles ont été hachées. Créez la base avec ENCODING &apos;UTF8&apos;.</translation>
    </message>
    <message>
        <source>read the schema version</source>
        <translation>lire la version du schéma</translation>
    </message>
    <message>
        <source>The store at %1 was created by a newer IdentityDesk (schema version %2; this version knows up to %3). Update IdentityDesk, or choose another store.</source>
        <translation>Le stockage %1 a été créé par un IdentityDesk plus récent (version de schéma %2 ; cette version connaît jusqu&apos;à la %3). Mettez IdentityDesk à jour, ou choisissez un autre stockage.</translation>
    </message>
    <message>
        <source>prepare the schema</source>
        <translation>préparer le schéma</translation>
    </message>
    <message>
        <source>apply schema migration %1 (%2)</source>
        <translation>appliquer la migration de schéma %1 (%2)</translation>
    </message>
    <message>
        <source>The store file %1 has been deleted, moved or replaced since IdentityDesk opened it, so nothing can be read from or saved to it safely. Restore the file (or choose another store) and restart IdentityDesk.</source>
        <translation>Le fichier de stockage %1 a été supprimé, déplacé ou remplacé depuis qu&apos;IdentityDesk l&apos;a ouvert ; rien ne peut donc y être lu ou enregistré en sécurité. Restaurez le fichier (ou choisissez un autre stockage) et redémarrez IdentityDesk.</translation>
    </message>
    <message>
        <source>The store at %1 is not open. Restart IdentityDesk, or choose another store.</source>
        <translation>Le stockage %1 n&apos;est pas ouvert. Redémarrez IdentityDesk, ou choisissez un autre stockage.</translation>
    </message>
    <message>
        <source>Cannot finish saving to the store at %1 (%2): %3. It is not certain whether the change was saved; check before repeating it. %4</source>
        <translation>Impossible de terminer l&apos;enregistrement dans le stockage %1 (%2) : %3. Il n&apos;est pas certain que la modification ait été enregistrée ; vérifiez avant de la répéter. %4</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <source>count the operators</source>
        <translation>compter les opérateurs</translation>
    </message>
    <message>
        <source>An operator needs a name.</source>
        <translation>Un opérateur doit avoir un nom.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a password hash; the store never keeps plain passwords. This is a bug in IdentityDesk: please report it.</source>
        <translation>Le mot de passe de l&apos;opérateur « %1 » n&apos;est pas un hachage de mot de passe ; le stockage ne conserve jamais de mots de passe en clair. C&apos;est un bogue d&apos;IdentityDesk : merci de le signaler.</translation>
    </message>
    <message>
        <source>add the operator “%1”</source>
        <translation>ajouter l&apos;opérateur « %1 »</translation>
    </message>
    <message>
        <source>An operator named “%1” already exists. Choose another name.</source>
        <translation>Un opérateur nommé « %1 » existe déjà. Choisissez un autre nom.</translation>
    </message>
    <message>
        <source>add an operator</source>
        <translation>ajouter un opérateur</translation>
    </message>
    <message>
        <source>look up the operator “%1”</source>
        <translation>rechercher l&apos;opérateur « %1 »</translation>
    </message>
    <message>
        <source>Operator “%1” has the unknown role “%2” in the store at %3. A supervisor must correct it.</source>
        <translation>L&apos;opérateur « %1 » a le rôle inconnu « %2 » dans le stockage %3. Un superviseur doit le corriger.</translation>
    </message>
    <message>
        <source>list the operators</source>
        <translation>lister les opérateurs</translation>
    </message>
    <message>
        <source>read the policy</source>
        <translation>lire la politique</translation>
    </message>
    <message>
        <source>A policy rule needs an action key.</source>
        <translation>Une règle de politique nécessite une clé d&apos;action.</translation>
    </message>
    <message>
        <source>change the policy for “%1”</source>
        <translation>modifier la politique pour « %1 »</translation>
    </message>
    <message>
        <source>change the policy</source>
        <translation>modifier la politique</translation>
    </message>
    <message>
        <source>record the action</source>
        <translation>enregistrer l&apos;action</translation>
    </message>
    <message>
        <source>Cannot record the action in the store at %1: the database returned no id. %2</source>
        <translation>Impossible d&apos;enregistrer l&apos;action dans le stockage %1 : la base n&apos;a renvoyé aucun identifiant. %2</translation>
    </message>
    <message>
        <source>update action %1</source>
        <translation>mettre à jour l&apos;action %1</translation>
    </message>
    <message>
        <source>There is no action %1 in the store at %2.</source>
        <translation>Il n&apos;y a pas d&apos;action %1 dans le stockage %2.</translation>
    </message>
    <message>
        <source>Action %1 is no longer %2 (it is now %3): another operator or console has already handled it. Refresh the list and check it before doing anything else.</source>
        <translation>L&apos;action %1 n&apos;est plus %2 (elle est maintenant %3) : un autre opérateur ou une autre console l&apos;a déjà traitée. Actualisez la liste et vérifiez-la avant toute autre chose.</translation>
    </message>
    <message>
        <source>Action %1 has the unknown state “%2” in the store at %3; it was probably written by a newer IdentityDesk. Update IdentityDesk.</source>
        <translation>L&apos;action %1 a l&apos;état inconnu « %2 » dans le stockage %3 ; elle a probablement été écrite par un IdentityDesk plus récent. Mettez IdentityDesk à jour.</translation>
    </message>
    <message>
        <source>read action %1</source>
        <translation>lire l&apos;action %1</translation>
    </message>
    <message>
        <source>list the %1 actions</source>
        <translation>lister les actions %1</translation>
    </message>
    <message>
        <source>append to the audit log</source>
        <translation>ajouter au journal d&apos;audit</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>lire le journal d&apos;audit</translation>
    </message>
    <message>
        <source>record the bulk job</source>
        <translation>enregistrer la tâche groupée</translation>
    </message>
    <message>
        <source>record the rows of the bulk job</source>
        <translation>enregistrer les lignes de la tâche groupée</translation>
    </message>
    <message>
        <source>record line %1 of the bulk job</source>
        <translation>enregistrer la ligne %1 de la tâche groupée</translation>
    </message>
    <message>
        <source>read the bulk jobs</source>
        <translation>lire les tâches groupées</translation>
    </message>
    <message>
        <source>There is no bulk job %1 in the store at %2.</source>
        <translation>Il n&apos;existe aucune tâche groupée %1 dans le stockage %2.</translation>
    </message>
    <message>
        <source>update bulk job %1</source>
        <translation>mettre à jour la tâche groupée %1</translation>
    </message>
    <message>
        <source>read the rows of bulk job %1</source>
        <translation>lire les lignes de la tâche groupée %1</translation>
    </message>
    <message>
        <source>record line %1 of bulk job %2</source>
        <translation>enregistrer la ligne %1 de la tâche groupée %2</translation>
    </message>
    <message>
        <source>cancel bulk job %1</source>
        <translation>annuler la tâche groupée %1</translation>
    </message>
    <message>
        <source>count the rows of bulk job %1</source>
        <translation>compter les lignes de la tâche groupée %1</translation>
    </message>
    <message>
        <source>read the subject index</source>
        <translation>lire l&apos;index des sujets</translation>
    </message>
    <message>
        <source>There is no subject “%1” in the index.</source>
        <translation>Il n&apos;existe aucun sujet « %1 » dans l&apos;index.</translation>
    </message>
    <message>
        <source>search the subject index</source>
        <translation>rechercher dans l&apos;index des sujets</translation>
    </message>
    <message>
        <source>save subjects to the index</source>
        <translation>enregistrer des sujets dans l&apos;index</translation>
    </message>
    <message numerus="yes">
        <source>record %n outcome(s)</source>
        <translation>
            <numerusform>enregistrer %n résultat</numerusform>
            <numerusform>enregistrer %n résultats</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>record %n line(s) of bulk job %1</source>
        <translation>
            <numerusform>enregistrer %n ligne de la tâche groupée %1</numerusform>
            <numerusform>enregistrer %n lignes de la tâche groupée %1</numerusform>
        </translation>
    </message>
    <message>
        <source>renew the runner of bulk job %1</source>
        <translation>renouveler l’exécutant de la tâche groupée %1</translation>
    </message>
    <message>
        <source>start bulk job %1</source>
        <translation>démarrer la tâche groupée %1</translation>
    </message>
    <message>
        <source>The store is locked by another program or console; try again when it is done.</source>
        <translation>Le stockage est verrouillé par un autre programme ou une autre console ; réessayez quand il aura terminé.</translation>
    </message>
    <message>
        <source>read the store&apos;s id</source>
        <translation>lire l&apos;identifiant du stockage</translation>
    </message>
    <message>
        <source>The store at %1 has no valid id (store_info.store_id): it was damaged or edited.</source>
        <translation>Le stockage %1 n&apos;a pas d&apos;identifiant valide (store_info.store_id) : il a été endommagé ou modifié.</translation>
    </message>
    <message>
        <source>read the checkpoint keys</source>
        <translation>lire les clés des points de contrôle</translation>
    </message>
    <message>
        <source>register the checkpoint key %1</source>
        <translation>enregistrer la clé de point de contrôle %1</translation>
    </message>
    <message>
        <source>keep the audit checkpoint of entry %1</source>
        <translation>conserver le point de contrôle d&apos;audit de l&apos;entrée %1</translation>
    </message>
    <message>
        <source>read the audit checkpoints</source>
        <translation>lire les points de contrôle d&apos;audit</translation>
    </message>
    <message>
        <source>change the operator “%1”</source>
        <translation>modifier l&apos;opérateur « %1 »</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>Il n&apos;y a aucun opérateur nommé « %1 ».</translation>
    </message>
    <message>
        <source>The team store&apos;s server refused it: your database role may not do this.</source>
        <translation>Le serveur du stockage d&apos;équipe l&apos;a refusé : votre rôle de base de données n&apos;est pas autorisé à le faire.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is not signed by a CA this store URL trusts (%2). Give the server&apos;s CA with ?sslrootcert=FILE; nothing was read or written.</source>
        <translation>Impossible de se connecter au stockage PostgreSQL %1 : le certificat de son serveur n&apos;est pas signé par une autorité de certification (AC) à laquelle cette URL de stockage fait confiance (%2). Indiquez l&apos;AC du serveur avec ?sslrootcert=FICHIER ; rien n&apos;a été lu ni écrit.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is for another host name (%2). Use the host name the certificate names; nothing was read or written.</source>
        <translation>Impossible de se connecter au stockage PostgreSQL %1 : le certificat de son serveur est émis pour un autre nom d&apos;hôte (%2). Utilisez le nom d&apos;hôte indiqué dans le certificat ; rien n&apos;a été lu ni écrit.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: no CA to check its server&apos;s certificate with (%2). Give the server&apos;s CA with ?sslrootcert=FILE.</source>
        <translation>Impossible de se connecter au stockage PostgreSQL %1 : aucune AC pour vérifier le certificat de son serveur (%2). Indiquez l&apos;AC du serveur avec ?sslrootcert=FICHIER.</translation>
    </message>
    <message>
        <source>“%1” is not one of the policy&apos;s settings.</source>
        <translation>« %1 » ne fait pas partie des paramètres de la politique.</translation>
    </message>
    <message>
        <source>apply the change of action %1</source>
        <translation>appliquer la modification de l&apos;action %1</translation>
    </message>
    <message>
        <source>Action %1 is no longer waiting for approval: another supervisor or console has decided it. Refresh to see its state.</source>
        <translation>L&apos;action %1 n&apos;est plus en attente d&apos;approbation : un autre superviseur ou une autre console l&apos;a tranchée. Actualisez pour voir son état.</translation>
    </message>
    <message>
        <source>Operator “%1” is no longer an active %2: request the change again.</source>
        <translation>L&apos;opérateur « %1 » n&apos;est plus un %2 actif : demandez à nouveau la modification.</translation>
    </message>
    <message>
        <source>record the profile used with this store</source>
        <translation>enregistrer le profil utilisé avec ce stockage</translation>
    </message>
    <message>
        <source>record a bulk job</source>
        <translation>enregistrer une tâche groupée</translation>
    </message>
    <message>
        <source>record rows of a bulk job</source>
        <translation>enregistrer des lignes d&apos;une tâche groupée</translation>
    </message>
    <message>
        <source>explain a subject search</source>
        <translation>expliquer une recherche de sujets</translation>
    </message>
    <message>
        <source>Cannot save subjects to the index: the database returned no id.</source>
        <translation>Impossible d&apos;enregistrer des sujets dans l&apos;index : la base n&apos;a renvoyé aucun identifiant.</translation>
    </message>
    <message>
        <source>The import was cancelled: nothing was written.</source>
        <translation>L&apos;importation a été annulée : rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <source>read the store&apos;s team mode</source>
        <translation>lire le mode équipe du stockage</translation>
    </message>
    <message>
        <source>The team store at %1 has an older schema than this IdentityDesk, and only its owner may upgrade it: ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</source>
        <translation>Le stockage d&apos;équipe %1 a un schéma plus ancien que cet IdentityDesk, et seul son propriétaire peut le mettre à niveau : demandez à l&apos;administrateur d&apos;exécuter identitydesk-cli --store postgresql://OWNER@… admin init.</translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: the database returned nothing. %3</source>
        <translation>Impossible de %1 dans le stockage %2 : la base n&apos;a rien renvoyé. %3</translation>
    </message>
    <message>
        <source>sign in</source>
        <translation>se connecter</translation>
    </message>
    <message>
        <source>Cannot sign in to the store at %1.</source>
        <translation>Impossible de se connecter au stockage %1.</translation>
    </message>
    <message>
        <source>The database role “%1” is not an active operator of the team store at %2 (it is in none of its group roles, or deactivated). Ask the administrator: identitydesk-cli admin init --check lists what is missing.</source>
        <translation>Le rôle de base de données « %1 » n&apos;est pas un opérateur actif du stockage d&apos;équipe %2 (il n&apos;appartient à aucun de ses rôles de groupe, ou il est désactivé). Demandez à l&apos;administrateur : identitydesk-cli admin init --check liste ce qui manque.</translation>
    </message>
    <message>
        <source>The database role “%1” has no operator record in the store at %2.</source>
        <translation>Le rôle de base de données « %1 » n&apos;a pas de fiche d&apos;opérateur dans le stockage %2.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a SCRAM verifier; a team store never receives plain passwords. This is a bug in IdentityDesk: please report it.</source>
        <translation>Le mot de passe de l&apos;opérateur « %1 » n&apos;est pas un vérificateur SCRAM ; un stockage d&apos;équipe ne reçoit jamais de mots de passe en clair. C&apos;est un bogue d&apos;IdentityDesk : merci de le signaler.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a SCRAM verifier. This is a bug in IdentityDesk: please report it.</source>
        <translation>Le mot de passe de l&apos;opérateur « %1 » n&apos;est pas un vérificateur SCRAM. C&apos;est un bogue d&apos;IdentityDesk : merci de le signaler.</translation>
    </message>
    <message>
        <source>In a team store each operator changes their own password (their database role&apos;s); the database administrator resets a forgotten one.</source>
        <translation>Dans un stockage d&apos;équipe, chaque opérateur change son propre mot de passe (celui de son rôle de base de données) ; l&apos;administrateur de la base réinitialise un mot de passe oublié.</translation>
    </message>
    <message>
        <source>set up the team mode</source>
        <translation>configurer le mode équipe</translation>
    </message>
    <message>
        <source>The role in the store URL may not create roles: give it CREATEROLE (ALTER ROLE owner CREATEROLE, as a superuser) and run admin init again.</source>
        <translation>Le rôle de l&apos;URL de stockage n&apos;est pas autorisé à créer des rôles : accordez-lui CREATEROLE (ALTER ROLE owner CREATEROLE, en tant que superutilisateur) et exécutez de nouveau admin init.</translation>
    </message>
    <message>
        <source>group roles %1</source>
        <translation>rôles de groupe %1</translation>
    </message>
    <message>
        <source>functions and privileges</source>
        <translation>fonctions et privilèges</translation>
    </message>
    <message>
        <source>Operator “%1” has the unknown role “%2”.</source>
        <translation>L&apos;opérateur « %1 » a le rôle inconnu « %2 ».</translation>
    </message>
    <message>
        <source>The database role “%1” (an operator&apos;s name) may create roles or databases: it cannot be an operator. Rename the operator or the role.</source>
        <translation>Le rôle de base de données « %1 » (nom d&apos;un opérateur) est autorisé à créer des rôles ou des bases de données : il ne peut pas être un opérateur. Renommez l&apos;opérateur ou le rôle.</translation>
    </message>
    <message>
        <source>admin init: team mode brought up to date</source>
        <translation>admin init : mode équipe mis à jour</translation>
    </message>
    <message>
        <source>admin init: team mode enabled</source>
        <translation>admin init : mode équipe activé</translation>
    </message>
    <message>
        <source>check the team mode</source>
        <translation>vérifier le mode équipe</translation>
    </message>
    <message>
        <source>the owner role %1 may not create roles (it needs CREATEROLE)</source>
        <translation>le rôle propriétaire %1 n&apos;est pas autorisé à créer des rôles (il lui faut CREATEROLE)</translation>
    </message>
    <message>
        <source>the group role %1 is missing (or can log in)</source>
        <translation>le rôle de groupe %1 est absent (ou peut se connecter)</translation>
    </message>
    <message>
        <source>the table %1 is missing</source>
        <translation>la table %1 est absente</translation>
    </message>
    <message>
        <source>the group role %1 may write the table %2 directly</source>
        <translation>le rôle de groupe %1 peut écrire directement dans la table %2</translation>
    </message>
    <message>
        <source>the group role %1 may not read the table %2</source>
        <translation>le rôle de groupe %1 ne peut pas lire la table %2</translation>
    </message>
    <message>
        <source>the function %1 is missing</source>
        <translation>la fonction %1 est absente</translation>
    </message>
    <message>
        <source>the group role %1 may call %2, which it must not</source>
        <translation>le rôle de groupe %1 peut appeler %2, ce qu&apos;il ne doit pas pouvoir faire</translation>
    </message>
    <message>
        <source>the group role %1 may not call %2</source>
        <translation>le rôle de groupe %1 ne peut pas appeler %2</translation>
    </message>
    <message>
        <source>PUBLIC may write or call %1</source>
        <translation>PUBLIC peut écrire ou appeler %1</translation>
    </message>
    <message>
        <source>the function %1 runs without a fixed search_path</source>
        <translation>la fonction %1 s&apos;exécute sans search_path fixe</translation>
    </message>
    <message>
        <source>the append-only trigger %1 on audit is missing or disabled</source>
        <translation>le déclencheur d&apos;ajout seul %1 sur audit est absent ou désactivé</translation>
    </message>
    <message>
        <source>the operator %1 has no login role</source>
        <translation>l&apos;opérateur %1 n&apos;a pas de rôle de connexion</translation>
    </message>
    <message>
        <source>the operator %1 is in the group role %2 but is a %3</source>
        <translation>l&apos;opérateur %1 appartient au rôle de groupe %2 mais c&apos;est un %3</translation>
    </message>
    <message>
        <source>the operator %1 (a %3) is not in the group role %2</source>
        <translation>l&apos;opérateur %1 (%3) n&apos;appartient pas au rôle de groupe %2</translation>
    </message>
    <message>
        <source>prepare the import</source>
        <translation>préparer l&apos;importation</translation>
    </message>
    <message>
        <source>Cannot %1 in the team store at %2: its server functions for bulk jobs are missing (team mode %3). Ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</source>
        <translation>Impossible de %1 dans le stockage d&apos;équipe %2 : ses fonctions serveur pour les traitements en masse manquent (mode équipe %3). Demandez à l&apos;administrateur d&apos;exécuter identitydesk-cli --store postgresql://OWNER@… admin init.</translation>
    </message>
    <message>
        <source>the column %1.%2 (the bulk rows&apos; hashes) is missing: run admin init</source>
        <translation>la colonne %1.%2 (les empreintes des lignes en masse) manque : exécutez admin init</translation>
    </message>
    <message numerus="yes">
        <source>%n bulk job(s) have rows that were never hashed: run admin init</source>
        <translation>
            <numerusform>%n traitement en masse a des lignes jamais hachées : exécutez admin init</numerusform>
            <numerusform>%n traitements en masse ont des lignes jamais hachées : exécutez admin init</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: the database answered with %3 outcome(s) and %4 row(s) for %5 and %6. %7</source>
        <translation>Impossible de %1 dans le stockage %2 : la base a répondu avec %3 résultat(s) et %4 ligne(s) pour %5 et %6. %7</translation>
    </message>
    <message>
        <source>the store is not an enforced team store yet: run admin init</source>
        <translation>le stockage n&apos;est pas encore un stockage d&apos;équipe appliqué par le serveur : lancez admin init</translation>
    </message>
    <message>
        <source>the store is at team mode %1, older than this console&apos;s team mode %2: run admin init to upgrade it</source>
        <translation>le stockage est en mode équipe %1, plus ancien que le mode équipe %2 de cette console : lancez admin init pour le mettre à niveau</translation>
    </message>
    <message>
        <source>the store is at team mode %1, newer than this console&apos;s team mode %2: use a newer identitydesk-cli</source>
        <translation>le stockage est en mode équipe %1, plus récent que le mode équipe %2 de cette console : utilisez un identitydesk-cli plus récent</translation>
    </message>
    <message>
        <source>There is no store at %1; nothing was created.</source>
        <translation>Il n&apos;y a pas de stockage à %1 ; rien n&apos;a été créé.</translation>
    </message>
    <message>
        <source>read who is signed in</source>
        <translation>lire qui est connecté</translation>
    </message>
    <message>
        <source>Type the password of %1.</source>
        <translation>Saisissez le mot de passe de %1.</translation>
    </message>
    <message>
        <source>Wrong password for %1 (the team store&apos;s server refused it).</source>
        <translation>Mot de passe erroné pour %1 (le serveur du stockage d&apos;équipe l&apos;a refusé).</translation>
    </message>
    <message>
        <source>read when your password expires</source>
        <translation>lire quand votre mot de passe expire</translation>
    </message>
</context>
<context>
    <name>StoreUrl</name>
    <message>
        <source>The store URL “%1” names a folder, not a file. Use sqlite:PATH/identitydesk.sqlite.</source>
        <translation>L&apos;URL de stockage « %1 » désigne un dossier, pas un fichier. Utilisez sqlite:CHEMIN/identitydesk.sqlite.</translation>
    </message>
    <message>
        <source>Unknown store URL “%1”. Use sqlite:PATH or postgresql://user@host:port/dbname.</source>
        <translation>URL de stockage inconnue « %1 ». Utilisez sqlite:CHEMIN ou postgresql://utilisateur@hôte:port/nombase.</translation>
    </message>
    <message>
        <source>The store URL %1 is not a valid URL. Use postgresql://user:password@host:port/dbname and percent-encode special characters in the password.</source>
        <translation>L&apos;URL de stockage %1 n&apos;est pas une URL valide. Utilisez postgresql://utilisateur:motdepasse@hôte:port/nombase et encodez en pourcentage les caractères spéciaux du mot de passe.</translation>
    </message>
    <message>
        <source>The store URL %1 needs one database name: postgresql://user@host:port/DBNAME.</source>
        <translation>L&apos;URL de stockage %1 nécessite un nom de base : postgresql://utilisateur@hôte:port/NOMBASE.</translation>
    </message>
    <message>
        <source>The store URL %1 has the option “%2”, which IdentityDesk does not pass on. Supported: %3. Put a password in the URL&apos;s user part or in ~/.pgpass.</source>
        <translation>L&apos;URL de stockage %1 a l&apos;option « %2 », qu&apos;IdentityDesk ne transmet pas. Prises en charge : %3. Mettez un mot de passe dans la partie utilisateur de l&apos;URL ou dans ~/.pgpass.</translation>
    </message>
    <message>
        <source>The store URL option “%1” must not contain “;”.</source>
        <translation>L&apos;option d&apos;URL de stockage « %1 » ne doit pas contenir « ; ».</translation>
    </message>
    <message>
        <source>The store URL %1 connects to %2 without checking the server&apos;s certificate (sslmode=%3), so anyone on the way could read or change what is stored. Leave sslmode out (IdentityDesk uses verify-full) and give the server&apos;s CA with ?sslrootcert=FILE. Nothing was written.</source>
        <translation>L&apos;URL de stockage %1 se connecte à %2 sans vérifier le certificat du serveur (sslmode=%3) : n&apos;importe qui sur le trajet pourrait lire ou modifier ce qui est stocké. Retirez sslmode (IdentityDesk utilise verify-full) et indiquez l&apos;AC du serveur avec ?sslrootcert=FICHIER. Rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <source>The store URL %1 checks the server&apos;s certificate but not that it was issued to %2 (sslmode=verify-ca), so another server with a certificate from the same CA could stand in for it. Leave sslmode out (IdentityDesk uses verify-full). Nothing was written.</source>
        <translation>L&apos;URL de stockage %1 vérifie le certificat du serveur mais pas qu&apos;il a été délivré à %2 (sslmode=verify-ca) : un autre serveur muni d&apos;un certificat de la même AC pourrait se faire passer pour lui. Retirez sslmode (IdentityDesk utilise verify-full). Rien n&apos;a été écrit.</translation>
    </message>
</context>
<context>
    <name>SubjectCsv</name>
    <message>
        <source>line %1: a quoted field is never closed</source>
        <translation>ligne %1 : un champ entre guillemets n&apos;est jamais fermé</translation>
    </message>
</context>
<context>
    <name>SubjectImportJob</name>
    <message>
        <source>Cannot read the subject index: %1</source>
        <translation>Impossible de lire l&apos;index des sujets : %1</translation>
    </message>
    <message>
        <source>Nothing was imported: cannot open the store: %1</source>
        <translation>Rien n&apos;a été importé : impossible d&apos;ouvrir le stockage : %1</translation>
    </message>
</context>
<context>
    <name>SubjectImportSpool</name>
    <message>
        <source>Cannot make a temporary file: %1</source>
        <translation>Impossible de créer un fichier temporaire : %1</translation>
    </message>
    <message>
        <source>Cannot write a temporary file: %1</source>
        <translation>Impossible d&apos;écrire un fichier temporaire : %1</translation>
    </message>
    <message>
        <source>Cannot read a temporary file: %1</source>
        <translation>Impossible de lire un fichier temporaire : %1</translation>
    </message>
</context>
<context>
    <name>SubjectProfileService</name>
    <message>
        <source>Unknown provider “%1” (known: %2).</source>
        <translation>Fournisseur inconnu « %1 » (connus : %2).</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Stockage</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>lire le journal d&apos;audit</translation>
    </message>
    <message>
        <source>No Smile ID user id is linked.</source>
        <translation>Aucun identifiant utilisateur Smile ID n&apos;est lié.</translation>
    </message>
    <message>
        <source>last known, from the audit log</source>
        <translation>dernier connu, d&apos;après le journal d&apos;audit</translation>
    </message>
    <message>
        <source>known only from the index and the audit log</source>
        <translation>connu uniquement par l&apos;index et le journal d&apos;audit</translation>
    </message>
    <message>
        <source>read the approvals queue</source>
        <translation>lire la file des approbations</translation>
    </message>
    <message>
        <source>The connection profile has no Smile ID section.</source>
        <translation>Le profil de connexion n&apos;a pas de section Smile ID.</translation>
    </message>
    <message>
        <source>No enrollment job id is known for this person (import it in the smileid_job column).</source>
        <translation>Aucun identifiant de tâche d&apos;enrôlement n&apos;est connu pour cette personne (importez-le dans la colonne smileid_job).</translation>
    </message>
    <message>
        <source>No e-mail address in the index to look the profile up by.</source>
        <translation>Aucune adresse e-mail dans l&apos;index pour rechercher le profil.</translation>
    </message>
    <message>
        <source>Only the first %L1 of %L2 pending requests at SDK.Finance were searched for this user; the Pending resets tab lists them all.</source>
        <translation>Seules les %L1 premières des %L2 demandes en attente chez SDK.Finance ont été parcourues pour cet utilisateur ; l’onglet Réinitialisations en attente les liste toutes.</translation>
    </message>
    <message>
        <source>The connection profile has no %1 section.</source>
        <translation>Le profil de connexion n&apos;a pas de section %1.</translation>
    </message>
    <message>
        <source>No %1 user id is linked.</source>
        <translation>Aucun identifiant utilisateur %1 n&apos;est lié.</translation>
    </message>
</context>
<context>
    <name>SubjectProfileView</name>
    <message>
        <source>&amp;Link to subject…</source>
        <translation>&amp;Lier à un sujet…</translation>
    </message>
    <message>
        <source>360 view of the selected person</source>
        <translation>Vue 360 de la personne sélectionnée</translation>
    </message>
    <message>
        <source>Security warning</source>
        <translation>Avertissement de sécurité</translation>
    </message>
    <message>
        <source>Link to subject</source>
        <translation>Lier à un sujet</translation>
    </message>
    <message>
        <source>Audit history of this person</source>
        <translation>Historique d&apos;audit de cette personne</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>En attente d&apos;approbation</translation>
    </message>
    <message>
        <source>Record in the index that this person&apos;s ids belong to one subject.</source>
        <translation>Enregistrer dans l&apos;index que les identifiants de cette personne appartiennent à un même sujet.</translation>
    </message>
    <message>
        <source>360 view: select a person</source>
        <translation>Vue 360 : sélectionnez une personne</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Not linked to a subject in the index</source>
        <translation>Non lié à un sujet dans l&apos;index</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Sujet %1</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Opérateur</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motif</translation>
    </message>
    <message>
        <source>Nothing recorded about this person yet.</source>
        <translation>Rien n&apos;a encore été enregistré concernant cette personne.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Demandée par</translation>
    </message>
    <message>
        <source>No action about this person is waiting for approval.</source>
        <translation>Aucune action concernant cette personne n&apos;est en attente d&apos;approbation.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
</context>
<context>
    <name>SubjectService</name>
    <message>
        <source>the id is empty</source>
        <translation>l&apos;identifiant est vide</translation>
    </message>
    <message>
        <source>the id “%1” starts or ends with spaces</source>
        <translation>l&apos;identifiant « %1 » commence ou se termine par des espaces</translation>
    </message>
    <message>
        <source>the id is longer than %1 characters</source>
        <translation>l&apos;identifiant dépasse %1 caractères</translation>
    </message>
    <message>
        <source>the id “%1” holds control characters</source>
        <translation>l&apos;identifiant « %1 » contient des caractères de contrôle</translation>
    </message>
    <message>
        <source>unknown provider “%1” (known: %2)</source>
        <translation>fournisseur inconnu « %1 » (connus : %2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <source>Cannot read the subject index: %1</source>
        <translation>Impossible de lire l&apos;index des sujets : %1</translation>
    </message>
    <message>
        <source>expected %1 columns, found %2</source>
        <translation>%1 colonnes attendues, %2 trouvées</translation>
    </message>
    <message>
        <source>subject: empty (every row needs the team&apos;s reference for the person)</source>
        <translation>subject : vide (chaque ligne nécessite la référence de l&apos;équipe pour la personne)</translation>
    </message>
    <message>
        <source>subject: %1</source>
        <translation>subject : %1</translation>
    </message>
    <message>
        <source>subject: “%1” is already on line %2</source>
        <translation>subject : « %1 » figure déjà à la ligne %2</translation>
    </message>
    <message>
        <source>email: “%1” is not an e-mail address</source>
        <translation>email : « %1 » n&apos;est pas une adresse e-mail</translation>
    </message>
    <message>
        <source>smileid_job: a Smile ID job needs the person&apos;s Smile ID user id (column smileid)</source>
        <translation>smileid_job : une tâche Smile ID nécessite l&apos;identifiant utilisateur Smile ID de la personne (colonne smileid)</translation>
    </message>
    <message>
        <source>%1 id “%2” is also given on line %3 for subject “%4”</source>
        <translation>l&apos;identifiant %1 « %2 » est aussi indiqué à la ligne %3 pour le sujet « %4 »</translation>
    </message>
    <message>
        <source>%1 id “%2” is already linked to subject “%3”</source>
        <translation>l&apos;identifiant %1 « %2 » est déjà lié au sujet « %3 »</translation>
    </message>
    <message>
        <source>%1 is an auditor and cannot change the subject index.</source>
        <translation>%1 est auditeur et ne peut pas modifier l&apos;index des sujets.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>ligne %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was imported from %1: %n row(s) cannot be imported.
</source>
        <translation>
            <numerusform>Rien n&apos;a été importé depuis %1 : %n ligne ne peut pas être importée.
</numerusform>
            <numerusform>Rien n&apos;a été importé depuis %1 : %n lignes ne peuvent pas être importées.
</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 id “%2” is already linked to subject “%3”; unlink it there first.</source>
        <translation>l&apos;identifiant %1 « %2 » est déjà lié au sujet « %3 » ; supprimez d&apos;abord ce lien.</translation>
    </message>
    <message>
        <source>Neither record is linked yet: give the subject reference to link both to.</source>
        <translation>Aucun des deux dossiers n&apos;est encore lié : indiquez la référence du sujet auquel les lier.</translation>
    </message>
    <message>
        <source>email: %1 characters; an e-mail address has at most %2</source>
        <translation>email : %1 caractères ; une adresse e-mail en compte au plus %2</translation>
    </message>
    <message>
        <source>%1 characters; a name has at most %2</source>
        <translation>%1 caractères ; un nom comporte au plus %2</translation>
    </message>
    <message>
        <source>“%1” holds control characters</source>
        <translation>« %1 » contient des caractères de contrôle</translation>
    </message>
    <message>
        <source>“%1” is not a phone number (digits, spaces and + ( ) . - / only)</source>
        <translation>« %1 » n&apos;est pas un numéro de téléphone (chiffres, espaces et + ( ) . - / uniquement)</translation>
    </message>
    <message>
        <source>%1 is empty: the first line must be a header naming its columns (of %2)</source>
        <translation>%1 est vide : la première ligne doit être un en-tête nommant ses colonnes (parmi %2)</translation>
    </message>
    <message>
        <source>“%1” is not a column</source>
        <translation>« %1 » n&apos;est pas une colonne</translation>
    </message>
    <message>
        <source>“%1” is given twice</source>
        <translation>« %1 » est indiqué deux fois</translation>
    </message>
    <message>
        <source>there is no subject column</source>
        <translation>il n&apos;y a pas de colonne subject</translation>
    </message>
    <message>
        <source>%1, line %2: the header must name its columns, of %3, subject included (%4)</source>
        <translation>%1, ligne %2 : l&apos;en-tête doit nommer ses colonnes, parmi %3, subject compris (%4)</translation>
    </message>
    <message>
        <source>Checking %1 was cancelled.</source>
        <translation>La vérification de %1 a été annulée.</translation>
    </message>
    <message>
        <source>name: %1</source>
        <translation>name : %1</translation>
    </message>
    <message>
        <source>phone: %1</source>
        <translation>phone : %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>et %n autre(s)</numerusform>
            <numerusform>et %n autre(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is not PROVIDER:ID (e.g. %2:42)</source>
        <translation>« %1 » n&apos;est pas de la forme FOURNISSEUR:ID (p. ex. %2:42)</translation>
    </message>
    <message>
        <source>Cannot write a temporary file</source>
        <translation>Impossible d&apos;écrire un fichier temporaire</translation>
    </message>
</context>
<context>
    <name>SubjectsCommand</name>
    <message>
        <source>usage: subjects import FILE.csv [--dry-run] | subjects link SUBJECT PROVIDER:ID</source>
        <translation>usage : subjects import FICHIER.csv [--dry-run] | subjects link SUJET FOURNISSEUR:ID</translation>
    </message>
    <message>
        <source>%1 is an auditor and cannot change the subject index.</source>
        <translation>%1 est auditeur et ne peut pas modifier l&apos;index des sujets.</translation>
    </message>
    <message>
        <source>Cannot read the subject index</source>
        <translation>Impossible de lire l&apos;index des sujets</translation>
    </message>
    <message>
        <source>%1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad</source>
        <translation>%1 : %2 nouveaux, %3 modifiés, %4 inchangés, %5 en conflit, %6 erronés</translation>
    </message>
    <message>
        <source>line %1: %2 %3</source>
        <translation>ligne %1 : %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>Imported: %n subject(s) written to the index.</source>
        <translation>
            <numerusform>Importé : %n sujet écrit dans l&apos;index.</numerusform>
            <numerusform>Importé : %n sujets écrits dans l&apos;index.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>Simulation : rien n&apos;a été écrit.</translation>
    </message>
    <message>
        <source>%1, line %2: %3: %4</source>
        <translation>%1, ligne %2 : %3 : %4</translation>
    </message>
    <message>
        <source>Nothing was imported from %1.</source>
        <translation>Rien n&apos;a été importé depuis %1.</translation>
    </message>
    <message>
        <source>Linked %1:%2 to subject %3.</source>
        <translation>%1:%2 lié au sujet %3.</translation>
    </message>
    <message>
        <source>checking rows</source>
        <translation>vérification des lignes</translation>
    </message>
    <message>
        <source>writing subjects</source>
        <translation>écriture des sujets</translation>
    </message>
    <message>
        <source>reading the file</source>
        <translation>lecture du fichier</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyClient</name>
    <message>
        <source>search users</source>
        <translation>rechercher des utilisateurs</translation>
    </message>
    <message>
        <source>look up user %1</source>
        <translation>rechercher l&apos;utilisateur %1</translation>
    </message>
    <message>
        <source>list workflows</source>
        <translation>lister les workflows</translation>
    </message>
    <message>
        <source>Trust Swiftly has no action &apos;%1&apos;.</source>
        <translation>Trust Swiftly n&apos;a pas d&apos;action « %1 ».</translation>
    </message>
    <message>
        <source>A Trust Swiftly user id is required.</source>
        <translation>Un identifiant utilisateur Trust Swiftly est obligatoire.</translation>
    </message>
    <message>
        <source>Choose the workflow Trust Swiftly user %1 is on now (from).</source>
        <translation>Choisissez le workflow actuel de l&apos;utilisateur Trust Swiftly %1 (de).</translation>
    </message>
    <message>
        <source>Choose the re-verification workflow to assign to Trust Swiftly user %1 (to).</source>
        <translation>Choisissez le workflow de re-vérification à assigner à l&apos;utilisateur Trust Swiftly %1 (vers).</translation>
    </message>
    <message>
        <source>The re-verification workflow must differ from the current one (both are %1).</source>
        <translation>Le workflow de re-vérification doit différer de l&apos;actuel (les deux sont %1).</translation>
    </message>
    <message>
        <source>Assign re-verification workflow %1 to Trust Swiftly user %2 (now on %3)</source>
        <translation>Assigner le workflow de re-vérification %1 à l&apos;utilisateur Trust Swiftly %2 (actuellement sur %3)</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 already has re-verification workflow %2: nothing changed.</source>
        <translation>L&apos;utilisateur Trust Swiftly %1 a déjà le workflow de re-vérification %2 : rien n&apos;a changé.</translation>
    </message>
    <message>
        <source>Trust Swiftly did not assign re-verification workflow %1 to user %2 (it answered &quot;success&quot;: false%3). Check the user in Trust Swiftly and try again.</source>
        <translation>Trust Swiftly n&apos;a pas assigné le workflow de re-vérification %1 à l&apos;utilisateur %2 (réponse &quot;success&quot;: false%3). Vérifiez l&apos;utilisateur dans Trust Swiftly et réessayez.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 now has re-verification workflow %2 (from %3); they will be asked to re-verify the next time they open their magic link.</source>
        <translation>L&apos;utilisateur Trust Swiftly %1 a maintenant le workflow de re-vérification %2 (depuis %3) ; il devra se re-vérifier à la prochaine ouverture de son lien magique.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 not found (HTTP 404): nothing was changed. Check the id: it is Trust Swiftly&apos;s own user id (e.g. 647), not your reference id.</source>
        <translation>Utilisateur Trust Swiftly %1 introuvable (HTTP 404) : rien n&apos;a changé. Vérifiez l&apos;identifiant : c&apos;est l&apos;identifiant utilisateur propre à Trust Swiftly (p. ex. 647), pas votre identifiant de référence.</translation>
    </message>
    <message>
        <source>the data was invalid</source>
        <translation>les données étaient invalides</translation>
    </message>
    <message>
        <source>Trust Swiftly refused to assign re-verification workflow %1 to user %2 (HTTP 422): %3. Nothing was changed; correct the workflow named and send again.</source>
        <translation>Trust Swiftly a refusé d&apos;assigner le workflow de re-vérification %1 à l&apos;utilisateur %2 (HTTP 422) : %3. Rien n&apos;a changé ; corrigez le workflow indiqué et renvoyez.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has re-verification workflow %2 assigned: the reverify took effect.</source>
        <translation>L&apos;utilisateur Trust Swiftly %1 a le workflow de re-vérification %2 assigné : la re-vérification a pris effet.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has no re-verification workflow assigned, not %2: the reverify did not take effect. Resolve it as failed, or send it again.</source>
        <translation>L&apos;utilisateur Trust Swiftly %1 n&apos;a aucun workflow de re-vérification assigné, pas %2 : la re-vérification n&apos;a pas pris effet. Résolvez-la comme échouée, ou renvoyez-la.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has re-verification workflow %2 assigned, not %3: the reverify did not take effect (or was changed since). Resolve it as failed, or send it again.</source>
        <translation>L&apos;utilisateur Trust Swiftly %1 a le workflow de re-vérification %2 assigné, pas %3 : la re-vérification n&apos;a pas pris effet (ou a été modifiée depuis). Résolvez-la comme échouée, ou renvoyez-la.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Trust Swiftly user id: use the id the Trust Swiftly API gave the user (e.g. 647; letters, digits, &apos;-&apos; or &apos;_&apos;), not your own reference id.</source>
        <translation>« %1 » n&apos;est pas un identifiant d&apos;utilisateur Trust Swiftly : utilisez l&apos;identifiant attribué par l&apos;API Trust Swiftly (p. ex. 647 ; lettres, chiffres, « - » ou « _ »), pas votre propre référence.</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyCommand</name>
    <message>
        <source>usage: trustswiftly workflows | trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT</source>
        <translation>usage : trustswiftly workflows | trustswiftly reverify ID_UTILISATEUR --from WORKFLOW --to WORKFLOW --reason TEXTE</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;trustswiftly&apos; section</source>
        <translation>le profil de connexion %1 n&apos;a pas de section &apos;trustswiftly&apos;</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <source>trustswiftly reverify needs --from WORKFLOW and --to WORKFLOW (see &apos;trustswiftly workflows&apos;)</source>
        <translation>trustswiftly reverify nécessite --from WORKFLOW et --to WORKFLOW (voir &apos;trustswiftly workflows&apos;)</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTE est obligatoire</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyModule</name>
    <message>
        <source>Assign re-verification to %1: Trust Swiftly switches the person from workflow %2 to %3 for the next check</source>
        <translation>Assigner une re-vérification à %1 : Trust Swiftly fait passer la personne du workflow %2 au workflow %3 pour la prochaine vérification</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyPanel</name>
    <message>
        <source>%1:</source>
        <translation>%1 :</translation>
    </message>
    <message>
        <source>Current workflow</source>
        <translation>Workflow actuel</translation>
    </message>
    <message>
        <source>Re-verification workflow</source>
        <translation>Workflow de re-vérification</translation>
    </message>
    <message>
        <source>Trust Swiftly actions</source>
        <translation>Actions Trust Swiftly</translation>
    </message>
    <message>
        <source>Assign re-verification…</source>
        <translation>Assigner une re-vérification…</translation>
    </message>
    <message>
        <source>Assign re-verification</source>
        <translation>Assigner une re-vérification</translation>
    </message>
    <message>
        <source>Result of the last Trust Swiftly action</source>
        <translation>Résultat de la dernière action Trust Swiftly</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</source>
        <translation>Non connecté à Trust Swiftly : ouvrez un profil de connexion avec une section Trust Swiftly.</translation>
    </message>
    <message>
        <source>Re-verification is for Trust Swiftly users.</source>
        <translation>La re-vérification concerne les utilisateurs Trust Swiftly.</translation>
    </message>
    <message>
        <source>Trust Swiftly has not said which workflow this user is on.</source>
        <translation>Trust Swiftly n&apos;a pas indiqué le workflow actuel de cet utilisateur.</translation>
    </message>
    <message>
        <source>Choose a workflow the user must go through again; opens a confirmation with the exact request.</source>
        <translation>Choisir un workflow que l&apos;utilisateur doit suivre à nouveau ; ouvre une confirmation avec la requête exacte.</translation>
    </message>
    <message>
        <source>Wait until the current Trust Swiftly action has finished.</source>
        <translation>Attendez la fin de l&apos;action Trust Swiftly en cours.</translation>
    </message>
    <message>
        <source>Sending to Trust Swiftly…</source>
        <translation>Envoi à Trust Swiftly…</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlySectionView</name>
    <message>
        <source>Trust Swiftly — workflow and verification</source>
        <translation>Trust Swiftly — workflow et vérification</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Identifiant utilisateur</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Verification status</source>
        <translation>Statut de vérification</translation>
    </message>
    <message>
        <source>Current workflow</source>
        <translation>Workflow actuel</translation>
    </message>
    <message>
        <source>RE-VERIFICATION ASSIGNED</source>
        <translation>RE-VÉRIFICATION ASSIGNÉE</translation>
    </message>
    <message>
        <source>Re-verification workflow</source>
        <translation>Workflow de re-vérification</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyWire</name>
    <message>
        <source>a user has no &apos;id&apos;</source>
        <translation>un utilisateur n&apos;a pas d&apos;&apos;id&apos;</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: [...]} in the users listing</source>
        <translation>{&quot;data&quot;: [...]} attendu dans la liste des utilisateurs</translation>
    </message>
    <message>
        <source>an entry of the users listing is not an object</source>
        <translation>une entrée de la liste des utilisateurs n&apos;est pas un objet</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: {...}} for a user</source>
        <translation>{&quot;data&quot;: {...}} attendu pour un utilisateur</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: [...]} in the workflow list</source>
        <translation>{&quot;data&quot;: [...]} attendu dans la liste des workflows</translation>
    </message>
    <message>
        <source>a workflow has no &apos;id&apos;</source>
        <translation>un workflow n&apos;a pas d&apos;&apos;id&apos;</translation>
    </message>
</context>
<context>
    <name>UnresolvedCommand</name>
    <message>
        <source>Action #%1 resolved as %2.</source>
        <translation>Action n° %1 résolue comme %2.</translation>
    </message>
    <message>
        <source>usage: unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXT</source>
        <translation>usage : unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXTE</translation>
    </message>
</context>
<context>
    <name>UnresolvedView</name>
    <message>
        <source>Resolve as su&amp;cceeded…</source>
        <translation>Résoudre comme ré&amp;ussie…</translation>
    </message>
    <message>
        <source>Resolve as fai&amp;led…</source>
        <translation>Résoudre comme é&amp;chouée…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Unresolved actions</source>
        <translation>Actions non résolues</translation>
    </message>
    <message>
        <source>Resolve as succeeded</source>
        <translation>Résoudre comme réussie</translation>
    </message>
    <message>
        <source>Resolve as failed</source>
        <translation>Résoudre comme échouée</translation>
    </message>
    <message>
        <source>Refresh the unresolved actions</source>
        <translation>Actualiser les actions non résolues</translation>
    </message>
    <message>
        <source>The unresolved actions could not be read: %1</source>
        <translation>Les actions non résolues n&apos;ont pas pu être lues : %1</translation>
    </message>
    <message>
        <source>No action is unresolved.</source>
        <translation>Aucune action n&apos;est non résolue.</translation>
    </message>
    <message>
        <source>Select an action first.</source>
        <translation>Sélectionnez d&apos;abord une action.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Non connecté.</translation>
    </message>
    <message>
        <source>Record what you found at the provider, with a reason.</source>
        <translation>Consignez ce que vous avez constaté chez le fournisseur, avec un motif.</translation>
    </message>
    <message>
        <source>#%1 requested by %2: %3</source>
        <translation>N° %1 demandée par %2 : %3</translation>
    </message>
    <message>
        <source>Resolve action #%1 — IdentityDesk</source>
        <translation>Résoudre l&apos;action n° %1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record #%1 as succeeded?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was applied.</source>
        <translation>&lt;b&gt;Consigner le n° %1 comme réussi ?&lt;/b&gt; %2.&lt;br&gt;Ne le faites qu&apos;après avoir vérifié chez le fournisseur que la modification a été appliquée.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record #%1 as failed?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was not applied.</source>
        <translation>&lt;b&gt;Consigner le n° %1 comme échoué ?&lt;/b&gt; %2.&lt;br&gt;Ne le faites qu&apos;après avoir vérifié chez le fournisseur que la modification n&apos;a pas été appliquée.</translation>
    </message>
    <message>
        <source>&amp;What did you check? (required)</source>
        <translation>&amp;Qu&apos;avez-vous vérifié ? (obligatoire)</translation>
    </message>
    <message>
        <source>Record as &amp;succeeded</source>
        <translation>Consigner comme ré&amp;ussi</translation>
    </message>
    <message>
        <source>Record as &amp;failed</source>
        <translation>Consigner comme é&amp;choué</translation>
    </message>
    <message>
        <source>#%1 recorded as succeeded.</source>
        <translation>N° %1 consigné comme réussi.</translation>
    </message>
    <message>
        <source>#%1 recorded as failed.</source>
        <translation>N° %1 consigné comme échoué.</translation>
    </message>
    <message>
        <source>#%1 could not be resolved: %2</source>
        <translation>Le n° %1 n&apos;a pas pu être résolu : %2</translation>
    </message>
    <message>
        <source>Re-check at the &amp;provider</source>
        <translation>Revérifier chez le &amp;fournisseur</translation>
    </message>
    <message>
        <source>An unresolved action was sent, but its outcome is unknown: the provider did not answer in time, the connection was lost after sending, or the console stopped while waiting. It may or may not have been applied, so it is never sent again automatically. Check the person&apos;s state at the provider (Re-check asks it, where the provider can tell), then record what you found. To try again after a failure, request the action anew.</source>
        <translation>Une action non résolue a été envoyée, mais son résultat est inconnu : le fournisseur n&apos;a pas répondu à temps, la connexion a été perdue après l&apos;envoi, ou la console s&apos;est arrêtée pendant l&apos;attente. Elle a peut-être été appliquée, ou non : elle n&apos;est donc jamais renvoyée automatiquement. Vérifiez l&apos;état de la personne chez le fournisseur (Revérifier l&apos;interroge, quand le fournisseur peut le dire), puis consignez ce que vous avez constaté. Pour réessayer après un échec, demandez à nouveau l&apos;action.</translation>
    </message>
    <message>
        <source>Re-check at the provider</source>
        <translation>Revérifier chez le fournisseur</translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation>Interrogation du fournisseur…</translation>
    </message>
    <message>
        <source>Asks the provider whether the change took effect; if it did, the action is resolved as succeeded.</source>
        <translation>Demande au fournisseur si la modification a pris effet ; si oui, l&apos;action est résolue comme réussie.</translation>
    </message>
</context>
<context>
    <name>UserDetailPane</name>
    <message>
        <source>User details</source>
        <translation>Détails de l&apos;utilisateur</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Identifiant chez le fournisseur</translation>
    </message>
    <message>
        <source>No user selected</source>
        <translation>Aucun utilisateur sélectionné</translation>
    </message>
    <message>
        <source>Search for a user and select a row to see the details here.</source>
        <translation>Recherchez un utilisateur et sélectionnez une ligne pour voir ses détails ici.</translation>
    </message>
    <message>
        <source>Refreshing from %1…</source>
        <translation>Actualisation depuis %1…</translation>
    </message>
    <message>
        <source>Up to date as of %1.</source>
        <translation>À jour au %1.</translation>
    </message>
    <message>
        <source>%1:</source>
        <extracomment>A form label: French puts a space before the colon.</extracomment>
        <translation>%1 :</translation>
    </message>
</context>
<context>
    <name>UserIdPanel</name>
    <message>
        <source>Not connected: open a connection profile first.</source>
        <translation>Non connecté : ouvrez d&apos;abord un profil de connexion.</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Sélectionnez d&apos;abord une personne.</translation>
    </message>
</context>
<context>
    <name>UserSearchCommand</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOM</translation>
    </message>
    <message>
        <source>E-MAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUT</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) shown</source>
        <translation>
            <numerusform>%n utilisateur affiché</numerusform>
            <numerusform>%n utilisateurs affichés</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 match(es) in all</source>
        <translation>, %1 correspondance(s) en tout</translation>
    </message>
</context>
<context>
    <name>UsersCommand</name>
    <message>
        <source>&apos;users search&apos; takes exactly one TEXT argument</source>
        <translation>&apos;users search&apos; attend exactement un argument TEXTE</translation>
    </message>
    <message>
        <source>--limit takes a positive whole number</source>
        <translation>--limit attend un nombre entier positif</translation>
    </message>
    <message>
        <source>usage: users search TEXT [--provider NAME] [--limit N] | users show ID [--provider NAME]</source>
        <translation>usage : users search TEXTE [--provider NOM] [--limit N] | users show ID [--provider NOM]</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;%2&apos; section</source>
        <translation>le profil de connexion %1 n&apos;a pas de section « %2 »</translation>
    </message>
    <message>
        <source>--provider: &apos;%1&apos; cannot search users (known: %2, %3)</source>
        <translation>--provider : « %1 » ne peut pas rechercher d&apos;utilisateurs (connus : %2, %3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Téléphone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Référence</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Identifiant chez le fournisseur</translation>
    </message>
</context>
<context>
    <name>UsersShowCommand</name>
    <message>
        <source>usage: users show ID [--provider NAME]</source>
        <translation>usage : users show ID [--provider NOM]</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Not in the subject index</source>
        <translation>Absent de l&apos;index des sujets</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Sujet %1</translation>
    </message>
    <message>
        <source>  e-mail: %1</source>
        <translation>  e-mail : %1</translation>
    </message>
    <message>
        <source>  %1 id: %2</source>
        <translation>  identifiant %1 : %2</translation>
    </message>
    <message>
        <source>users show needs an ID: a subject reference, or a provider&apos;s id with --provider NAME (an empty ID is never valid)</source>
        <translation>users show a besoin d&apos;un ID : une référence de sujet, ou l&apos;identifiant d&apos;un fournisseur avec --provider NOM (un ID vide n&apos;est jamais valide)</translation>
    </message>
    <message>
        <source>users show: not a subject reference: %1</source>
        <translation>users show : ce n&apos;est pas une référence de sujet : %1</translation>
    </message>
</context>
<context>
    <name>WaitNotice</name>
    <message>
        <source>%1 rate limit: waiting %2 s (until %3)…</source>
        <translation>Limite de débit de %1 : attente de %2 s (jusqu&apos;à %3)…</translation>
    </message>
    <message>
        <source>provider</source>
        <translation>fournisseur</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s…</source>
        <translation>%1 Nouvelle tentative dans %2 s…</translation>
    </message>
    <message>
        <source>still waiting for %1… Ctrl-C to stop</source>
        <translation>toujours en attente de %1… Ctrl-C pour arrêter</translation>
    </message>
    <message>
        <source>still waiting for %1 (%2 s)… Ctrl-C to stop</source>
        <translation>toujours en attente de %1 (%2 s)… Ctrl-C pour arrêter</translation>
    </message>
</context>
<context>
    <name>WorkflowPicker</name>
    <message>
        <source>&amp;Refresh workflows</source>
        <translation>&amp;Actualiser les workflows</translation>
    </message>
    <message>
        <source>Re-verification workflows</source>
        <translation>Workflows de re-vérification</translation>
    </message>
    <message>
        <source>Current workflow (from)</source>
        <translation>Workflow actuel (de)</translation>
    </message>
    <message>
        <source>The workflow the user is on now; Trust Swiftly refuses the request if it does not match.</source>
        <translation>Le workflow actuel de l&apos;utilisateur ; Trust Swiftly refuse la requête s&apos;il ne correspond pas.</translation>
    </message>
    <message>
        <source>Re-verification workflow (to)</source>
        <translation>Workflow de re-vérification (vers)</translation>
    </message>
    <message>
        <source>The workflow the user will be asked to go through; it must differ from the current one.</source>
        <translation>Le workflow que l&apos;utilisateur devra suivre ; il doit différer de l&apos;actuel.</translation>
    </message>
    <message>
        <source>Refresh workflows</source>
        <translation>Actualiser les workflows</translation>
    </message>
    <message>
        <source>Asks Trust Swiftly for its workflows again (they are kept for the session).</source>
        <translation>Redemande ses workflows à Trust Swiftly (ils sont conservés pour la session).</translation>
    </message>
    <message>
        <source>&amp;From (current):</source>
        <translation>&amp;De (actuel) :</translation>
    </message>
    <message>
        <source>&amp;To (re-verification):</source>
        <translation>&amp;Vers (re-vérification) :</translation>
    </message>
    <message>
        <source>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</source>
        <translation>Non connecté à Trust Swiftly : ouvrez un profil de connexion avec une section Trust Swiftly.</translation>
    </message>
    <message>
        <source>Reading the workflows from Trust Swiftly…</source>
        <translation>Lecture des workflows depuis Trust Swiftly…</translation>
    </message>
    <message>
        <source>The workflows could not be read: %1</source>
        <translation>Les workflows n&apos;ont pas pu être lus : %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Unknown workflow (%1)</source>
        <translation>Workflow inconnu (%1)</translation>
    </message>
    <message>
        <source>This is the current workflow: choose another one.</source>
        <translation>C&apos;est le workflow actuel : choisissez-en un autre.</translation>
    </message>
</context>
</TS>
