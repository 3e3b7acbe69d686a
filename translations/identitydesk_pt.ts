<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About IdentityDesk</source>
        <translation>Acerca do IdentityDesk</translation>
    </message>
    <message>
        <source>IdentityDesk logo</source>
        <translation>Logótipo do IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;h2&gt;IdentityDesk %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;IdentityDesk %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Versão e licença</translation>
    </message>
    <message>
        <source>Operator console for identity-verification providers.</source>
        <translation>Consola de operador para fornecedores de verificação de identidade.</translation>
    </message>
    <message>
        <source>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version. It comes with ABSOLUTELY NO WARRANTY.</source>
        <translation>Este programa é software livre: pode redistribuí-lo e/ou modificá-lo nos termos da Licença Pública Geral GNU, versão 3 ou (à sua escolha) qualquer versão posterior. É fornecido SEM QUALQUER GARANTIA.</translation>
    </message>
    <message>
        <source>Version %1
Qt %2
%3
Licence: GPL-3.0-or-later</source>
        <translation>Versão %1
Qt %2
%3
Licença: GPL-3.0-or-later</translation>
    </message>
    <message>
        <source>No TLS library loaded</source>
        <translation>Nenhuma biblioteca TLS carregada</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Confirm action — IdentityDesk</source>
        <translation>Confirmar a ação — IdentityDesk</translation>
    </message>
    <message>
        <source>Request that will be sent</source>
        <translation>Pedido que será enviado</translation>
    </message>
    <message>
        <source>Request that will be sent (the signature is made when it is sent):</source>
        <translation>Pedido que será enviado (a assinatura é calculada no envio):</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Why? A case or ticket number and what you checked</source>
        <translation>Porquê? Um número de processo ou de pedido e o que verificou</translation>
    </message>
    <message>
        <source>&amp;Reason (required, recorded in the audit log):</source>
        <translation>&amp;Motivo (obrigatório, registado no registo de auditoria):</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Confirmação</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The policy could not be read from the store, so nothing can be sent: %1</source>
        <translation>A política não pôde ser lida do armazenamento, por isso nada pode ser enviado: %1</translation>
    </message>
    <message>
        <source>Approval: unknown (the policy could not be read).</source>
        <translation>Aprovação: desconhecida (a política não pôde ser lida).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Needs approval:&lt;/b&gt; the policy wants a supervisor&apos;s approval. The action waits under Approvals until a supervisor other than you approves it; nothing is sent before.</source>
        <translation>&lt;b&gt;Requer aprovação:&lt;/b&gt; a política exige a aprovação de um supervisor. A ação aguarda em Aprovações até que um supervisor que não seja você a aprove; nada é enviado antes disso.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No approval needed:&lt;/b&gt; it is sent at once when you confirm.</source>
        <translation>&lt;b&gt;Não requer aprovação:&lt;/b&gt; é enviada assim que confirmar.</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Submeter para aprovação</translation>
    </message>
    <message>
        <source>&amp;Send now</source>
        <translation>&amp;Enviar agora</translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1”: this changes a real person&apos;s record at the provider.</source>
        <translation>PRODUÇÃO — perfil “%1”: isto altera o registo de uma pessoa real no fornecedor.</translation>
    </message>
    <message>
        <source>Type a reason first.</source>
        <translation>Escreva primeiro um motivo.</translation>
    </message>
    <message>
        <source>Type “%1” to confirm.</source>
        <translation>Escreva “%1” para confirmar.</translation>
    </message>
    <message>
        <source>Request &amp;details</source>
        <translation>&amp;Detalhes do pedido</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>Detalhes do pedido</translation>
    </message>
    <message>
        <source>&lt;b&gt;Already asked:&lt;/b&gt; action #%1 does the same to this person and is %2. &lt;a href=&quot;action:%1&quot;&gt;Show action #%1&lt;/a&gt; before asking again.</source>
        <translation>&lt;b&gt;Já pedido:&lt;/b&gt; a ação #%1 faz o mesmo a esta pessoa e está %2. &lt;a href=&quot;action:%1&quot;&gt;Mostrar a ação #%1&lt;/a&gt; antes de pedir novamente.</translation>
    </message>
    <message>
        <source>waiting for a supervisor&apos;s approval</source>
        <translation>a aguardar a aprovação de um supervisor</translation>
    </message>
    <message>
        <source>approved and about to be sent</source>
        <translation>aprovada e prestes a ser enviada</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>a ser enviada</translation>
    </message>
    <message>
        <source>unresolved (its outcome is unknown)</source>
        <translation>por resolver (o seu resultado é desconhecido)</translation>
    </message>
    <message>
        <source>%1 cannot be undone easily: type your password to confirm that it is you who requests it.</source>
        <translation>%1 não pode ser anulado facilmente: introduza a sua palavra-passe para confirmar que é você quem o pede.</translation>
    </message>
</context>
<context>
    <name>ActionPrinter</name>
    <message>
        <source>Nothing changed: already in this state.</source>
        <translation>Nada mudou: já está neste estado.</translation>
    </message>
    <message>
        <source>Action #%1 may have been processed — see `unresolved list`. Check it with `unresolved recheck %1`; it is not sent again.</source>
        <translation>A ação n.º %1 pode ter sido processada — veja `unresolved list`. Verifique-a com `unresolved recheck %1`; não é reenviada.</translation>
    </message>
    <message>
        <source>Action #%1 may have been processed — see `unresolved list`. Check the user at the provider, then record it with `unresolved resolve %1 --outcome succeeded|failed --reason …`; it is not sent again.</source>
        <translation>A ação n.º %1 pode ter sido processada — veja `unresolved list`. Verifique o utilizador no fornecedor e registe o resultado com `unresolved resolve %1 --outcome succeeded|failed --reason …`; não é reenviada.</translation>
    </message>
</context>
<context>
    <name>ActionResultLabel</name>
    <message>
        <source>%1
For %2</source>
        <translation>%1
Para %2</translation>
    </message>
</context>
<context>
    <name>ActionResultText</name>
    <message>
        <source>Not sent: %1</source>
        <translation>Não enviado: %1</translation>
    </message>
    <message>
        <source>Waiting for approval #%1: another supervisor must approve it under Approvals before it is sent.</source>
        <translation>A aguardar aprovação n.º %1: outro supervisor tem de a aprovar em Aprovações antes de ser enviada.</translation>
    </message>
    <message>
        <source>Succeeded: %1</source>
        <translation>Concluído: %1</translation>
    </message>
    <message>
        <source>Already in that state, nothing to change: %1</source>
        <translation>Já está nesse estado, nada a alterar: %1</translation>
    </message>
    <message>
        <source>Outcome unknown, listed under Unresolved as #%1: %2</source>
        <translation>Resultado desconhecido, listado em Não resolvidas com o n.º %1: %2</translation>
    </message>
    <message>
        <source>Not processed by the provider (nothing changed): %1</source>
        <translation>Não processado pelo fornecedor (nada mudou): %1</translation>
    </message>
    <message>
        <source> (code %1, HTTP %2)</source>
        <translation> (código %1, HTTP %2)</translation>
    </message>
    <message>
        <source> (code %1)</source>
        <translation> (código %1)</translation>
    </message>
    <message>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <source>Rejected by the provider%1: %2</source>
        <translation>Rejeitado pelo fornecedor%1: %2</translation>
    </message>
    <message>
        <source>Rejected by a supervisor: %1</source>
        <translation>Rejeitado por um supervisor: %1</translation>
    </message>
    <message>
        <source>Waiting for rate limit (%1 s)…</source>
        <translation>A aguardar o limite de pedidos (%1 s)…</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s (attempt %3).</source>
        <translation>%1 Nova tentativa dentro de %2 s (tentativa %3).</translation>
    </message>
</context>
<context>
    <name>ActionService</name>
    <message>
        <source>Sign in first.</source>
        <translation>Inicie sessão primeiro.</translation>
    </message>
    <message>
        <source>Auditors can read everything but cannot request actions.</source>
        <translation>Os auditores podem ler tudo, mas não podem pedir ações.</translation>
    </message>
    <message>
        <source>The connection profile has no &apos;%1&apos; section, so its actions are not available.</source>
        <translation>O perfil de ligação não tem a secção “%1”, por isso as suas ações não estão disponíveis.</translation>
    </message>
    <message>
        <source>You requested this action yourself: another supervisor must decide it (four-eyes rule).</source>
        <translation>Foi você que pediu esta ação: outro supervisor tem de decidir (regra dos quatro olhos).</translation>
    </message>
    <message>
        <source>Only a supervisor can approve or reject actions.</source>
        <translation>Só um supervisor pode aprovar ou rejeitar ações.</translation>
    </message>
    <message>
        <source>This action is no longer waiting for approval (it is %1).</source>
        <translation>Esta ação já não aguarda aprovação (está %1).</translation>
    </message>
    <message>
        <source>Auditors cannot resolve actions.</source>
        <translation>Os auditores não podem resolver ações.</translation>
    </message>
    <message>
        <source>Action #%1 is not unresolved (it is %2).</source>
        <translation>A ação n.º %1 não está por resolver (está %2).</translation>
    </message>
    <message>
        <source>A reason is required for every action.</source>
        <translation>É obrigatório um motivo para cada ação.</translation>
    </message>
    <message>
        <source>The policy could not be read from the store, so nothing was sent: %1</source>
        <translation>A política não pôde ser lida do armazenamento, por isso nada foi enviado: %1</translation>
    </message>
    <message>
        <source>The unresolved actions could not be read from the store, so nothing was sent: %1</source>
        <translation>As ações não resolvidas não puderam ser lidas do armazenamento, por isso nada foi enviado: %1</translation>
    </message>
    <message>
        <source>The intent could not be written to the audit log, so nothing was sent: %1</source>
        <translation>A intenção não pôde ser escrita no registo de auditoria, por isso nada foi enviado: %1</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>Não existe a ação n.º %1.</translation>
    </message>
    <message>
        <source>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot send action #%2.</source>
        <translation>O perfil de ligação desta consola não tem a secção “%1”, por isso não pode enviar a ação n.º %2.</translation>
    </message>
    <message>
        <source>The approval could not be recorded, so nothing was sent: %1</source>
        <translation>A aprovação não pôde ser registada, por isso nada foi enviado: %1</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>Uma rejeição requer um motivo.</translation>
    </message>
    <message>
        <source>Resolving an action needs a reason (what you checked).</source>
        <translation>Resolver uma ação requer um motivo (o que verificou).</translation>
    </message>
    <message>
        <source>Interrupted while sending (the console stopped before the provider&apos;s answer was recorded): it may or may not have been processed.</source>
        <translation>Interrompida durante o envio (a consola parou antes de a resposta do fornecedor ser registada): pode ou não ter sido processada.</translation>
    </message>
    <message>
        <source>waiting for the console&apos;s own rate limit</source>
        <translation>a aguardar o limite de pedidos da própria consola</translation>
    </message>
    <message>
        <source>%1 The outcome could not be written to the audit log (%2); the action will be listed under Unresolved.</source>
        <translation>%1 O resultado não pôde ser escrito no registo de auditoria (%2); a ação será listada em Não resolvidas.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a bulk job.</source>
        <translation>&apos;%1&apos; não é uma tarefa em lote.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is not approved (it is %2), so its rows cannot be sent.</source>
        <translation>A tarefa em lote n.º %1 não está aprovada (está %2), por isso as suas linhas não podem ser enviadas.</translation>
    </message>
    <message>
        <source>approved with bulk job #%1</source>
        <translation>aprovado com a tarefa em lote n.º %1</translation>
    </message>
    <message>
        <source>Bulk job #%1 approved: its rows are being sent.</source>
        <translation>Tarefa em lote n.º %1 aprovada: as suas linhas estão a ser enviadas.</translation>
    </message>
    <message>
        <source>Line %1 of bulk job %2 is no longer pending (another console has submitted or cancelled it): it was not sent again.</source>
        <translation>A linha %1 da tarefa em lote %2 já não está pendente (outra consola submeteu-a ou cancelou-a): não foi enviada novamente.</translation>
    </message>
    <message>
        <source>action #%1 is no longer being sent: another console has handled it</source>
        <translation>a ação n.º %1 já não está a ser enviada: outra consola já a tratou</translation>
    </message>
    <message>
        <source>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot ask the provider.</source>
        <translation>O perfil de ligação desta consola não tem a secção &apos;%1&apos;, pelo que não pode consultar o fornecedor.</translation>
    </message>
    <message>
        <source>%1 offers no way to read this back: check at the provider and resolve it by hand.</source>
        <translation>%1: não há forma de o reler no fornecedor; verifique no fornecedor e resolva-a manualmente.</translation>
    </message>
    <message>
        <source>Action #%1 cannot be read back.</source>
        <translation>A ação n.º %1 não pode ser relida.</translation>
    </message>
    <message>
        <source>Action #%1 could not be re-checked, so it stays unresolved: %2</source>
        <translation>A ação n.º %1 não pôde ser reverificada, pelo que continua não resolvida: %2</translation>
    </message>
    <message>
        <source>Action #%1 stays unresolved: %2</source>
        <translation>A ação n.º %1 continua não resolvida: %2</translation>
    </message>
    <message>
        <source>Re-checked at the provider: %1</source>
        <translation>Reverificada no fornecedor: %1</translation>
    </message>
    <message>
        <source>%1 It could not be recorded (%2); the action stays unresolved.</source>
        <translation>%1 Não foi possível registá-lo (%2); a ação continua não resolvida.</translation>
    </message>
    <message>
        <source>Action #%1 resolved as succeeded. %2</source>
        <translation>Ação n.º %1 resolvida como concluída. %2</translation>
    </message>
    <message>
        <source>The reason is %1 characters long; keep it to %2 (it is written into the audit log with every entry of the action).</source>
        <translation>O motivo tem %1 caracteres; limite-o a %2 (é escrito no registo de auditoria com cada entrada da ação).</translation>
    </message>
    <message>
        <source>Not sent: the console closed before sending it. Resuming the job sends it.</source>
        <translation>Não enviada: a consola foi fechada antes de a enviar. Retomar a tarefa em lote envia-a.</translation>
    </message>
    <message>
        <source>The text holds a control character (%1): write it on one line, without tabs or escape sequences.</source>
        <translation>O texto contém um carácter de controlo (%1): escreva-o numa só linha, sem tabulações nem sequências de escape.</translation>
    </message>
    <message>
        <source>Not sent: %1 was interrupted (%2) before it reached the provider. Nothing was changed; send it again when you are ready.</source>
        <translation>Não enviado: %1 foi interrompido (%2) antes de chegar ao fornecedor. Nada foi alterado; volte a enviá-lo quando estiver pronto.</translation>
    </message>
    <message>
        <source>%1 was interrupted (%2) after it was sent, before the provider answered: it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</source>
        <translation>%1 foi interrompido (%2) depois de enviado, antes de o fornecedor responder: pode ter sido processado. Está listado em Por resolver; não será reenviado automaticamente.</translation>
    </message>
    <message>
        <source>Action #%1 belongs to %2, and this console is connected to no profile: nothing was sent. Use that profile to approve, send or re-check it.</source>
        <translation>A ação n.º %1 pertence ao %2, e esta consola não está ligada a nenhum perfil: nada foi enviado. Use esse perfil para a aprovar, enviar ou verificar de novo.</translation>
    </message>
    <message>
        <source>Action #%1 belongs to %2, but this console is connected to %3: nothing was sent. Use that profile to approve, send or re-check it.</source>
        <translation>A ação n.º %1 pertence ao %2, mas esta consola está ligada ao %3: nada foi enviado. Use esse perfil para a aprovar, enviar ou verificar de novo.</translation>
    </message>
    <message>
        <source>This action is no longer waiting for approval: %1</source>
        <translation>Esta ação já não está a aguardar aprovação: %1</translation>
    </message>
    <message>
        <source>Only the requester or a supervisor can withdraw a request.</source>
        <translation>Apenas o requerente ou um supervisor pode retirar um pedido.</translation>
    </message>
    <message>
        <source>Action #%1 is no longer waiting for approval (it is %2), so it cannot be withdrawn.</source>
        <translation>A ação #%1 já não está a aguardar aprovação (está %2), pelo que não pode ser retirada.</translation>
    </message>
    <message>
        <source>%1 — waiting for a supervisor&apos;s approval (action #%2).</source>
        <translation>%1 — a aguardar a aprovação de um supervisor (ação #%2).</translation>
    </message>
    <message numerus="yes">
        <source>Waited more than %n hour(s) for approval: expired under the policy.</source>
        <translation>
            <numerusform>Aguardou aprovação mais de %n hora(s): expirou nos termos da política.</numerusform>
            <numerusform>Aguardou aprovação mais de %n hora(s): expirou nos termos da política.</numerusform>
        </translation>
    </message>
    <message>
        <source>The approvals could not be read from the store, so nothing was sent: %1</source>
        <translation>Não foi possível ler as aprovações do armazenamento, pelo que nada foi enviado: %1</translation>
    </message>
    <message>
        <source>Action #%1 was not approved: %2</source>
        <translation>A ação #%1 não foi aprovada: %2</translation>
    </message>
    <message>
        <source>%1: approved, in effect now (action #%2).</source>
        <translation>%1: aprovado, em vigor a partir de agora (ação #%2).</translation>
    </message>
    <message>
        <source>Line %1 of bulk job %2 was changed in the store after the job was submitted: the team store&apos;s server refused it, and it was not sent. The refusal is in the audit log; tell the store&apos;s administrator.</source>
        <translation>A linha %1 do trabalho em massa %2 foi alterada no armazenamento depois de o trabalho ter sido submetido: o servidor do armazenamento da equipa recusou-a e não foi enviada. A recusa consta do registo de auditoria; avise o administrador do armazenamento.</translation>
    </message>
</context>
<context>
    <name>ActionTable</name>
    <message>
        <source>None.</source>
        <translation>Nenhuma.</translation>
    </message>
    <message>
        <source> (bulk job #%1)</source>
        <translation> (tarefa em lote n.º %1)</translation>
    </message>
    <message>
        <source>every row: jobs show %1</source>
        <translation>todas as linhas: jobs show %1</translation>
    </message>
</context>
<context>
    <name>ActionsModel</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n segundo</numerusform>
            <numerusform>%n segundos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minuto</numerusform>
            <numerusform>%n minutos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n hora</numerusform>
            <numerusform>%n horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n dia</numerusform>
            <numerusform>%n dias</numerusform>
        </translation>
    </message>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilizador</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Pedida por</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Antiguidade</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalhe</translation>
    </message>
</context>
<context>
    <name>AdminCommand</name>
    <message>
        <source>usage: admin init [--check]</source>
        <translation>utilização: admin init [--check]</translation>
    </message>
    <message>
        <source>admin init sets up a PostgreSQL team store; %1 is a desk store (SQLite), whose boundary is the computer&apos;s account. Give --store postgresql://OWNER@host/db.</source>
        <translation>admin init configura um armazenamento de equipa PostgreSQL; %1 é um armazenamento de posto (SQLite), cujo limite é a conta do computador. Indique --store postgresql://OWNER@host/db.</translation>
    </message>
    <message numerus="yes">
        <source>The team store at %1 is not as admin init makes it (%n problem(s)); run admin init as the owner to repair it.</source>
        <translation>
            <numerusform>O armazenamento de equipa em %1 não está como o admin init o cria (%n problema(s)); execute admin init como proprietário para o reparar.</numerusform>
            <numerusform>O armazenamento de equipa em %1 não está como o admin init o cria (%n problema(s)); execute admin init como proprietário para o reparar.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team store at %1 is enforced as admin init makes it: group roles %2.</source>
        <translation>As regras do armazenamento de equipa em %1 são aplicadas tal como o admin init as cria: funções de grupo %2.</translation>
    </message>
    <message>
        <source>The team store at %1 is enforced by PostgreSQL: group roles %2.</source>
        <translation>As regras do armazenamento de equipa em %1 são aplicadas pelo PostgreSQL: funções de grupo %2.</translation>
    </message>
    <message>
        <source>  %1 (%2): an existing database role, signs in with its own authentication</source>
        <translation>  %1 (%2): uma função de base de dados existente, que inicia sessão com a sua própria autenticação</translation>
    </message>
    <message>
        <source>  %1 (%2): first password %3 (hand it over in person; change it with operators password)</source>
        <translation>  %1 (%2): primeira palavra-passe %3 (entregue-a em mão; altere-a com operators password)</translation>
    </message>
    <message>
        <source>The database holds no IdentityDesk store: admin init (without --check), run by its owner, creates it.</source>
        <translation>A base de dados não contém nenhum armazenamento IdentityDesk: admin init (sem --check), executado pelo seu proprietário, cria-o.</translation>
    </message>
    <message>
        <source>The store is at schema version %1, older than this console&apos;s %2: admin init, run by its owner, upgrades it.</source>
        <translation>O armazenamento está na versão de esquema %1, mais antiga do que a %2 desta consola: admin init, executado pelo seu proprietário, atualiza-o.</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>Check the network connection and the provider&apos;s URL in the connection profile, then try again.</source>
        <translation>Verifique a ligação de rede e o URL do fornecedor no perfil de ligação e tente novamente.</translation>
    </message>
    <message>
        <source>The provider did not answer in time. Try again; if it persists, check the provider&apos;s status.</source>
        <translation>O fornecedor não respondeu a tempo. Tente novamente; se persistir, verifique o estado do fornecedor.</translation>
    </message>
    <message>
        <source>Nothing was processed. Wait %1 s and try again.</source>
        <translation>Nada foi processado. Aguarde %1 s e tente novamente.</translation>
    </message>
    <message>
        <source>Nothing was processed. Wait a minute and try again.</source>
        <translation>Nada foi processado. Aguarde um minuto e tente novamente.</translation>
    </message>
    <message>
        <source>Check the credentials and permissions in the connection profile.</source>
        <translation>Verifique as credenciais e as permissões no perfil de ligação.</translation>
    </message>
    <message>
        <source>Check the identifier.</source>
        <translation>Verifique o identificador.</translation>
    </message>
    <message>
        <source>Correct the fields named and send again.</source>
        <translation>Corrija os campos indicados e envie novamente.</translation>
    </message>
    <message>
        <source>Refresh to see the current state.</source>
        <translation>Atualize para ver o estado atual.</translation>
    </message>
    <message>
        <source>See the provider&apos;s message; correct the request or contact the provider.</source>
        <translation>Veja a mensagem do fornecedor; corrija o pedido ou contacte o fornecedor.</translation>
    </message>
    <message>
        <source>The provider had an internal fault. Try again later; if it persists, contact the provider.</source>
        <translation>O fornecedor teve uma falha interna. Tente mais tarde; se persistir, contacte o fornecedor.</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read. Check that the URL points at the right service.</source>
        <translation>A resposta do fornecedor não pôde ser lida. Verifique se o URL aponta para o serviço correto.</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>erro de rede</translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation>erro TLS</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>tempo esgotado</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>limite de pedidos atingido</translation>
    </message>
    <message>
        <source>not authorised</source>
        <translation>não autorizado</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>não encontrado</translation>
    </message>
    <message>
        <source>invalid data</source>
        <translation>dados inválidos</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflito</translation>
    </message>
    <message>
        <source>rejected by the provider</source>
        <translation>rejeitado pelo fornecedor</translation>
    </message>
    <message>
        <source>provider fault</source>
        <translation>falha do fornecedor</translation>
    </message>
    <message>
        <source>unreadable answer</source>
        <translation>resposta ilegível</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>%1: %2 failed — %3</source>
        <translation>%1: %2 falhou — %3</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fornecedor</translation>
    </message>
    <message>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <source>The secure connection was refused: the server&apos;s certificate is not trusted or its TLS set-up is too weak. Check the URL, or add the right CA file to the connection profile. Verification is never switched off.</source>
        <translation>A ligação segura foi recusada: o certificado do servidor não é de confiança ou a sua configuração TLS é demasiado fraca. Verifique o URL ou adicione o ficheiro de AC correto ao perfil de ligação. A verificação nunca é desativada.</translation>
    </message>
</context>
<context>
    <name>ApprovalsCommand</name>
    <message>
        <source>&apos;%1&apos; is not an action number</source>
        <translation>“%1” não é um número de ação</translation>
    </message>
    <message>
        <source>a rejection needs --reason TEXT</source>
        <translation>uma rejeição requer --reason TEXTO</translation>
    </message>
    <message>
        <source>Action #%1 rejected; nothing was sent.</source>
        <translation>Ação n.º %1 rejeitada; nada foi enviado.</translation>
    </message>
    <message>
        <source>usage: approvals list | approvals approve ID | approvals reject ID --reason TEXT | approvals withdraw ID --reason TEXT</source>
        <translation>utilização: approvals list | approvals approve ID | approvals reject ID --reason TEXT | approvals withdraw ID --reason TEXT</translation>
    </message>
    <message>
        <source>withdrawing a request needs --reason TEXT</source>
        <translation>retirar um pedido requer --reason TEXT</translation>
    </message>
    <message>
        <source>Action #%1 withdrawn; nothing was sent.</source>
        <translation>Ação #%1 retirada; nada foi enviado.</translation>
    </message>
</context>
<context>
    <name>ApprovalsView</name>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Aprovar…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>Re&amp;jeitar…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Aprovações</translation>
    </message>
    <message>
        <source>Actions the policy holds for a supervisor&apos;s decision. Nothing in this list has been sent. A supervisor may approve or reject only actions someone else requested (four-eyes rule).</source>
        <translation>Ações que a política reserva para decisão de um supervisor. Nada nesta lista foi enviado. Um supervisor só pode aprovar ou rejeitar ações pedidas por outra pessoa (regra dos quatro olhos).</translation>
    </message>
    <message>
        <source>Actions waiting for approval</source>
        <translation>Ações a aguardar aprovação</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Aprovar</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeitar</translation>
    </message>
    <message>
        <source>Refresh the approvals</source>
        <translation>Atualizar as aprovações</translation>
    </message>
    <message>
        <source>The approvals could not be read: %1</source>
        <translation>As aprovações não puderam ser lidas: %1</translation>
    </message>
    <message>
        <source>Nothing is waiting for approval.</source>
        <translation>Nada aguarda aprovação.</translation>
    </message>
    <message>
        <source>Select an action first.</source>
        <translation>Selecione primeiro uma ação.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Sem sessão iniciada.</translation>
    </message>
    <message>
        <source>Wait until action #%1 has been sent.</source>
        <translation>Aguarde até a ação n.º %1 ser enviada.</translation>
    </message>
    <message>
        <source>Approve the selected action and send it now.</source>
        <translation>Aprovar a ação selecionada e enviá-la agora.</translation>
    </message>
    <message>
        <source>Reject the selected action; nothing is sent.</source>
        <translation>Rejeitar a ação selecionada; nada é enviado.</translation>
    </message>
    <message>
        <source>#%1 — %2. Requested by %3 on %4: “%5”.</source>
        <translation>N.º %1 — %2. Pedida por %3 em %4: “%5”.</translation>
    </message>
    <message>
        <source>Approve action #%1 — IdentityDesk</source>
        <translation>Aprovar a ação n.º %1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve and send #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</source>
        <translation>&lt;b&gt;Aprovar e enviar o n.º %1?&lt;/b&gt; %2.&lt;br&gt;Pedida por %3: “%4”.</translation>
    </message>
    <message>
        <source>&amp;Note (optional, recorded in the audit log):</source>
        <translation>&amp;Nota (opcional, registada no registo de auditoria):</translation>
    </message>
    <message>
        <source>&amp;Approve and send</source>
        <translation>&amp;Aprovar e enviar</translation>
    </message>
    <message>
        <source>Approved #%1; sending…</source>
        <translation>N.º %1 aprovado; a enviar…</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>N.º %1: %2</translation>
    </message>
    <message>
        <source>Reject action #%1 — IdentityDesk</source>
        <translation>Rejeitar a ação n.º %1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reject #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;Nothing will be sent; %3 sees your reason in the audit log.</source>
        <translation>&lt;b&gt;Rejeitar o n.º %1?&lt;/b&gt; %2.&lt;br&gt;Pedida por %3: “%4”.&lt;br&gt;Nada será enviado; %3 verá o seu motivo no registo de auditoria.</translation>
    </message>
    <message>
        <source>&amp;Reason for rejecting (required):</source>
        <translation>&amp;Motivo da rejeição (obrigatório):</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Rejeitar</translation>
    </message>
    <message>
        <source>#%1 rejected; nothing was sent.</source>
        <translation>N.º %1 rejeitado; nada foi enviado.</translation>
    </message>
    <message>
        <source>#%1 could not be rejected: %2</source>
        <translation>O n.º %1 não pôde ser rejeitado: %2</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Retirar…</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Retirar</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>REPEATED (%1 ask the same): %2</source>
        <translation>REPEATED (%1 pedem o mesmo): %2</translation>
    </message>
    <message>
        <source>Withdraw the selected request with a reason; nothing is sent.</source>
        <translation>Retirar o pedido selecionado indicando um motivo; nada é enviado.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve #%1? It takes effect at once.&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</source>
        <translation>&lt;b&gt;Aprovar #%1? Produz efeito imediatamente.&lt;/b&gt; %2.&lt;br&gt;Pedido por %3: “%4”.</translation>
    </message>
    <message>
        <source>&amp;Approve the change</source>
        <translation>&amp;Aprovar a alteração</translation>
    </message>
    <message>
        <source>Withdraw request #%1 — IdentityDesk</source>
        <translation>Retirar o pedido #%1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Withdraw #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;It will not be sent, and no supervisor will be asked to decide it.</source>
        <translation>&lt;b&gt;Retirar #%1?&lt;/b&gt; %2.&lt;br&gt;Pedido por %3: “%4”.&lt;br&gt;Não será enviado e nenhum supervisor será chamado a decidi-lo.</translation>
    </message>
    <message>
        <source>&amp;Reason for withdrawing (required, recorded in the audit log):</source>
        <translation>&amp;Motivo da retirada (obrigatório, fica no registo de auditoria):</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Retirar</translation>
    </message>
    <message>
        <source>#%1 withdrawn; nothing was sent.</source>
        <translation>#%1 retirado; nada foi enviado.</translation>
    </message>
    <message>
        <source>#%1 could not be withdrawn: %2</source>
        <translation>Não foi possível retirar #%1: %2</translation>
    </message>
</context>
<context>
    <name>AuditChainVerifier</name>
    <message>
        <source>entry 1 missing (the log starts at entry %1)</source>
        <translation>falta a entrada 1 (o registo começa na entrada %1)</translation>
    </message>
    <message>
        <source>entry %1 missing (sequence jumps from %2 to %3)</source>
        <translation>falta a entrada %1 (a sequência salta de %2 para %3)</translation>
    </message>
    <message>
        <source>entry 1: its prev_hash is not the start of a chain (64 zeros)</source>
        <translation>entrada 1: o seu prev_hash não é o início de uma cadeia (64 zeros)</translation>
    </message>
    <message>
        <source>entry %1: its prev_hash does not match the hash of entry %2 (one of them was changed or replaced)</source>
        <translation>entrada %1: o seu prev_hash não corresponde ao hash da entrada %2 (uma delas foi alterada ou substituída)</translation>
    </message>
    <message>
        <source>entry %1: hash does not match its contents</source>
        <translation>entrada %1: o hash não corresponde ao seu conteúdo</translation>
    </message>
</context>
<context>
    <name>AuditCheckpoint</name>
    <message>
        <source>not a checkpoint file (not a JSON object)</source>
        <translation>não é um ficheiro de ponto de controlo (não é um objeto JSON)</translation>
    </message>
    <message>
        <source>not a checkpoint file (field &apos;%1&apos; missing or not a string)</source>
        <translation>não é um ficheiro de ponto de controlo (campo “%1” em falta ou não é uma cadeia de texto)</translation>
    </message>
    <message>
        <source>unknown checkpoint format &apos;%1&apos;</source>
        <translation>formato de ponto de controlo desconhecido “%1”</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s seq is not a positive whole number</source>
        <translation>o seq do ponto de controlo não é um número inteiro positivo</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s head_hash is not 64 lower-case hex digits</source>
        <translation>o head_hash do ponto de controlo não tem 64 dígitos hexadecimais minúsculos</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s time is not an ISO-8601 UTC time with milliseconds</source>
        <translation>a hora do ponto de controlo não é uma hora UTC ISO-8601 com milissegundos</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s signature is not base64</source>
        <translation>a assinatura do ponto de controlo não está em base64</translation>
    </message>
</context>
<context>
    <name>AuditCheckpointService</name>
    <message>
        <source>The audit chain is broken at entry %1: %2. No checkpoint was signed.</source>
        <translation>A cadeia de auditoria está quebrada na entrada %1: %2. Nenhum ponto de controlo foi assinado.</translation>
    </message>
    <message>
        <source>Cannot write the checkpoint to %1: %2</source>
        <translation>Não é possível escrever o ponto de controlo em %1: %2</translation>
    </message>
    <message>
        <source>Cannot create the witness folder %1.</source>
        <translation>Não é possível criar a pasta testemunha %1.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Não é possível ler %1: %2</translation>
    </message>
    <message>
        <source>too large for a checkpoint file</source>
        <translation>demasiado grande para um ficheiro de ponto de controlo</translation>
    </message>
    <message>
        <source>the checkpoint is of another store (%1; this store is %2)</source>
        <translation>o ponto de controlo é de outro armazenamento (%1; este armazenamento é %2)</translation>
    </message>
    <message>
        <source>signed with key %1, which is not registered in this store: forged, or the key was removed</source>
        <translation>assinado com a chave %1, que não está registada neste armazenamento: falsificado, ou a chave foi removida</translation>
    </message>
    <message>
        <source>the signature does not verify with key %1: the checkpoint was forged or edited</source>
        <translation>a assinatura não é válida com a chave %1: o ponto de controlo foi falsificado ou alterado</translation>
    </message>
    <message>
        <source>entry %1, covered by this checkpoint, is broken: %2</source>
        <translation>a entrada %1, coberta por este ponto de controlo, está quebrada: %2</translation>
    </message>
    <message>
        <source>the log ends at entry %1 but the checkpoint covers entry %2: entries from %3 were deleted (the log was cut short)</source>
        <translation>o registo termina na entrada %1 mas o ponto de controlo cobre a entrada %2: as entradas a partir de %3 foram apagadas (o registo foi truncado)</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): entry %2 was written after the checkpoint was signed, so the entries from %2 were deleted and their numbers used again</source>
        <translation>a entrada %1 não é a do ponto de controlo (o seu hash difere): a entrada %2 foi escrita depois de o ponto de controlo ser assinado, portanto as entradas a partir de %2 foram apagadas e os seus números reutilizados</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): it was rewritten and the chain re-hashed</source>
        <translation>a entrada %1 não é a do ponto de controlo (o seu hash difere): foi reescrita e a cadeia recalculada</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): the log was rewritten and re-hashed from an entry between %2 and %1</source>
        <translation>a entrada %1 não é a do ponto de controlo (o seu hash difere): o registo foi reescrito e recalculado a partir de uma entrada entre %2 e %1</translation>
    </message>
</context>
<context>
    <name>AuditCommand</name>
    <message>
        <source>--limit takes a positive whole number</source>
        <translation>--limit requer um número inteiro positivo</translation>
    </message>
    <message numerus="yes">
        <source>Audit chain verified: %n entries, no break.</source>
        <translation>
            <numerusform>Cadeia de auditoria verificada: %n entrada, sem quebras.</numerusform>
            <numerusform>Cadeia de auditoria verificada: %n entradas, sem quebras.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain is broken at entry %1: %2</source>
        <translation>A cadeia de auditoria está quebrada na entrada %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Não é possível escrever %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n audit entries written to %1.</source>
        <translation>
            <numerusform>%n entrada de auditoria escrita em %1.</numerusform>
            <numerusform>%n entradas de auditoria escritas em %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>usage: audit list [--limit N] | audit verify [--checkpoint FILE…] | audit checkpoint [--out FILE] [--witness DIR] [--key FILE] | audit export FILE.csv</source>
        <translation>uso: audit list [--limit N] | audit verify [--checkpoint FICHEIRO…] | audit checkpoint [--out FICHEIRO] [--witness PASTA] [--key FICHEIRO] | audit export FICHEIRO.csv</translation>
    </message>
    <message>
        <source>Head: entry %1, hash %2.</source>
        <translation>Topo: entrada %1, hash %2.</translation>
    </message>
    <message>
        <source>Checkpoint %1 (entry %2): signature valid, entry unchanged.</source>
        <translation>Ponto de controlo %1 (entrada %2): assinatura válida, entrada inalterada.</translation>
    </message>
    <message>
        <source>Checkpoint %1 (entry %2) does not hold: %3</source>
        <translation>O ponto de controlo %1 (entrada %2) não se confirma: %3</translation>
    </message>
    <message>
        <source>First entry affected: %1.</source>
        <translation>Primeira entrada afetada: %1.</translation>
    </message>
    <message>
        <source>A new checkpoint signing key was made in %1 (key %2).</source>
        <translation>Foi criada uma nova chave de assinatura de pontos de controlo em %1 (chave %2).</translation>
    </message>
    <message>
        <source>The checkpoint of entry %1 is in the store, but: %2</source>
        <translation>O ponto de controlo da entrada %1 está no armazenamento, mas: %2</translation>
    </message>
    <message>
        <source>Checkpoint signed: entry %1, hash %2, key %3; kept in the store.</source>
        <translation>Ponto de controlo assinado: entrada %1, hash %2, chave %3; guardado no armazenamento.</translation>
    </message>
    <message>
        <source>Written to %1.</source>
        <translation>Escrito em %1.</translation>
    </message>
    <message>
        <source>No copy outside the store: give --out FILE or --witness DIR (or set IDENTITYDESK_WITNESS_DIR).</source>
        <translation>Nenhuma cópia fora do armazenamento: indique --out FICHEIRO ou --witness PASTA (ou defina IDENTITYDESK_WITNESS_DIR).</translation>
    </message>
</context>
<context>
    <name>AuditCsvExporter</name>
    <message>
        <source>Cannot write the audit export: the output is not open for writing.</source>
        <translation>Não é possível escrever a exportação de auditoria: a saída não está aberta para escrita.</translation>
    </message>
    <message>
        <source>Cannot write the audit export: %1.</source>
        <translation>Não é possível escrever a exportação de auditoria: %1.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2. Check that the folder exists and is writable.</source>
        <translation>Não é possível criar %1: %2. Verifique se a pasta existe e permite escrita.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2. Check the disk space and try again.</source>
        <translation>Não é possível guardar %1: %2. Verifique o espaço em disco e tente novamente.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Função</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilizador</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Fro&amp;m:</source>
        <translation>&amp;De:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Até:</translation>
    </message>
    <message>
        <source>Appl&amp;y filter</source>
        <translation>Apli&amp;car filtro</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Limpar</translation>
    </message>
    <message>
        <source>Verify c&amp;hain</source>
        <translation>Verificar a ca&amp;deia</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Registo de auditoria</translation>
    </message>
    <message>
        <source>Operator filter</source>
        <translation>Filtro de operador</translation>
    </message>
    <message>
        <source>any operator</source>
        <translation>qualquer operador</translation>
    </message>
    <message>
        <source>User filter</source>
        <translation>Filtro de utilizador</translation>
    </message>
    <message>
        <source>any user id</source>
        <translation>qualquer id de utilizador</translation>
    </message>
    <message>
        <source>Action filter</source>
        <translation>Filtro de ação</translation>
    </message>
    <message>
        <source>e.g. is_fraudulent</source>
        <translation>p. ex. is_fraudulent</translation>
    </message>
    <message>
        <source>Filter from a date</source>
        <translation>Filtrar a partir de uma data</translation>
    </message>
    <message>
        <source>Filter up to a date</source>
        <translation>Filtrar até uma data</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>Data de início</translation>
    </message>
    <message>
        <source>To date (inclusive)</source>
        <translation>Data de fim (inclusive)</translation>
    </message>
    <message>
        <source>Apply filter</source>
        <translation>Aplicar filtro</translation>
    </message>
    <message>
        <source>Show the entries that match every filled-in field (Enter in a field does the same).</source>
        <translation>Mostra as entradas que correspondem a todos os campos preenchidos (Enter num campo faz o mesmo).</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>Limpar o filtro</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>Entradas de auditoria</translation>
    </message>
    <message>
        <source>Selected audit entry</source>
        <translation>Entrada de auditoria selecionada</translation>
    </message>
    <message>
        <source>Select an entry to see all of it: the request, the state before and after, and its place in the hash chain.</source>
        <translation>Selecione uma entrada para a ver completa: o pedido, o estado antes e depois, e o seu lugar na cadeia de hash.</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verificar a cadeia</translation>
    </message>
    <message>
        <source>Recompute every entry&apos;s hash and its link to the one before: proves the log has not been altered.</source>
        <translation>Recalcula o hash de cada entrada e a sua ligação à anterior: prova que o registo não foi alterado.</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Save the entries shown as a CSV file for spreadsheets.</source>
        <translation>Guarda as entradas mostradas num ficheiro CSV para folhas de cálculo.</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Operador:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Utilizador:</translation>
    </message>
    <message>
        <source>&amp;Action contains:</source>
        <translation>&amp;Ação contém:</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>O registo de auditoria não pôde ser lido: %1</translation>
    </message>
    <message>
        <source>Entries shown: %1 (newest first)</source>
        <translation>Entradas mostradas: %1 (mais recentes primeiro)</translation>
    </message>
    <message>
        <source>No entries to export: change the filter.</source>
        <translation>Nenhuma entrada para exportar: altere o filtro.</translation>
    </message>
    <message>
        <source>Entry #%1 at %2 by %3 (%4)</source>
        <translation>Entrada n.º %1 em %2 por %3 (%4)</translation>
    </message>
    <message>
        <source>Event: %1   Action: %2   Provider: %3</source>
        <translation>Evento: %1   Ação: %2   Fornecedor: %3</translation>
    </message>
    <message>
        <source>Action id: #%1</source>
        <translation>Id da ação: n.º %1</translation>
    </message>
    <message>
        <source>Users: %1</source>
        <translation>Utilizadores: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Motivo: %1</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Resultado: %1</translation>
    </message>
    <message>
        <source>Request: %1</source>
        <translation>Pedido: %1</translation>
    </message>
    <message>
        <source>Before: %1</source>
        <translation>Antes: %1</translation>
    </message>
    <message>
        <source>After: %1</source>
        <translation>Depois: %1</translation>
    </message>
    <message>
        <source>Hash: %1</source>
        <translation>Hash: %1</translation>
    </message>
    <message>
        <source>Previous hash: %1</source>
        <translation>Hash anterior: %1</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Exportar o registo de auditoria</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Ficheiros CSV (*.csv)</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>A exportação falhou: %1</translation>
    </message>
    <message>
        <source>Exported %1 entries to %2.</source>
        <translation>%1 entradas exportadas para %2.</translation>
    </message>
    <message>
        <source>Chain verified: %1 entries. Every hash and every link is intact.</source>
        <translation>Cadeia verificada: %1 entradas. Todos os hashes e ligações estão intactos.</translation>
    </message>
    <message>
        <source>Broken at entry %1: %2. The log has been altered or damaged from that entry on; keep a copy of the store and tell your security team.</source>
        <translation>Quebrada na entrada %1: %2. O registo foi alterado ou danificado a partir dessa entrada; guarde uma cópia do armazenamento e avise a sua equipa de segurança.</translation>
    </message>
</context>
<context>
    <name>BulkCommand</name>
    <message>
        <source>usage: bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency 1..64]</source>
        <translation>utilização: bulk FICHEIRO.csv [--dry-run] [--reason TEXTO] [--concurrency 1..64]</translation>
    </message>
    <message>
        <source>no row is valid, so nothing was submitted</source>
        <translation>nenhuma linha é válida, por isso nada foi submetido</translation>
    </message>
    <message numerus="yes">
        <source>%n valid row(s), </source>
        <translation>
            <numerusform>%n linha válida, </numerusform>
            <numerusform>%n linhas válidas, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid row(s).</source>
        <translation>
            <numerusform>%n linha inválida.</numerusform>
            <numerusform>%n linhas inválidas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run: nothing was sent or stored.</source>
        <translation>Simulação: nada foi enviado nem guardado.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is waiting for a supervisor&apos;s approval (approvals approve %1); invalid rows will not be sent.</source>
        <translation>A tarefa em lote n.º %1 aguarda a aprovação de um supervisor (approvals approve %1); as linhas inválidas não serão enviadas.</translation>
    </message>
    <message>
        <source>%1 has no rows under its header: there is nothing to check or submit.</source>
        <translation>%1 não tem linhas sob o cabeçalho: não há nada para verificar nem submeter.</translation>
    </message>
</context>
<context>
    <name>BulkCsvParser</name>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Não é possível ler %1: %2.</translation>
    </message>
    <message>
        <source>The file is empty: it needs the header row %1.</source>
        <translation>O ficheiro está vazio: precisa da linha de cabeçalho %1.</translation>
    </message>
    <message>
        <source>Line %1: the header row must be exactly %2 (it is %3).</source>
        <translation>Linha %1: a linha de cabeçalho tem de ser exatamente %2 (é %3).</translation>
    </message>
    <message numerus="yes">
        <source>%n cells instead of 5 (provider,action,user_id,params,reason); quote a cell that holds a comma.</source>
        <translation>
            <numerusform>%n célula em vez de 5 (provider,action,user_id,params,reason); coloque entre aspas uma célula que contenha uma vírgula.</numerusform>
            <numerusform>%n células em vez de 5 (provider,action,user_id,params,reason); coloque entre aspas uma célula que contenha uma vírgula.</numerusform>
        </translation>
    </message>
    <message>
        <source>A quoted cell is never closed.</source>
        <translation>Uma célula entre aspas nunca é fechada.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an option of %2 %3.</source>
        <translation>&apos;%1&apos; não é uma opção de %2 %3.</translation>
    </message>
    <message>
        <source>%1 takes true or false (e.g. %1=false).</source>
        <translation>%1 aceita true ou false (p. ex. %1=false).</translation>
    </message>
    <message>
        <source>%1 takes no value.</source>
        <translation>%1 não aceita valor.</translation>
    </message>
    <message>
        <source>Choose one of active=true|false, fraudulent=true|false, allow-reenroll, delete.</source>
        <translation>Escolha uma de active=true|false, fraudulent=true|false, allow-reenroll, delete.</translation>
    </message>
    <message>
        <source>One flag per row: %1 given.</source>
        <translation>Um indicador por linha: foram indicados %1.</translation>
    </message>
    <message>
        <source>A reset needs at least one field=PATH.</source>
        <translation>Uma reposição precisa de pelo menos um field=CAMINHO.</translation>
    </message>
    <message>
        <source>%1 needs request=ID (the reset request&apos;s id).</source>
        <translation>%1 precisa de request=ID (o id do pedido de reposição).</translation>
    </message>
</context>
<context>
    <name>BulkDryRun</name>
    <message>
        <source>The Trust Swiftly workflows could not be read to check this row: %1</source>
        <translation>Não foi possível ler os fluxos da Trust Swiftly para verificar esta linha: %1</translation>
    </message>
    <message>
        <source>Unknown provider &apos;%1&apos; (known: %2).</source>
        <translation>Fornecedor desconhecido &apos;%1&apos; (conhecidos: %2).</translation>
    </message>
    <message>
        <source>Unknown action &apos;%1&apos; for %2 (known: %3).</source>
        <translation>Ação desconhecida &apos;%1&apos; para %2 (conhecidas: %3).</translation>
    </message>
    <message>
        <source>A reason is required for every row.</source>
        <translation>É obrigatório um motivo em cada linha.</translation>
    </message>
    <message>
        <source>The Trust Swiftly workflows are not known.</source>
        <translation>Os fluxos da Trust Swiftly não são conhecidos.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Trust Swiftly workflow (known: %2).</source>
        <translation>&apos;%1&apos; não é um fluxo da Trust Swiftly (conhecidos: %2).</translation>
    </message>
    <message>
        <source>The same action as line %1.</source>
        <translation>A mesma ação que a linha %1.</translation>
    </message>
    <message>
        <source>The permissions of the provider login could not be read to check this row: %1</source>
        <translation>Não foi possível ler as permissões do login do fornecedor para verificar esta linha: %1</translation>
    </message>
    <message>
        <source>What this row acts on could not be read to check it: %1</source>
        <translation>Não foi possível ler aquilo sobre que esta linha atua para a verificar: %1</translation>
    </message>
</context>
<context>
    <name>BulkJobDialog</name>
    <message>
        <source>&amp;Open CSV file…</source>
        <translation>&amp;Abrir ficheiro CSV…</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>Nenhum ficheiro escolhido.</translation>
    </message>
    <message>
        <source>C&amp;heck (dry run)</source>
        <translation>&amp;Verificar (simulação)</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Submeter para aprovação</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>New bulk job</source>
        <translation>Nova tarefa em lote</translation>
    </message>
    <message>
        <source>Preview of the rows</source>
        <translation>Pré-visualização das linhas</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fornecedor</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilizador</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>What will be sent / why not</source>
        <translation>O que será enviado / porque não</translation>
    </message>
    <message>
        <source>Trust Swiftly: re-verify (from=…;to=…)</source>
        <translation>Trust Swiftly: reverificar (from=…;to=…)</translation>
    </message>
    <message>
        <source>Smile ID: flag (active=false, fraudulent=true, allow-reenroll, delete)</source>
        <translation>Smile ID: indicador (active=false, fraudulent=true, allow-reenroll, delete)</translation>
    </message>
    <message>
        <source>SmartID: un-enroll</source>
        <translation>SmartID: anular inscrição</translation>
    </message>
    <message>
        <source>SDK.Finance: reset (field=…;field=…)</source>
        <translation>SDK.Finance: repor (field=…;field=…)</translation>
    </message>
    <message>
        <source>e.g. from=flow_MzA;to=flow_Mjk</source>
        <translation>p. ex. from=flow_MzA;to=flow_Mjk</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Ficheiro:</translation>
    </message>
    <message>
        <source>&amp;Action for selected users:</source>
        <translation>&amp;Ação para os utilizadores selecionados:</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Parâmetros:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Open bulk job file</source>
        <translation>Abrir ficheiro de tarefa em lote</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Ficheiros CSV (*.csv);;Todos os ficheiros (*)</translation>
    </message>
    <message>
        <source>selection</source>
        <translation>seleção</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) selected in the search table</source>
        <translation>
            <numerusform>%n utilizador selecionado na tabela de pesquisa</numerusform>
            <numerusform>%n utilizadores selecionados na tabela de pesquisa</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>A verificar…</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>válida</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>inválida</translation>
    </message>
    <message numerus="yes">
        <source>%n valid row(s) will be sent after a supervisor approves the job; </source>
        <translation>
            <numerusform>%n linha válida será enviada depois de um supervisor aprovar a tarefa; </numerusform>
            <numerusform>%n linhas válidas serão enviadas depois de um supervisor aprovar a tarefa; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid row(s) will not be sent. Nothing has been sent yet.</source>
        <translation>
            <numerusform>%n linha inválida não será enviada. Ainda nada foi enviado.</numerusform>
            <numerusform>%n linhas inválidas não serão enviadas. Ainda nada foi enviado.</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk job #%1 is waiting for a supervisor&apos;s approval (Approvals tab). Nothing has been sent yet.</source>
        <translation>A tarefa em lote n.º %1 aguarda a aprovação de um supervisor (separador Aprovações). Ainda nada foi enviado.</translation>
    </message>
    <message>
        <source>Check the rows first (dry run).</source>
        <translation>Verifique primeiro as linhas (simulação).</translation>
    </message>
    <message>
        <source>this person has no known id at %1 (link it in the subject index first)</source>
        <translation>esta pessoa não tem id conhecido em %1 (associe-a primeiro no índice de sujeitos)</translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1”: once approved, every valid row changes a real person&apos;s record at the provider.</source>
        <translation>PRODUÇÃO — perfil “%1”: depois de aprovada a tarefa em lote, cada linha válida altera o registo de uma pessoa real no fornecedor.</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <source>Bulk job: %n valid row(s) — %1.</source>
        <translation>
            <numerusform>Tarefa em lote: %n linha válida — %1.</numerusform>
            <numerusform>Tarefa em lote: %n linhas válidas — %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show &amp;invalid rows only</source>
        <translation>Mostrar só as linhas &amp;inválidas</translation>
    </message>
    <message numerus="yes">
        <source>Invalid: lines %1 and %n more.</source>
        <translation>
            <numerusform>Inválidas: linhas %1 e mais %n.</numerusform>
            <numerusform>Inválidas: linhas %1 e mais %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Invalid: line(s) %1.</source>
        <translation>
            <numerusform>Inválida: linha %1.</numerusform>
            <numerusform>Inválidas: linhas %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkJobPrinter</name>
    <message>
        <source>done %1, already in state %2, rejected %3, unknown %4, remaining %5</source>
        <translation>concluídas %1, já no estado %2, rejeitadas %3, desconhecidas %4, restantes %5</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>linha %1: %2</translation>
    </message>
    <message>
        <source>line %1: INVALID: %2</source>
        <translation>linha %1: INVÁLIDA: %2</translation>
    </message>
    <message>
        <source>, cancelled %1 (never sent)</source>
        <translation>, canceladas %1 (nunca enviadas)</translation>
    </message>
</context>
<context>
    <name>BulkJobRunner</name>
    <message>
        <source>Bulk job #%1 is not approved (it is %2): a supervisor other than %3 must approve it first.</source>
        <translation>A tarefa em lote n.º %1 não está aprovada (está %2): um supervisor que não seja %3 tem de a aprovar primeiro.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is %2: there is nothing left to run.</source>
        <translation>A tarefa em lote n.º %1 está %2: não resta nada para executar.</translation>
    </message>
    <message>
        <source>Bulk job #%1 was started by another console at the same moment; it runs there. Look at it again in a moment.</source>
        <translation>A tarefa em lote n.º %1 foi iniciada por outra consola no mesmo momento; está a correr lá. Volte a vê-la daqui a pouco.</translation>
    </message>
    <message>
        <source>%1 Nothing was processed for line %2; it waits with the other pending rows. Resume the job once the provider can be reached again.</source>
        <translation>%1 Nada foi processado para a linha %2; aguarda com as outras linhas pendentes. Retome a tarefa quando o fornecedor voltar a estar acessível.</translation>
    </message>
</context>
<context>
    <name>BulkJobService</name>
    <message>
        <source>Sign in first.</source>
        <translation>Inicie sessão primeiro.</translation>
    </message>
    <message>
        <source>Auditors can read everything but cannot request actions.</source>
        <translation>Os auditores podem ler tudo, mas não podem pedir ações.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>linha %1: %2</translation>
    </message>
    <message>
        <source>No row of %1 is valid, so there is nothing to submit.</source>
        <translation>Nenhuma linha de %1 é válida, por isso não há nada para submeter.</translation>
    </message>
    <message numerus="yes">
        <source>Bulk job from %1: %n valid row(s)</source>
        <translation>
            <numerusform>Tarefa em lote de %1: %n linha válida</numerusform>
            <numerusform>Tarefa em lote de %1: %n linhas válidas</numerusform>
        </translation>
    </message>
    <message>
        <source>Auditors cannot run bulk jobs.</source>
        <translation>Os auditores não podem executar tarefas em lote.</translation>
    </message>
    <message>
        <source>Auditors cannot cancel bulk jobs.</source>
        <translation>Os auditores não podem cancelar tarefas em lote.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is already %2.</source>
        <translation>A tarefa em lote n.º %1 já está %2.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2. Check that the folder exists and is writable.</source>
        <translation>Não é possível criar %1: %2. Verifique se a pasta existe e se pode ser escrita.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2. Check the disk space and try again.</source>
        <translation>Não é possível guardar %1: %2. Verifique o espaço em disco e tente novamente.</translation>
    </message>
    <message numerus="yes">
        <source> (%n invalid, not sent)</source>
        <translation>
            <numerusform> (%n inválida, não enviada)</numerusform>
            <numerusform> (%n inválidas, não enviadas)</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk job #%1 is being run by another console (%2). Pause or resume it there; Cancel works from any console.</source>
        <translation>A tarefa em lote n.º %1 está a ser executada por outra consola (%2). Pause-a ou retome-a lá; Cancelar funciona a partir de qualquer consola.</translation>
    </message>
    <message>
        <source>There is no bulk job #%1.</source>
        <translation>Não existe a tarefa em lote n.º %1.</translation>
    </message>
</context>
<context>
    <name>BulkJobsModel</name>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tarefa</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Ficheiro</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progresso</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Concluídas</translation>
    </message>
    <message>
        <source>Already</source>
        <translation>Já no estado</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejeitadas</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconhecidas</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Restantes</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Inválidas</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Tempo restante</translation>
    </message>
    <message>
        <source>approved, not started</source>
        <translation>aprovada, não iniciada</translation>
    </message>
    <message>
        <source>paused in another console</source>
        <translation>em pausa noutra consola</translation>
    </message>
    <message>
        <source>running in another console</source>
        <translation>em curso noutra consola</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrompida</translation>
    </message>
    <message>
        <source>Approved in a console that did not run it. Resume runs it here.</source>
        <translation>Aprovada numa consola que não a executou. Retomar executa-a aqui.</translation>
    </message>
    <message>
        <source>The console that ran it stopped. Resume continues with the rows not yet sent; rows that were in flight are under Unresolved and are never sent again without a decision.</source>
        <translation>A consola que a executava parou. Retomar continua com as linhas ainda não enviadas; as linhas que estavam em envio estão em Não resolvidas e nunca são enviadas de novo sem uma decisão.</translation>
    </message>
    <message numerus="yes">
        <source>Run by %1, last heard from %2. Pause or resume it there; Cancel job works from here too. If that console stops, the job is offered here (on another machine, %n minute(s) after it was last heard from).</source>
        <translation>
            <numerusform>Executada por %1, último sinal de vida %2. Pause-a ou retome-a lá; Cancelar tarefa também funciona a partir daqui. Se essa consola parar, a tarefa é oferecida aqui (noutra máquina, %n minuto após o último sinal de vida).</numerusform>
            <numerusform>Executada por %1, último sinal de vida %2. Pause-a ou retome-a lá; Cancelar tarefa também funciona a partir daqui. Se essa consola parar, a tarefa é oferecida aqui (noutra máquina, %n minutos após o último sinal de vida).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkProgressLine</name>
    <message>
        <source>job #%1 %2/%3: %4</source>
        <translation>tarefa n.º %1 %2/%3: %4</translation>
    </message>
    <message>
        <source>, ETA %1 s</source>
        <translation>, tempo restante %1 s</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Current password</source>
        <translation>Palavra-passe atual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nova palavra-passe</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Nova palavra-passe, outra vez</translation>
    </message>
    <message>
        <source>Change your password — IdentityDesk</source>
        <translation>Alterar a sua palavra-passe — IdentityDesk</translation>
    </message>
    <message>
        <source>The new password is yours alone: the change is in the audit log, the password never.</source>
        <translation>A nova palavra-passe é só sua: a alteração fica no registo de auditoria, a palavra-passe nunca.</translation>
    </message>
    <message>
        <source>&amp;Current password of %1:</source>
        <translation>Palavra-passe &amp;atual de %1:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;Nova palavra-passe:</translation>
    </message>
    <message>
        <source>New password &amp;again:</source>
        <translation>Nova palavra-passe &amp;outra vez:</translation>
    </message>
    <message>
        <source>&amp;Change password</source>
        <translation>A&amp;lterar palavra-passe</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>A alterar a palavra-passe…</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>Escreva a sua palavra-passe atual.</translation>
    </message>
    <message numerus="yes">
        <source>The new password needs at least %n characters.</source>
        <translation>
            <numerusform>A nova palavra-passe precisa de pelo menos %n carácter.</numerusform>
            <numerusform>A nova palavra-passe precisa de pelo menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Type the same new password twice.</source>
        <translation>Escreva a mesma nova palavra-passe duas vezes.</translation>
    </message>
</context>
<context>
    <name>CheckpointKey</name>
    <message>
        <source>cannot make a signing key: %1</source>
        <translation>não é possível criar uma chave de assinatura: %1</translation>
    </message>
    <message>
        <source>not an IdentityDesk signing key (expected %1 and 32 bytes in base64)</source>
        <translation>não é uma chave de assinatura do IdentityDesk (esperado: %1 e 32 bytes em base64)</translation>
    </message>
    <message>
        <source>cannot read the signing key: %1</source>
        <translation>não é possível ler a chave de assinatura: %1</translation>
    </message>
    <message>
        <source>cannot sign the checkpoint: %1</source>
        <translation>não é possível assinar o ponto de controlo: %1</translation>
    </message>
</context>
<context>
    <name>CheckpointKeyFile</name>
    <message>
        <source>the checkpoint key %1: %2</source>
        <translation>a chave dos pontos de controlo %1: %2</translation>
    </message>
    <message>
        <source>the file holds a private key and must be readable by its owner only (chmod 600 %1)</source>
        <translation>o ficheiro contém uma chave privada e só pode ser legível pelo seu proprietário (chmod 600 %1)</translation>
    </message>
</context>
<context>
    <name>CheckpointKeySecret</name>
    <message>
        <source>Cannot read the checkpoint signing key from %1: %2</source>
        <translation>Não é possível ler a chave de assinatura dos pontos de controlo de %1: %2</translation>
    </message>
    <message>
        <source>The checkpoint signing key in %1 is damaged: %2</source>
        <translation>A chave de assinatura dos pontos de controlo em %1 está danificada: %2</translation>
    </message>
    <message>
        <source>Cannot keep the new checkpoint signing key in %1: %2</source>
        <translation>Não é possível guardar a nova chave de assinatura dos pontos de controlo em %1: %2</translation>
    </message>
</context>
<context>
    <name>CliApplication</name>
    <message>
        <source>no command given</source>
        <translation>nenhum comando indicado</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>comando desconhecido “%1”</translation>
    </message>
</context>
<context>
    <name>CliCommand</name>
    <message>
        <source>action #%1 already does this to %2 at %3 and is %4: nothing was sent. Look at it first (approvals list, unresolved list); to send anyway, repeat with --despite %1.</source>
        <translation>a ação #%1 já faz isto a %2 em %3 e está %4: nada foi enviado. Consulte-a primeiro (approvals list, unresolved list); para enviar mesmo assim, repita com --despite %1.</translation>
    </message>
</context>
<context>
    <name>CliContext</name>
    <message>
        <source>this command needs a signed-in operator: give --operator NAME (the password comes from IDENTITYDESK_PASSWORD or a prompt)</source>
        <translation>este comando requer um operador com sessão iniciada: indique --operator NOME (a palavra-passe vem de IDENTITYDESK_PASSWORD ou de um pedido interativo)</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>Palavra-passe de %1: </translation>
    </message>
    <message numerus="yes">
        <source>%n interrupted action(s) moved to Unresolved: see &apos;unresolved list&apos;.</source>
        <translation>
            <numerusform>%n ação interrompida movida para Não resolvidas: ver “unresolved list”.</numerusform>
            <numerusform>%n ações interrompidas movidas para Não resolvidas: ver “unresolved list”.</numerusform>
        </translation>
    </message>
    <message>
        <source>You signed in with a first password, which stops working at %1 (UTC). Choose your own now: identitydesk-cli operators password.</source>
        <translation>Iniciou sessão com uma primeira palavra-passe, que deixa de funcionar em %1 (UTC). Escolha já a sua: identitydesk-cli operators password.</translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Connection profile %1: %2</source>
        <translation>Perfil de ligação %1: %2</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>ficheiro não encontrado</translation>
    </message>
    <message>
        <source>cannot read the file (%1)</source>
        <translation>não é possível ler o ficheiro (%1)</translation>
    </message>
    <message>
        <source>the file holds secrets and must be readable by its owner only (chmod 600 %1)</source>
        <translation>o ficheiro contém segredos e só pode ser legível pelo seu dono (chmod 600 %1)</translation>
    </message>
    <message>
        <source>not valid JSON at offset %1 (%2)</source>
        <translation>JSON inválido na posição %1 (%2)</translation>
    </message>
    <message>
        <source>the top level must be a JSON object</source>
        <translation>o nível superior tem de ser um objeto JSON</translation>
    </message>
    <message>
        <source>field &apos;ca_file&apos;: cannot read %1 (%2)</source>
        <translation>campo &apos;ca_file&apos;: não é possível ler %1 (%2)</translation>
    </message>
    <message>
        <source>field &apos;ca_file&apos;: %1 holds no PEM certificate</source>
        <translation>campo &apos;ca_file&apos;: %1 não contém nenhum certificado PEM</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is missing</source>
        <translation>o campo &apos;%1&apos; está em falta</translation>
    </message>
    <message>
        <source> (or set %1)</source>
        <translation> (ou defina %1)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be a string</source>
        <translation>o campo &apos;%1&apos; tem de ser uma cadeia de texto</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is empty</source>
        <translation>o campo &apos;%1&apos; está vazio</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not a valid URL: %2</source>
        <translation>o campo &apos;%1&apos; não é um URL válido: %2</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be an https:// URL (got %2)</source>
        <translation>o campo &apos;%1&apos; tem de ser um URL https:// (recebido %2)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must not carry a query or fragment</source>
        <translation>o campo &apos;%1&apos; não pode ter consulta nem fragmento</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be an object</source>
        <translation>o campo &apos;%1&apos; tem de ser um objeto</translation>
    </message>
    <message>
        <source>field &apos;environment&apos; must be &quot;test&quot; or &quot;production&quot;</source>
        <translation>o campo &apos;environment&apos; tem de ser &quot;test&quot; ou &quot;production&quot;</translation>
    </message>
    <message>
        <source>no provider is configured (add a %1 or %2 section)</source>
        <translation>nenhum fornecedor está configurado (adicione uma secção %1 ou %2)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be &quot;test&quot; or &quot;production&quot;</source>
        <translation>o campo &apos;%1&apos; tem de ser &quot;test&quot; ou &quot;production&quot;</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <source>Trust Swiftly accepted the API key (the verification templates were read).</source>
        <translation>A Trust Swiftly aceitou a chave de API (os modelos de verificação foram lidos).</translation>
    </message>
    <message>
        <source>SDK.Finance accepted the login and password.</source>
        <translation>A SDK.Finance aceitou o login e a palavra-passe.</translation>
    </message>
    <message>
        <source>The profile has no %1 section to test.</source>
        <translation>O perfil não tem secção %1 para testar.</translation>
    </message>
</context>
<context>
    <name>ConsoleCheckpointer</name>
    <message>
        <source>Audit checkpoint signed at entry %1.</source>
        <translation>Ponto de controlo de auditoria assinado na entrada %1.</translation>
    </message>
    <message>
        <source>A checkpoint is being signed already.</source>
        <translation>Já está a ser assinado um ponto de controlo.</translation>
    </message>
    <message>
        <source>No keychain for the checkpoint key: no checkpoint was signed.</source>
        <translation>Não há porta-chaves para a chave dos pontos de controlo: nenhum ponto de controlo foi assinado.</translation>
    </message>
    <message>
        <source>The checkpoint key could not be read from the keychain: %1</source>
        <translation>Não foi possível ler a chave dos pontos de controlo no porta-chaves: %1</translation>
    </message>
</context>
<context>
    <name>ConsoleLauncher</name>
    <message>
        <source>unknown error</source>
        <translation>erro desconhecido</translation>
    </message>
    <message>
        <source>Starting the demo sandbox…</source>
        <translation>A iniciar a sandbox de demonstração…</translation>
    </message>
    <message>
        <source>Creating the demo operators…</source>
        <translation>A criar os operadores de demonstração…</translation>
    </message>
    <message>
        <source>The demo operators could not be created: %1</source>
        <translation>Os operadores de demonstração não puderam ser criados: %1</translation>
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
        <translation>Modo de demonstração</translation>
    </message>
</context>
<context>
    <name>DemoSandbox</name>
    <message>
        <source>The demo sandbox (%1) could not be started: %2. Reinstall IdentityDesk or start it with --profile FILE instead.</source>
        <translation>A sandbox de demonstração (%1) não pôde ser iniciada: %2. Reinstale o IdentityDesk ou inicie-o com --profile FICHEIRO.</translation>
    </message>
    <message>
        <source>The demo sandbox stopped before it was ready (exit %1%2): %3</source>
        <translation>A sandbox de demonstração parou antes de estar pronta (saída %1%2): %3</translation>
    </message>
    <message>
        <source>, crashed</source>
        <translation>, falha grave</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder for the demo sandbox: %1</source>
        <translation>Não é possível criar uma pasta temporária para a sandbox de demonstração: %1</translation>
    </message>
</context>
<context>
    <name>FederatedSearchCommand</name>
    <message>
        <source>SUBJECT</source>
        <translation>TITULAR</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOME</translation>
    </message>
    <message>
        <source>E-MAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>FOUND IN</source>
        <translation>ENCONTRADO EM</translation>
    </message>
    <message>
        <source>index</source>
        <translation>índice</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n pessoa(s)</numerusform>
            <numerusform>%n pessoa(s)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>FederatedSearchModel</name>
    <message>
        <source>Local index</source>
        <translation>Índice local</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujeito</translation>
    </message>
    <message>
        <source>Known to</source>
        <translation>Conhecido por</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>&amp;Try the demo</source>
        <translation>&amp;Experimentar a demonstração</translation>
    </message>
    <message>
        <source>&amp;Connect to my providers</source>
        <translation>&amp;Ligar aos meus fornecedores</translation>
    </message>
    <message>
        <source>Welcome to IdentityDesk</source>
        <translation>Bem-vindo ao IdentityDesk</translation>
    </message>
    <message>
        <source>Starts a local sandbox that emulates all four providers, with demo operators and made-up people. Nothing leaves this computer.</source>
        <translation>Inicia um ambiente de testes local que emula os quatro fornecedores, com operadores de demonstração e pessoas fictícias. Nada sai deste computador.</translation>
    </message>
    <message>
        <source>Opens the profile editor: add a profile per tenant (e.g. “Acme test” and “Acme production”), with each provider&apos;s address and credentials. Keys and passwords are kept in the system keychain. Use Test connection to check each one.</source>
        <translation>Abre o editor de perfis: adicione um perfil por cliente (p. ex. “Acme teste” e “Acme produção”), com o endereço e as credenciais de cada fornecedor. As chaves e palavras-passe são guardadas no porta-chaves do sistema. Use Testar ligação para verificar cada um.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>An operator console for %1.</source>
        <translation>Uma consola de operador para %1.</translation>
    </message>
</context>
<context>
    <name>GovernanceChange</name>
    <message>
        <source>Action is not a change of the rules.</source>
        <translation>A ação não é uma alteração das regras.</translation>
    </message>
    <message>
        <source>The stored policy change is not readable.</source>
        <translation>A alteração de política guardada não é legível.</translation>
    </message>
    <message>
        <source>The policy change names the rule “%1”, which cannot be changed.</source>
        <translation>A alteração de política indica a regra “%1”, que não pode ser alterada.</translation>
    </message>
    <message>
        <source>The policy change sets “%1” to %2, which is not allowed.</source>
        <translation>A alteração de política define “%1” como %2, o que não é permitido.</translation>
    </message>
    <message>
        <source>The stored role change is not readable.</source>
        <translation>A alteração de função guardada não é legível.</translation>
    </message>
    <message>
        <source>Unknown change of the rules “%1”.</source>
        <translation>Alteração das regras desconhecida “%1”.</translation>
    </message>
    <message>
        <source>“%1” has changed since this was requested: request the change again.</source>
        <translation>“%1” mudou desde que isto foi pedido: peça a alteração novamente.</translation>
    </message>
    <message>
        <source>Make %1 a %2 (now %3)</source>
        <translation>Atribuir a %1 a função %2 (atualmente %3)</translation>
    </message>
    <message>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <source>%1: %2 → %3 %4</source>
        <translation>%1: %2 → %3 %4</translation>
    </message>
    <message>
        <source>Change the approval policy: %1</source>
        <translation>Alterar a política de aprovação: %1</translation>
    </message>
</context>
<context>
    <name>GovernanceService</name>
    <message>
        <source>Only supervisors can request a change of the policy.</source>
        <translation>Apenas os supervisores podem pedir uma alteração da política.</translation>
    </message>
    <message>
        <source>Nothing changed: the policy already is what you ask for.</source>
        <translation>Nada foi alterado: a política já corresponde ao que pede.</translation>
    </message>
    <message>
        <source>Only a supervisor can change an operator&apos;s role.</source>
        <translation>Apenas um supervisor pode alterar a função de um operador.</translation>
    </message>
    <message>
        <source>You cannot change your own role: another supervisor must do it.</source>
        <translation>Não pode alterar a sua própria função: outro supervisor tem de o fazer.</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>Não existe nenhum operador com o nome “%1”.</translation>
    </message>
    <message>
        <source>Operator “%1” is deactivated: reactivate the account first.</source>
        <translation>O operador “%1” está desativado: reative primeiro a conta.</translation>
    </message>
    <message>
        <source>Operator “%1” already is a %2.</source>
        <translation>O operador “%1” já tem a função %2.</translation>
    </message>
    <message>
        <source>“%1” is the last active supervisor: make another operator a supervisor first.</source>
        <translation>“%1” é o último supervisor ativo: torne primeiro outro operador supervisor.</translation>
    </message>
    <message>
        <source>In effect since its approval by %1.</source>
        <translation>Em vigor desde a sua aprovação por %1.</translation>
    </message>
    <message>
        <source>This team store enforces its rules in PostgreSQL, where a policy change under four eyes is not available yet: ask the database administrator.</source>
        <translation>Este armazenamento de equipa aplica as suas regras no PostgreSQL, onde uma alteração da política com quatro olhos ainda não está disponível: peça ao administrador da base de dados.</translation>
    </message>
</context>
<context>
    <name>HttpClient</name>
    <message>
        <source>no answer within %1 s</source>
        <translation>sem resposta em %1 s</translation>
    </message>
    <message>
        <source>the connection closed before the provider answered</source>
        <translation>a ligação fechou antes de o fornecedor responder</translation>
    </message>
    <message>
        <source>malformed JSON at offset %1 (%2)</source>
        <translation>JSON malformado na posição %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (the server may offer only protocol versions or ciphers older than TLS 1.2, which are refused)</source>
        <translation>%1 (o servidor pode oferecer apenas versões de protocolo ou cifras anteriores a TLS 1.2, que são recusadas)</translation>
    </message>
    <message>
        <source>pinned key mismatch: expected %1, the server presented %2</source>
        <translation>chave fixada não corresponde: esperada %1, o servidor apresentou %2</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>sem certificado</translation>
    </message>
</context>
<context>
    <name>ImportProgressLine</name>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 de %3</translation>
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
        <translation>novo</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>alterado</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>inalterado</translation>
    </message>
    <message>
        <source>conflicting</source>
        <translation>em conflito</translation>
    </message>
    <message>
        <source>bad</source>
        <translation>inválido</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importar</translation>
    </message>
    <message>
        <source>Import subjects — %1</source>
        <translation>Importar sujeitos — %1</translation>
    </message>
    <message>
        <source>Dry run of %1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad.</source>
        <translation>Simulação de %1: %2 novos, %3 alterados, %4 inalterados, %5 em conflito, %6 inválidos.</translation>
    </message>
    <message>
        <source>Nothing can be imported until every bad or conflicting line is fixed.</source>
        <translation>Nada pode ser importado até que todas as linhas inválidas ou em conflito sejam corrigidas.</translation>
    </message>
    <message>
        <source>Rows of the file</source>
        <translation>Linhas do ficheiro</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Linha</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujeito</translation>
    </message>
    <message>
        <source>Problems / ids</source>
        <translation>Problemas / ids</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>why the index changes (audited)</source>
        <translation>porque é que o índice muda (auditado)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>The file has bad or conflicting lines; fix them and import again.</source>
        <translation>O ficheiro tem linhas inválidas ou em conflito; corrija-as e importe novamente.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Introduza um motivo.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>A verificar %1…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progresso</translation>
    </message>
    <message>
        <source>Writing subjects: %1 of %2</source>
        <translation>A escrever sujeitos: %1 de %2</translation>
    </message>
    <message>
        <source>Checking rows: %1 of %2</source>
        <translation>A verificar linhas: %1 de %2</translation>
    </message>
    <message>
        <source>The first %1 rows are listed, problems first.</source>
        <translation>As primeiras %1 linhas são listadas, os problemas primeiro.</translation>
    </message>
    <message>
        <source>The import is running.</source>
        <translation>A importação está em curso.</translation>
    </message>
    <message>
        <source>The file is being checked.</source>
        <translation>O ficheiro está a ser verificado.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>A cancelar…</translation>
    </message>
    <message>
        <source>Stop: nothing is written.</source>
        <translation>Parar: nada é escrito.</translation>
    </message>
</context>
<context>
    <name>InMemorySecretStore</name>
    <message>
        <source>this session only (forgotten when IdentityDesk closes)</source>
        <translation>apenas nesta sessão (esquecido quando o IdentityDesk fechar)</translation>
    </message>
</context>
<context>
    <name>IndexSearchSource</name>
    <message>
        <source>Local index</source>
        <translation>Índice local</translation>
    </message>
    <message>
        <source>search the subject index</source>
        <translation>pesquisar no índice de sujeitos</translation>
    </message>
</context>
<context>
    <name>JobsCommand</name>
    <message>
        <source>%1 rows (%2 invalid)</source>
        <translation>%1 linhas (%2 inválidas)</translation>
    </message>
    <message>
        <source>No bulk jobs.</source>
        <translation>Nenhuma tarefa em lote.</translation>
    </message>
    <message>
        <source>Bulk job #%1 %2: %3.</source>
        <translation>Tarefa em lote n.º %1 %2: %3.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with an unknown outcome are listed under &apos;unresolved list&apos;.</source>
        <translation>
            <numerusform>%n linha com resultado desconhecido está listada em &apos;unresolved list&apos;.</numerusform>
            <numerusform>%n linhas com resultado desconhecido estão listadas em &apos;unresolved list&apos;.</numerusform>
        </translation>
    </message>
    <message>
        <source>Results of bulk job #%1 written to %2.</source>
        <translation>Resultados da tarefa em lote n.º %1 escritos em %2.</translation>
    </message>
    <message>
        <source>Stopped: the rows in flight are listed under &apos;unresolved list&apos; from now on.</source>
        <translation>Parado: as linhas em envio passam a constar de “unresolved list”.</translation>
    </message>
    <message>
        <source>interrupted from the terminal</source>
        <translation>interrompido a partir do terminal</translation>
    </message>
    <message numerus="yes">
        <source>Pausing bulk job #%1: no further row is sent; waiting for the %n row(s) in flight to be answered and recorded (Ctrl-C again stops at once). Resume it with: jobs resume %1</source>
        <translation>
            <numerusform>A pausar a tarefa em lote n.º %1: nenhuma outra linha é enviada; a aguardar a resposta e o registo da %n linha em envio (Ctrl-C outra vez para de imediato). Para retomar: jobs resume %1</numerusform>
            <numerusform>A pausar a tarefa em lote n.º %1: nenhuma outra linha é enviada; a aguardar a resposta e o registo das %n linhas em envio (Ctrl-C outra vez para de imediato). Para retomar: jobs resume %1</numerusform>
        </translation>
    </message>
    <message>
        <source>usage: jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv</source>
        <translation>uso: jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FICHEIRO.csv</translation>
    </message>
    <message>
        <source>There is no bulk job #%1. &apos;jobs list&apos; shows the jobs.</source>
        <translation>Não existe a tarefa em lote n.º %1. “jobs list” mostra as tarefas.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>linha %1</translation>
    </message>
    <message>
        <source>action #%1</source>
        <translation>ação n.º %1</translation>
    </message>
</context>
<context>
    <name>JobsView</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Retomar</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>&amp;Cancelar tarefa</translation>
    </message>
    <message>
        <source>E&amp;xport results…</source>
        <translation>E&amp;xportar resultados…</translation>
    </message>
    <message>
        <source>Bulk jobs</source>
        <translation>Tarefas em lote</translation>
    </message>
    <message>
        <source>Progress of the selected bulk job</source>
        <translation>Progresso da tarefa em lote selecionada</translation>
    </message>
    <message>
        <source>Start no new rows; the rows already sent finish and are recorded.</source>
        <translation>Não iniciar novas linhas; as linhas já enviadas terminam e são registadas.</translation>
    </message>
    <message>
        <source>Cancel the rows not yet sent; the rows already sent finish and are recorded.</source>
        <translation>Cancelar as linhas ainda não enviadas; as linhas já enviadas terminam e são registadas.</translation>
    </message>
    <message>
        <source>The bulk jobs could not be read: %1</source>
        <translation>Não foi possível ler as tarefas em lote: %1</translation>
    </message>
    <message>
        <source>Interrupted bulk jobs could not be looked for: %1</source>
        <translation>Não foi possível procurar tarefas em lote interrompidas: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n bulk job(s) stopped before finishing (%1), </source>
        <translation>
            <numerusform>%n tarefa em lote parou antes de terminar (%1), </numerusform>
            <numerusform>%n tarefas em lote pararam antes de terminar (%1), </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n row(s) not yet sent. Rows that were in flight are under Unresolved.</source>
        <translation>
            <numerusform>com %n linha ainda não enviada. As linhas que estavam em curso encontram-se em Não resolvidos.</numerusform>
            <numerusform>com %n linhas ainda não enviadas. As linhas que estavam em curso encontram-se em Não resolvidos.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Retomar</translation>
    </message>
    <message>
        <source>No bulk job selected. Start one with File &gt; New bulk job.</source>
        <translation>Nenhuma tarefa em lote selecionada. Inicie uma em Ficheiro &gt; Nova tarefa em lote.</translation>
    </message>
    <message>
        <source>Job #%1 (%2): done %3, already in state %4, rejected %5, unknown %6, remaining %7, invalid %8.</source>
        <translation>Tarefa n.º %1 (%2): concluídas %3, já no estado %4, rejeitadas %5, desconhecidas %6, restantes %7, inválidas %8.</translation>
    </message>
    <message numerus="yes">
        <source>About %n second(s) left.</source>
        <translation>
            <numerusform>Falta cerca de %n segundo.</numerusform>
            <numerusform>Faltam cerca de %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Parada: %1</translation>
    </message>
    <message>
        <source>Waiting for a supervisor other than %1 to approve it (Approvals tab).</source>
        <translation>A aguardar que um supervisor diferente de %1 a aprove (separador Aprovações).</translation>
    </message>
    <message>
        <source>The results of job #%1 were saved to %2.</source>
        <translation>Os resultados da tarefa n.º %1 foram guardados em %2.</translation>
    </message>
    <message>
        <source>Export results of job #%1</source>
        <translation>Exportar resultados da tarefa n.º %1</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Ficheiros CSV (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) cancelled, never sent.</source>
        <translation>
            <numerusform>%n linha cancelada, nunca enviada.</numerusform>
            <numerusform>%n linhas canceladas, nunca enviadas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected by %1: nothing was sent.</source>
        <translation>Rejeitada por %1: nada foi enviado.</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>the system keychain</source>
        <translation>o porta-chaves do sistema</translation>
    </message>
</context>
<context>
    <name>LinkSubjectDialog</name>
    <message>
        <source>Link to subject</source>
        <translation>Associar a sujeito</translation>
    </message>
    <message>
        <source>These records will belong to the subject:
%1</source>
        <translation>Estes registos passarão a pertencer ao sujeito:
%1</translation>
    </message>
    <message>
        <source>Subject reference</source>
        <translation>Referência do sujeito</translation>
    </message>
    <message>
        <source>customer or case number, e.g. CUST-000123</source>
        <translation>número de cliente ou de processo, p. ex. CUST-000123</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>why these records are one person (audited)</source>
        <translation>porque é que estes registos são uma só pessoa (auditado)</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Associar</translation>
    </message>
    <message>
        <source>&amp;Subject reference:</source>
        <translation>Referência do &amp;sujeito:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>Enter the subject reference and a reason.</source>
        <translation>Introduza a referência do sujeito e um motivo.</translation>
    </message>
    <message>
        <source>%1 user id</source>
        <translation>ID de utilizador %1</translation>
    </message>
    <message>
        <source>the id %1 knows this person by</source>
        <translation>o ID pelo qual %1 conhece esta pessoa</translation>
    </message>
    <message>
        <source>%1 &amp;user id:</source>
        <translation>&amp;ID de utilizador %1:</translation>
    </message>
    <message>
        <source>Link a %1 user id</source>
        <translation>Associar um ID de utilizador %1</translation>
    </message>
</context>
<context>
    <name>LinkSuggestionsDialog</name>
    <message>
        <source>&amp;Confirm link</source>
        <translation>&amp;Confirmar associação</translation>
    </message>
    <message>
        <source>Possible links</source>
        <translation>Possíveis associações</translation>
    </message>
    <message>
        <source>These records look like the same person but are not linked in the index. Confirm only what you have checked.</source>
        <translation>Estes registos parecem ser da mesma pessoa, mas não estão associados no índice. Confirme apenas o que verificou.</translation>
    </message>
    <message>
        <source>Suggested links</source>
        <translation>Associações sugeridas</translation>
    </message>
    <message>
        <source>Subject reference</source>
        <translation>Referência do sujeito</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>why these records are one person (audited)</source>
        <translation>porque é que estes registos são uma só pessoa (auditado)</translation>
    </message>
    <message>
        <source>&amp;Subject reference:</source>
        <translation>Referência do &amp;sujeito:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>same e-mail %1</source>
        <translation>mesmo e-mail %1</translation>
    </message>
    <message>
        <source>same phone %1</source>
        <translation>mesmo telefone %1</translation>
    </message>
    <message>
        <source>%1 and %2 (%3)</source>
        <translation>%1 e %2 (%3)</translation>
    </message>
    <message>
        <source>%1 (subject %2) and %3 (%4)</source>
        <translation>%1 (sujeito %2) e %3 (%4)</translation>
    </message>
    <message>
        <source>Choose a suggestion.</source>
        <translation>Escolha uma sugestão.</translation>
    </message>
    <message>
        <source>Neither record belongs to a subject yet: enter the subject reference.</source>
        <translation>Nenhum dos registos pertence ainda a um sujeito: introduza a referência do sujeito.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Introduza um motivo.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Officer</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>Not connected. Start with --demo, or open a connection profile with --profile FILE.</source>
        <translation>Sem ligação. Inicie com --demo ou abra um perfil de ligação com --profile FICHEIRO.</translation>
    </message>
    <message>
        <source>Console sections</source>
        <translation>Secções da consola</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Utilizadores</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Aprovações</translation>
    </message>
    <message>
        <source>Unresolved</source>
        <translation>Não resolvidas</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoria</translation>
    </message>
    <message>
        <source>Search users and act on them (Ctrl+1)</source>
        <translation>Pesquisar utilizadores e agir sobre eles (Ctrl+1)</translation>
    </message>
    <message>
        <source>Actions waiting for a supervisor&apos;s decision (Ctrl+2)</source>
        <translation>Ações a aguardar a decisão de um supervisor (Ctrl+2)</translation>
    </message>
    <message>
        <source>Actions whose outcome is unknown (Ctrl+3)</source>
        <translation>Ações cujo resultado é desconhecido (Ctrl+3)</translation>
    </message>
    <message>
        <source>The tamper-evident audit log (Ctrl+4)</source>
        <translation>O registo de auditoria inviolável (Ctrl+4)</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Sessão iniciada como %1 (%2)</translation>
    </message>
    <message>
        <source>Search users by name, e-mail or reference  (Ctrl+F)</source>
        <translation>Pesquisar utilizadores por nome, e-mail ou referência  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>Pesquisar utilizadores</translation>
    </message>
    <message>
        <source>Type part of a name, e-mail address or reference; results appear below.</source>
        <translation>Escreva parte de um nome, endereço de e-mail ou referência; os resultados aparecem abaixo.</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Estado da pesquisa</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Resultados da pesquisa</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Ficheiro</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Pesquisa</translation>
    </message>
    <message>
        <source>&amp;Find users</source>
        <translation>&amp;Encontrar utilizadores</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;tualizar</translation>
    </message>
    <message>
        <source>Go to &amp;results</source>
        <translation>Ir para os &amp;resultados</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Utilizadores</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <translation>A&amp;provações</translation>
    </message>
    <message>
        <source>U&amp;nresolved</source>
        <translation>&amp;Não resolvidas</translation>
    </message>
    <message>
        <source>Au&amp;dit log</source>
        <translation>Registo de au&amp;ditoria</translation>
    </message>
    <message>
        <source>&amp;Governance</source>
        <translation>&amp;Governação</translation>
    </message>
    <message>
        <source>&amp;Policy…</source>
        <translation>&amp;Política…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Terminar sessão</translation>
    </message>
    <message>
        <source>Close this console and sign in again, e.g. as another operator.</source>
        <translation>Fechar esta consola e iniciar sessão de novo, p. ex. como outro operador.</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Perfil: %1</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUÇÃO</translation>
    </message>
    <message>
        <source>Test environment</source>
        <translation>Ambiente de teste</translation>
    </message>
    <message>
        <source>Actions interrupted by a stopped console could not be looked for: %1</source>
        <translation>As ações interrompidas por uma consola parada não puderam ser procuradas: %1</translation>
    </message>
    <message>
        <source>A console stopped while sending: %1 of its actions may or may not have been processed and are now listed under Unresolved (%2 in all). Check them at the provider and resolve them.</source>
        <translation>Uma consola parou durante um envio: %1 das suas ações podem ou não ter sido processadas e estão agora listadas em Não resolvidas (%2 no total). Verifique-as no fornecedor e resolva-as.</translation>
    </message>
    <message>
        <source>Show &amp;Unresolved</source>
        <translation>Mostrar &amp;não resolvidas</translation>
    </message>
    <message>
        <source>Approvals (%1)</source>
        <translation>Aprovações (%1)</translation>
    </message>
    <message>
        <source>Unresolved (%1)</source>
        <translation>Não resolvidas (%1)</translation>
    </message>
    <message>
        <source>Type part of a name, e-mail address or reference to search %1.</source>
        <translation>Escreva parte de um nome, endereço de e-mail ou referência para pesquisar em %1.</translation>
    </message>
    <message>
        <source>IdentityDesk — %1</source>
        <translation>IdentityDesk — %1</translation>
    </message>
    <message>
        <source>IdentityDesk — %1 (test) — %2</source>
        <translation>IdentityDesk — %1 (teste) — %2</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Seguir o &amp;sistema</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Claro</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Escuro</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About IdentityDesk</source>
        <translation>&amp;Acerca do IdentityDesk</translation>
    </message>
    <message>
        <source>User details</source>
        <translation>Detalhes do utilizador</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Tarefas</translation>
    </message>
    <message>
        <source>New &amp;bulk job from a CSV file…</source>
        <translation>Nova tarefa em &amp;lote a partir de um ficheiro CSV…</translation>
    </message>
    <message>
        <source>Bulk job for the &amp;selected users…</source>
        <translation>Tarefa em lote para os utilizadores &amp;selecionados…</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Tarefas</translation>
    </message>
    <message>
        <source>Open a connection profile first: bulk jobs need the providers&apos; connections.</source>
        <translation>Abra primeiro um perfil de ligação: as tarefas em lote precisam das ligações aos fornecedores.</translation>
    </message>
    <message>
        <source>[PRODUCTION] IdentityDesk — %1 — %2</source>
        <translation>[PRODUÇÃO] IdentityDesk — %1 — %2</translation>
    </message>
    <message>
        <source>Filter the results shown</source>
        <translation>Filtrar os resultados apresentados</translation>
    </message>
    <message>
        <source>Filter results</source>
        <translation>Filtrar resultados</translation>
    </message>
    <message>
        <source>Show results known to</source>
        <translation>Mostrar resultados conhecidos por</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>Todos os fornecedores</translation>
    </message>
    <message>
        <source>Auditors can read the subject index but not change it.</source>
        <translation>Os auditores podem ler o índice de sujeitos, mas não alterá-lo.</translation>
    </message>
    <message>
        <source>Su&amp;bjects</source>
        <translation>Su&amp;jeitos</translation>
    </message>
    <message>
        <source>&amp;Import subjects…</source>
        <translation>&amp;Importar sujeitos…</translation>
    </message>
    <message>
        <source>Read a subjects CSV, check it and import it (all rows or none).</source>
        <translation>Ler um CSV de sujeitos, verificá-lo e importá-lo (todas as linhas ou nenhuma).</translation>
    </message>
    <message>
        <source>&amp;Link to subject…</source>
        <translation>&amp;Associar a sujeito…</translation>
    </message>
    <message>
        <source>Link the selected person&apos;s records to a subject reference.</source>
        <translation>Associar os registos da pessoa selecionada a uma referência de sujeito.</translation>
    </message>
    <message>
        <source>&amp;Review possible links…</source>
        <translation>&amp;Rever possíveis associações…</translation>
    </message>
    <message numerus="yes">
        <source>Searching for “%1”… %n person(s) so far.</source>
        <translation>
            <numerusform>A pesquisar “%1”… %n pessoa até agora.</numerusform>
            <numerusform>A pesquisar “%1”… %n pessoas até agora.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches “%1” in any source. Check the spelling or search by e-mail.</source>
        <translation>Nada corresponde a “%1” em nenhuma fonte. Verifique a ortografia ou pesquise por e-mail.</translation>
    </message>
    <message numerus="yes">
        <source>Matches for “%1”: %n person(s), %2 shown.</source>
        <translation>
            <numerusform>Correspondências para “%1”: %n pessoa, %2 apresentadas.</numerusform>
            <numerusform>Correspondências para “%1”: %n pessoas, %2 apresentadas.</numerusform>
        </translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>mesmo e-mail</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>mesmo telefone</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) of records look like the same person (%1 %2)… They are not linked.</source>
        <translation>
            <numerusform>%n par de registos parece ser da mesma pessoa (%1 %2)… Não estão associados.</numerusform>
            <numerusform>%n pares de registos parecem ser da mesma pessoa (%1 %2)… Não estão associados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Re&amp;view…</source>
        <translation>Re&amp;ver…</translation>
    </message>
    <message>
        <source>The records are now linked to subject %1; the change is in the audit log.</source>
        <translation>Os registos estão agora associados ao sujeito %1; a alteração consta do registo de auditoria.</translation>
    </message>
    <message>
        <source>Select a person in the results first.</source>
        <translation>Selecione primeiro uma pessoa nos resultados.</translation>
    </message>
    <message>
        <source>Linked to subject %1; the change is in the audit log.</source>
        <translation>Associado ao sujeito %1; a alteração consta do registo de auditoria.</translation>
    </message>
    <message>
        <source>Import subjects</source>
        <translation>Importar sujeitos</translation>
    </message>
    <message>
        <source>Subjects CSV (*.csv);;All files (*)</source>
        <translation>CSV de sujeitos (*.csv);;Todos os ficheiros (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) imported or updated; the import is in the audit log.</source>
        <translation>
            <numerusform>%n sujeito importado ou atualizado; a importação consta do registo de auditoria.</numerusform>
            <numerusform>%n sujeitos importados ou atualizados; a importação consta do registo de auditoria.</numerusform>
        </translation>
    </message>
    <message>
        <source>The connection profile %1 has no provider that can search users. Add a &apos;%2&apos; section.</source>
        <translation>O perfil de ligação %1 não tem nenhum fornecedor que permita pesquisar utilizadores. Adicione uma secção &apos;%2&apos;.</translation>
    </message>
    <message>
        <source>Op&amp;erators…</source>
        <translation>Op&amp;eradores…</translation>
    </message>
    <message>
        <source>Who may sign in; supervisors deactivate and reactivate operators here.</source>
        <translation>Quem pode iniciar sessão; os supervisores desativam e reativam operadores aqui.</translation>
    </message>
    <message>
        <source>the console was closed or signed out</source>
        <translation>a consola foi fechada ou terminou a sessão</translation>
    </message>
    <message>
        <source>Read the policy, or request a change that a second supervisor approves.</source>
        <translation>Consultar a política ou pedir uma alteração que um segundo supervisor aprova.</translation>
    </message>
    <message>
        <source>Read the policy: which actions need a supervisor&apos;s approval, and its times. Only supervisors can request a change.</source>
        <translation>Consultar a política: que ações requerem a aprovação de um supervisor, e os seus prazos. Apenas os supervisores podem pedir uma alteração.</translation>
    </message>
    <message>
        <source>the console switched to the profile %1</source>
        <translation>a consola mudou para o perfil %1</translation>
    </message>
    <message>
        <source>Policy change requested (action #%1): it takes effect when another supervisor approves it in Approvals.</source>
        <translation>Alteração de política pedida (ação #%1): produz efeito quando outro supervisor a aprovar em Aprovações.</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Guia do utilizador</translation>
    </message>
    <message>
        <source>The user guide is not installed.</source>
        <translation>O guia do utilizador não está instalado.</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atalhos de teclado</translation>
    </message>
    <message>
        <source>Bulk jobs: progress, pause, resume, cancel, results (Ctrl+%1)</source>
        <translation>Trabalhos em massa: progresso, pausa, retoma, cancelamento, resultados (Ctrl+%1)</translation>
    </message>
    <message>
        <source>%1 user id %2 is now linked to subject %3; the change is in the audit log.</source>
        <translation>O identificador de utilizador %1 %2 está agora ligado ao sujeito %3; a alteração consta do registo de auditoria.</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Alterar a &amp;palavra-passe…</translation>
    </message>
    <message>
        <source>Choose a new password for %1; the change is in the audit log.</source>
        <translation>Escolher uma nova palavra-passe para %1; a alteração fica no registo de auditoria.</translation>
    </message>
    <message>
        <source>You signed in with a first password, which stops working on %1. Choose your own now.</source>
        <translation>Iniciou sessão com uma primeira palavra-passe, que deixa de funcionar em %1. Escolha já a sua.</translation>
    </message>
    <message>
        <source>Your first password stops working on %1.</source>
        <translation>A sua primeira palavra-passe deixa de funcionar em %1.</translation>
    </message>
    <message>
        <source>Your password was changed: sign in with the new one.</source>
        <translation>A sua palavra-passe foi alterada: inicie sessão com a nova.</translation>
    </message>
    <message>
        <source>Your password was changed; the change is in the audit log.</source>
        <translation>A sua palavra-passe foi alterada; a alteração fica no registo de auditoria.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensagem</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Fechar a mensagem</translation>
    </message>
</context>
<context>
    <name>NetworkSettingsDialog</name>
    <message>
        <source>Network — IdentityDesk</source>
        <translation>Rede — IdentityDesk</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy settings</source>
        <translation>Utilizar as definições de proxy do sistema</translation>
    </message>
    <message>
        <source>Manual HTTP proxy</source>
        <translation>Proxy HTTP manual</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Sem proxy</translation>
    </message>
    <message>
        <source>kept in %1</source>
        <translation>guardada em %1</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Anfitrião:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;orta:</translation>
    </message>
    <message>
        <source>&amp;User (optional):</source>
        <translation>&amp;Utilizador (opcional):</translation>
    </message>
    <message>
        <source>Pass&amp;word (optional):</source>
        <translation>Pala&amp;vra-passe (opcional):</translation>
    </message>
    <message>
        <source>TLS 1.2 or later and certificate verification are always on. Add a private CA or a pinned key in each connection profile.</source>
        <translation>O TLS 1.2 ou superior e a verificação de certificados estão sempre ativos. Adicione uma CA privada ou uma chave fixada em cada perfil de ligação.</translation>
    </message>
    <message>
        <source>The proxy password could not be saved: %1</source>
        <translation>Não foi possível guardar a palavra-passe do proxy: %1</translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message>
        <source>Unknown operator or wrong password.</source>
        <translation>Operador desconhecido ou palavra-passe errada.</translation>
    </message>
    <message>
        <source>An operator name has 2 to 64 letters, digits or . _ @ -.</source>
        <translation>Um nome de operador tem de 2 a 64 letras, algarismos ou . _ @ -.</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>A palavra-passe tem de ter pelo menos %1 caracteres.</translation>
    </message>
    <message>
        <source>The first operator must be a supervisor.</source>
        <translation>O primeiro operador tem de ser um supervisor.</translation>
    </message>
    <message>
        <source>Only a signed-in supervisor can add operators.</source>
        <translation>Só um supervisor com sessão iniciada pode adicionar operadores.</translation>
    </message>
    <message>
        <source>The password could not be hashed.</source>
        <translation>Não foi possível calcular o hash da palavra-passe.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for “%1” (%2 within %3 minutes): wait %4 minute(s) and try again, or ask a supervisor.</source>
        <translation>Demasiadas tentativas de início de sessão falhadas para “%1” (%2 em %3 minutos): aguarde %4 minuto(s) e tente de novo, ou peça a um supervisor.</translation>
    </message>
    <message>
        <source>The account “%1” is deactivated: it cannot sign in. Ask a supervisor if it should be reactivated.</source>
        <translation>A conta “%1” está desativada: não pode iniciar sessão. Pergunte a um supervisor se deve ser reativada.</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Só os supervisores podem desativar ou reativar operadores.</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>É obrigatório indicar um motivo.</translation>
    </message>
    <message>
        <source>You cannot deactivate or reactivate your own account: ask another supervisor.</source>
        <translation>Não pode desativar nem reativar a sua própria conta: peça a outro supervisor.</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>Não existe nenhum operador chamado “%1”.</translation>
    </message>
    <message>
        <source>“%1” is already active.</source>
        <translation>“%1” já está ativo.</translation>
    </message>
    <message>
        <source>“%1” is already deactivated.</source>
        <translation>“%1” já está desativado.</translation>
    </message>
    <message>
        <source>Only a supervisor can set another operator&apos;s password.</source>
        <translation>Só um supervisor pode definir a palavra-passe de outro operador.</translation>
    </message>
    <message>
        <source>This connection to the team store is signed in as “%1”, not “%2”: put the operator&apos;s name in the store URL (postgresql://%2@host/db).</source>
        <translation>Esta ligação ao armazenamento de equipa tem sessão iniciada como “%1”, e não “%2”: coloque o nome do operador no URL do armazenamento (postgresql://%2@host/db).</translation>
    </message>
    <message>
        <source>A new supervisor needs a second supervisor&apos;s approval: add %1 as an officer, then run operators set-role %1 supervisor --reason TEXT, which another supervisor approves.</source>
        <translation>Um novo supervisor requer a aprovação de um segundo supervisor: adicione %1 com a função officer e depois execute operators set-role %1 supervisor --reason TEXT, que outro supervisor aprova.</translation>
    </message>
    <message>
        <source>Unknown operator or wrong password (the team store at %1 refused the sign-in).</source>
        <translation>Operador desconhecido ou palavra-passe incorreta (o armazenamento de equipa em %1 recusou a entrada).</translation>
    </message>
    <message>
        <source>The database role “%1” is not an operator of the team store at %2: it is in none of the store&apos;s group roles. Ask the store&apos;s administrator to add it (identitydesk-cli operators add, or admin init --check to list what is missing).</source>
        <translation>A função de base de dados “%1” não é um operador do armazenamento de equipa em %2: não pertence a nenhuma das suas funções de grupo. Peça ao administrador do armazenamento que a adicione (identitydesk-cli operators add, ou admin init --check para listar o que falta).</translation>
    </message>
    <message>
        <source>The store at %1 is not a team store whose server checks its operators, so nobody signs in to it as a database role. Put the store&apos;s own credential in its URL, or ask the administrator to run identitydesk-cli admin init.</source>
        <translation>O armazenamento em %1 não é um armazenamento de equipa cujo servidor verifica os seus operadores, pelo que ninguém entra nele como função de base de dados. Ponha a credencial do armazenamento no seu URL, ou peça ao administrador que execute identitydesk-cli admin init.</translation>
    </message>
    <message>
        <source>the password again (%1) was wrong</source>
        <translation>a palavra-passe pedida de novo (%1) estava errada</translation>
    </message>
</context>
<context>
    <name>OperatorsCommand</name>
    <message>
        <source>operators add needs --role officer, supervisor or auditor</source>
        <translation>operators add requer --role officer, supervisor ou auditor</translation>
    </message>
    <message>
        <source>Password for the new operator %1: </source>
        <translation>Palavra-passe do novo operador %1: </translation>
    </message>
    <message>
        <source>Operator %1 added as %2.</source>
        <translation>Operador %1 adicionado como %2.</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTO é obrigatório</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Só os supervisores podem desativar ou reativar operadores.</translation>
    </message>
    <message>
        <source>Operator %1 reactivated.</source>
        <translation>Operador %1 reativado.</translation>
    </message>
    <message>
        <source>Operator %1 deactivated: they cannot sign in.</source>
        <translation>Operador %1 desativado: já não pode iniciar sessão.</translation>
    </message>
    <message>
        <source>Their requests still waiting for approval: %1 (approvals approve|reject ID).</source>
        <translation>Os seus pedidos ainda à espera de aprovação: %1 (approvals approve|reject ID).</translation>
    </message>
    <message>
        <source>Only a supervisor can set another operator&apos;s password.</source>
        <translation>Só um supervisor pode definir a palavra-passe de outro operador.</translation>
    </message>
    <message>
        <source>New password for %1: </source>
        <translation>Nova palavra-passe para %1: </translation>
    </message>
    <message>
        <source>The password of %1 was changed.</source>
        <translation>A palavra-passe de %1 foi alterada.</translation>
    </message>
    <message>
        <source>usage: operators add NAME --role officer|supervisor|auditor | operators list | operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE --reason TEXT | operators password [NAME]</source>
        <translation>utilização: operators add NAME --role officer|supervisor|auditor | operators list | operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE --reason TEXT | operators password [NAME]</translation>
    </message>
    <message>
        <source>operators set-role NAME ROLE: ROLE is officer, supervisor or auditor</source>
        <translation>operators set-role NAME ROLE: ROLE é officer, supervisor ou auditor</translation>
    </message>
    <message>
        <source>Only supervisors can change an operator&apos;s role.</source>
        <translation>Apenas os supervisores podem alterar a função de um operador.</translation>
    </message>
    <message>
        <source>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2: approvals approve %2).</source>
        <translation>Tornar %1 supervisor aguarda a aprovação de um segundo supervisor (ação #%2: approvals approve %2).</translation>
    </message>
    <message>
        <source>%1 is now a %2.</source>
        <translation>%1 tem agora a função %2.</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <source>Officer</source>
        <translation>Agente</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>&amp;Deactivate…</source>
        <translation>&amp;Desativar…</translation>
    </message>
    <message>
        <source>&amp;Reactivate…</source>
        <translation>&amp;Reativar…</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Operadores</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Função</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Conta</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativa</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Desativada</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Só os supervisores podem desativar ou reativar operadores.</translation>
    </message>
    <message>
        <source>Select an operator first.</source>
        <translation>Selecione primeiro um operador.</translation>
    </message>
    <message>
        <source>You cannot deactivate or reactivate your own account: ask another supervisor.</source>
        <translation>Não pode desativar nem reativar a sua própria conta: peça a outro supervisor.</translation>
    </message>
    <message>
        <source>They can no longer sign in; audited with your reason.</source>
        <translation>Deixa de poder iniciar sessão; registado na auditoria com o seu motivo.</translation>
    </message>
    <message>
        <source>They can sign in again; audited with your reason.</source>
        <translation>Volta a poder iniciar sessão; registado na auditoria com o seu motivo.</translation>
    </message>
    <message>
        <source>Reactivate operator</source>
        <translation>Reativar operador</translation>
    </message>
    <message>
        <source>Deactivate operator</source>
        <translation>Desativar operador</translation>
    </message>
    <message>
        <source>Reactivate &lt;b&gt;%1&lt;/b&gt;? They can sign in again.</source>
        <translation>Reativar &lt;b&gt;%1&lt;/b&gt;? Volta a poder iniciar sessão.</translation>
    </message>
    <message>
        <source>Deactivate &lt;b&gt;%1&lt;/b&gt;? They can no longer sign in. Their requests that wait for approval stay in Approvals for a supervisor to decide.</source>
        <translation>Desativar &lt;b&gt;%1&lt;/b&gt;? Deixa de poder iniciar sessão. Os seus pedidos à espera de aprovação ficam em Aprovações para um supervisor decidir.</translation>
    </message>
    <message>
        <source>&amp;Reason (kept in the audit log):</source>
        <translation>&amp;Motivo (guardado no registo de auditoria):</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reativar</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Desativar</translation>
    </message>
    <message>
        <source>%1 was reactivated; the change is in the audit log.</source>
        <translation>%1 foi reativado; a alteração está no registo de auditoria.</translation>
    </message>
    <message>
        <source>%1 was deactivated and can no longer sign in; the change is in the audit log.</source>
        <translation>%1 foi desativado e já não pode iniciar sessão; a alteração está no registo de auditoria.</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>Alterar a f&amp;unção…</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>Nova função</translation>
    </message>
    <message>
        <source>Reactivate the account first.</source>
        <translation>Reative primeiro a conta.</translation>
    </message>
    <message>
        <source>Audited with your reason; making a supervisor waits for a second supervisor&apos;s approval in Approvals.</source>
        <translation>Registado com o seu motivo; tornar alguém supervisor aguarda a aprovação de um segundo supervisor em Aprovações.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Alterar a função</translation>
    </message>
    <message>
        <source>Make &lt;b&gt;%1&lt;/b&gt; a %2?</source>
        <translation>Atribuir a &lt;b&gt;%1&lt;/b&gt; a função %2?</translation>
    </message>
    <message>
        <source>A second supervisor must approve it in Approvals before it takes effect.</source>
        <translation>Um segundo supervisor tem de o aprovar em Aprovações antes de produzir efeito.</translation>
    </message>
    <message>
        <source>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2 in Approvals).</source>
        <translation>Tornar %1 supervisor aguarda a aprovação de um segundo supervisor (ação n.º %2 em Aprovações).</translation>
    </message>
    <message>
        <source>%1 is now a %2; the change is in the audit log.</source>
        <translation>%1 tem agora a função %2; a alteração está no registo de auditoria.</translation>
    </message>
</context>
<context>
    <name>OutcomeRules</name>
    <message>
        <source>%1 — the request may have been processed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</source>
        <translation>%1 — o pedido pode ter sido processado. Está listado em Não resolvidas: verifique o estado do utilizador e resolva-o; não será reenviado automaticamente.</translation>
    </message>
    <message>
        <source>%1 — the provider accepted the request (HTTP %2) but its answer could not be read, so the result is not confirmed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</source>
        <translation>%1 — o fornecedor aceitou o pedido (HTTP %2) mas a resposta não pôde ser lida, pelo que o resultado não está confirmado. Está listada em Não resolvidas: verifique o estado do utilizador e resolva-a; não será reenviada automaticamente.</translation>
    </message>
    <message>
        <source>%1 — the connection was lost after the request was sent, so it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</source>
        <translation>%1 — a ligação perdeu-se depois de o pedido ser enviado, pelo que pode ter sido processado. Está listado em Por resolver; não será reenviado automaticamente.</translation>
    </message>
</context>
<context>
    <name>PasswordChange</name>
    <message numerus="yes">
        <source>The new password needs at least %n characters.</source>
        <translation>
            <numerusform>A nova palavra-passe precisa de pelo menos %n carácter.</numerusform>
            <numerusform>A nova palavra-passe precisa de pelo menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>The new password is the current one: choose another.</source>
        <translation>A nova palavra-passe é a atual: escolha outra.</translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <source>A password hash needs between %1 and %2 iterations, not %3.</source>
        <translation>Um hash de palavra-passe requer entre %1 e %2 iterações, não %3.</translation>
    </message>
    <message>
        <source>The system&apos;s random number generator is not available, so no password can be stored. Try again.</source>
        <translation>O gerador de números aleatórios do sistema não está disponível, por isso nenhuma palavra-passe pode ser guardada. Tente novamente.</translation>
    </message>
    <message>
        <source>OpenSSL could not compute the password hash (PBKDF2). Check the OpenSSL installation.</source>
        <translation>O OpenSSL não conseguiu calcular o hash da palavra-passe (PBKDF2). Verifique a instalação do OpenSSL.</translation>
    </message>
</context>
<context>
    <name>PendingResetsModel</name>
    <message>
        <source>%1 (user id %2)</source>
        <translation>%1 (id de utilizador %2)</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilizador</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
    <message>
        <source>waiting %1 d</source>
        <extracomment>How long a request has waited; &quot;d&quot; is days.</extracomment>
        <translation>a aguardar há %1 d</translation>
    </message>
    <message>
        <source>waiting %1 h</source>
        <extracomment>&quot;h&quot; is hours.</extracomment>
        <translation>a aguardar há %1 h</translation>
    </message>
    <message>
        <source>waiting %1 min</source>
        <translation>a aguardar há %1 min</translation>
    </message>
    <message>
        <source>waiting &lt; 1 min</source>
        <translation>a aguardar há &lt; 1 min</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Em espera</translation>
    </message>
</context>
<context>
    <name>PendingResetsView</name>
    <message>
        <source>Refresh &amp;now</source>
        <translation>Atualizar &amp;agora</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Aprovar…</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>&amp;Recusar…</translation>
    </message>
    <message>
        <source>Reset &amp;identification…</source>
        <translation>Repor a &amp;identificação…</translation>
    </message>
    <message>
        <source>Open &amp;user</source>
        <translation>Abrir o &amp;utilizador</translation>
    </message>
    <message>
        <source>SDK.Finance reset-identification requests</source>
        <translation>Pedidos de reposição de identificação da SDK.Finance</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>Estado dos pedidos</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendente</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprovado</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Recusado</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Estado:</translation>
    </message>
    <message>
        <source>Refresh interval in seconds</source>
        <translation>Intervalo de atualização em segundos</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desligado</translation>
    </message>
    <message>
        <source>Asks SDK.Finance again this often; the selection and scroll position stay. 0 turns it off.</source>
        <translation>Consulta a SDK.Finance com este intervalo; a seleção e a posição de deslocamento mantêm-se. 0 desliga.</translation>
    </message>
    <message>
        <source>Refresh &amp;every:</source>
        <translation>Atualizar a &amp;cada:</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>Atualizar agora</translation>
    </message>
    <message>
        <source>Status of the list</source>
        <translation>Estado da lista</translation>
    </message>
    <message>
        <source>Reset-identification requests</source>
        <translation>Pedidos de reposição de identificação</translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation>Aprovar o pedido</translation>
    </message>
    <message>
        <source>Decline the request</source>
        <translation>Recusar o pedido</translation>
    </message>
    <message>
        <source>Reset identification of the request&apos;s user</source>
        <translation>Repor a identificação do utilizador do pedido</translation>
    </message>
    <message>
        <source>Open the request&apos;s user</source>
        <translation>Abrir o utilizador do pedido</translation>
    </message>
    <message>
        <source>Searches the Users tab for this user (also: double-click a row).</source>
        <translation>Procura este utilizador no separador Utilizadores (também: duplo clique numa linha).</translation>
    </message>
    <message>
        <source>Why SDK.Finance actions are not available</source>
        <translation>Porque é que as ações da SDK.Finance não estão disponíveis</translation>
    </message>
    <message>
        <source>Result of the last decision</source>
        <translation>Resultado da última decisão</translation>
    </message>
    <message>
        <source>The connection profile has no &apos;sdkfinance&apos; section.</source>
        <translation>O perfil de ligação não tem a secção &apos;sdkfinance&apos;.</translation>
    </message>
    <message>
        <source>Loading requests from SDK.Finance…</source>
        <translation>A carregar os pedidos da SDK.Finance…</translation>
    </message>
    <message>
        <source>%1 requests, %2 shown. Updated %3.</source>
        <translation>%1 pedidos, %2 mostrados. Atualizado às %3.</translation>
    </message>
    <message>
        <source>No requests with this status.</source>
        <translation>Nenhum pedido com este estado.</translation>
    </message>
    <message>
        <source>Could not read the requests: %1</source>
        <translation>Não foi possível ler os pedidos: %1</translation>
    </message>
    <message>
        <source>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</source>
        <translation>Sem ligação à SDK.Finance: abra um perfil de ligação com uma secção &apos;sdkfinance&apos;.</translation>
    </message>
    <message>
        <source>Wait until the current decision has been handled.</source>
        <translation>Aguarde até a decisão em curso ser tratada.</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Selecione primeiro um pedido.</translation>
    </message>
    <message>
        <source>Approves the user&apos;s request; you give a reason.</source>
        <translation>Aprova o pedido do utilizador; indica um motivo.</translation>
    </message>
    <message>
        <source>Declines the user&apos;s request; you give a reason.</source>
        <translation>Recusa o pedido do utilizador; indica um motivo.</translation>
    </message>
    <message>
        <source>Chooses the profile fields the user must submit again, for user %1.</source>
        <translation>Escolhe os campos do perfil que o utilizador tem de submeter de novo, para o utilizador %1.</translation>
    </message>
    <message>
        <source>Sending to SDK.Finance…</source>
        <translation>A enviar para a SDK.Finance…</translation>
    </message>
    <message>
        <source>Request %1 is already %2: only a pending request can be approved or declined.</source>
        <translation>O pedido %1 já está %2: só um pedido pendente pode ser aprovado ou recusado.</translation>
    </message>
    <message>
        <source>Filter the requests</source>
        <translation>Filtrar os pedidos</translation>
    </message>
    <message>
        <source>Filter by name, comment or id</source>
        <translation>Filtrar por nome, comentário ou ID</translation>
    </message>
    <message>
        <source>Shows only the loaded requests whose person, comment or id contains the text.</source>
        <translation>Mostra apenas os pedidos carregados cuja pessoa, comentário ou ID contém o texto.</translation>
    </message>
    <message>
        <source>APPROVE the reset request of %1</source>
        <translation>APROVAR o pedido de reposição de %1</translation>
    </message>
    <message>
        <source>DECLINE the reset request of %1</source>
        <translation>RECUSAR o pedido de reposição de %1</translation>
    </message>
    <message>
        <source>Approve: the person identifies anew</source>
        <translation>Aprovar: a pessoa identifica-se de novo</translation>
    </message>
    <message>
        <source>Decline: nothing changes for the person</source>
        <translation>Recusar: nada muda para a pessoa</translation>
    </message>
    <message>
        <source>&amp;Approve the reset</source>
        <translation>&amp;Aprovar a reposição</translation>
    </message>
    <message>
        <source>&amp;Decline the request</source>
        <translation>&amp;Recusar o pedido</translation>
    </message>
    <message>
        <source>Pending resets (%1)</source>
        <translation>Reposições pendentes (%1)</translation>
    </message>
    <message>
        <source>&amp;Pending resets</source>
        <translation>Re&amp;posições pendentes</translation>
    </message>
    <message>
        <source>SDK.Finance reset-identification requests (%1)</source>
        <translation>Pedidos de reposição de identificação SDK.Finance (%1)</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>Smile ID: allow re-enrollment</source>
        <translation>Smile ID: permitir novo registo</translation>
    </message>
    <message>
        <source>Smile ID: deactivate / reactivate</source>
        <translation>Smile ID: desativar / reativar</translation>
    </message>
    <message>
        <source>Smile ID: mark / clear fraud</source>
        <translation>Smile ID: marcar / retirar fraude</translation>
    </message>
    <message>
        <source>Smile ID: delete (permanent block)</source>
        <translation>Smile ID: eliminar (bloqueio permanente)</translation>
    </message>
    <message>
        <source>SDK.Finance: reset identification</source>
        <translation>SDK.Finance: repor a identificação</translation>
    </message>
    <message>
        <source>SDK.Finance: approve a reset request</source>
        <translation>SDK.Finance: aprovar um pedido de reposição</translation>
    </message>
    <message>
        <source>SDK.Finance: decline a reset request</source>
        <translation>SDK.Finance: recusar um pedido de reposição</translation>
    </message>
    <message>
        <source>Trust Swiftly: assign re-verification</source>
        <translation>Trust Swiftly: atribuir nova verificação</translation>
    </message>
    <message>
        <source>SmartID: reset biometric enrollment</source>
        <translation>SmartID: repor o registo biométrico</translation>
    </message>
    <message>
        <source>Any bulk job</source>
        <translation>Qualquer tarefa em lote</translation>
    </message>
    <message>
        <source>Lock a console after it has been idle for</source>
        <translation>Bloquear uma consola após um período de inatividade de</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>A request waiting for approval expires after</source>
        <translation>Um pedido a aguardar aprovação expira após</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>The console signs an audit checkpoint every</source>
        <translation>A consola assina um ponto de controlo de auditoria a cada</translation>
    </message>
    <message>
        <source>entries</source>
        <translation>entradas</translation>
    </message>
    <message>
        <source>Failed sign-ins of one name before it must wait</source>
        <translation>Inícios de sessão falhados de um nome antes de ter de aguardar</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>falhas</translation>
    </message>
    <message>
        <source>Window and wait after too many failed sign-ins</source>
        <translation>Janela e espera após demasiados inícios de sessão falhados</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>Approval policy — IdentityDesk</source>
        <translation>Política de aprovação — IdentityDesk</translation>
    </message>
    <message>
        <source>Needs approval</source>
        <translation>Requer aprovação</translation>
    </message>
    <message>
        <source>Rule “%1”</source>
        <translation>Regra “%1”</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The policy could not be read: %1</source>
        <translation>A política não pôde ser lida: %1</translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Nada mudou ainda.</translation>
    </message>
    <message>
        <source>Approving or declining a user&apos;s request is itself the approval: it never waits for a second one.</source>
        <translation>Aprovar ou recusar o pedido de um utilizador é em si a aprovação: nunca espera por uma segunda.</translation>
    </message>
    <message>
        <source>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). A change of the policy needs a reason and takes effect only when a second supervisor approves it in Approvals; request and approval are both in the audit log.</source>
        <translation>Uma ação assinalada requer a aprovação de um supervisor antes de ser enviada, e o supervisor não pode ser quem a pediu (regra dos quatro olhos). Uma alteração da política requer um motivo e só produz efeito quando um segundo supervisor a aprovar em Aprovações; o pedido e a aprovação ficam ambos no registo de auditoria.</translation>
    </message>
    <message>
        <source>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). You can read the policy; only supervisors can request a change.</source>
        <translation>Uma ação assinalada requer a aprovação de um supervisor antes de ser enviada, e o supervisor não pode ser quem a pediu (regra dos quatro olhos). Pode consultar a política; apenas os supervisores podem pedir uma alteração.</translation>
    </message>
    <message>
        <source>Only supervisors can request a change of the policy.</source>
        <translation>Apenas os supervisores podem pedir uma alteração da política.</translation>
    </message>
    <message>
        <source>Times and thresholds</source>
        <translation>Prazos e limites</translation>
    </message>
    <message>
        <source>&amp;Reason for the change:</source>
        <translation>&amp;Motivo da alteração:</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>Motivo da alteração</translation>
    </message>
    <message>
        <source>Why the rules should change (required)</source>
        <translation>Porque devem as regras mudar (obrigatório)</translation>
    </message>
    <message>
        <source>Request change</source>
        <translation>Pedir alteração</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>The changes waiting for approval could not be read: %1</source>
        <translation>Não foi possível ler as alterações a aguardar aprovação: %1</translation>
    </message>
    <message>
        <source>#%1 by %2: %3</source>
        <translation>#%1 por %2: %3</translation>
    </message>
    <message>
        <source>Waiting for a second supervisor in Approvals:</source>
        <translation>A aguardar um segundo supervisor em Aprovações:</translation>
    </message>
    <message>
        <source>Give a reason for the change.</source>
        <translation>Indique um motivo para a alteração.</translation>
    </message>
    <message>
        <source>The change was not requested: %1</source>
        <translation>A alteração não foi pedida: %1</translation>
    </message>
</context>
<context>
    <name>PresenceDialog</name>
    <message>
        <source>Console locked — IdentityDesk</source>
        <translation>Consola bloqueada — IdentityDesk</translation>
    </message>
    <message>
        <source>Confirm it is you — IdentityDesk</source>
        <translation>Confirme que é você — IdentityDesk</translation>
    </message>
    <message>
        <source>&amp;Password of %1:</source>
        <translation>&amp;Palavra-passe de %1:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Palavra-passe</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>&amp;Confirmar</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>&amp;Terminar sessão</translation>
    </message>
</context>
<context>
    <name>ProductionBanner</name>
    <message>
        <source>PRODUCTION — profile “%1”. Every action here changes real people&apos;s records at the provider.</source>
        <translation>PRODUÇÃO — perfil “%1”. Cada ação aqui altera registos de pessoas reais no fornecedor.</translation>
    </message>
</context>
<context>
    <name>ProfileExchange</name>
    <message>
        <source>The file is not a profile export: not valid JSON at offset %1 (%2).</source>
        <translation>O ficheiro não é uma exportação de perfil: JSON inválido na posição %1 (%2).</translation>
    </message>
    <message>
        <source>The file holds no profile.</source>
        <translation>O ficheiro não contém nenhum perfil.</translation>
    </message>
    <message>
        <source>The file holds secrets for profile “%1” (%2). They were NOT imported: secrets belong in the keychain. Type them in the profile editor, and delete or protect the file.</source>
        <translation>O ficheiro contém segredos do perfil “%1” (%2). NÃO foram importados: os segredos pertencem ao porta-chaves. Introduza-os no editor de perfis e elimine ou proteja o ficheiro.</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>sem nome</translation>
    </message>
    <message>
        <source>Profile “%1”, field &apos;%2&apos;: %3</source>
        <translation>Perfil “%1”, campo &apos;%2&apos;: %3</translation>
    </message>
    <message>
        <source>Profile “%1” configures no provider.</source>
        <translation>O perfil “%1” não configura nenhum fornecedor.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Não é possível escrever %1: %2</translation>
    </message>
    <message>
        <source>Cannot make %1 private (mode 0600).</source>
        <translation>Não é possível tornar %1 privado (modo 0600).</translation>
    </message>
</context>
<context>
    <name>ProfileFingerprint</name>
    <message>
        <source>profile “%1” (%2)</source>
        <translation>perfil “%1” (%2)</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>&amp;Portal URL:</source>
        <translation>URL do &amp;portal:</translation>
    </message>
    <message>
        <source>&amp;API URL:</source>
        <translation>URL da &amp;API:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>URL &amp;base:</translation>
    </message>
    <message>
        <source>Pa&amp;rtner id:</source>
        <translation>ID de pa&amp;rceiro:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Início de sessão:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pala&amp;vra-passe:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>&amp;Chave de API:</translation>
    </message>
    <message>
        <source>Pinned &amp;key (optional):</source>
        <translation>&amp;Chave fixada (opcional):</translation>
    </message>
    <message>
        <source>Extra &amp;CA file (optional):</source>
        <translation>&amp;Ficheiro de CA adicional (opcional):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>Profile sections</source>
        <translation>Secções do perfil</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Geral</translation>
    </message>
    <message>
        <source>kept in the keychain, never in a settings file</source>
        <translation>guardada no porta-chaves, nunca num ficheiro de definições</translation>
    </message>
    <message>
        <source>e.g. Acme production</source>
        <translation>p. ex. Acme produção</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Ambiente</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Teste</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Produção</translation>
    </message>
    <message>
        <source>En&amp;vironment:</source>
        <translation>Am&amp;biente:</translation>
    </message>
    <message>
        <source>PEM file of a private CA, e.g. the sandbox&apos;s</source>
        <translation>Ficheiro PEM de uma CA privada, p. ex. a do ambiente de testes (sandbox)</translation>
    </message>
    <message>
        <source>A production profile shows a red banner and asks for confirmation before any action is sent. API keys and passwords are kept in the system keychain.</source>
        <translation>Um perfil de produção mostra uma faixa vermelha e pede confirmação antes de enviar qualquer ação. As chaves de API e as palavras-passe são guardadas no porta-chaves do sistema.</translation>
    </message>
    <message>
        <source>Use %1 in this profile</source>
        <translation>Utilizar %1 neste perfil</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Utilizar %1</translation>
    </message>
    <message>
        <source>base64 SHA-256 of the server&apos;s public key</source>
        <translation>SHA-256 em base64 da chave pública do servidor</translation>
    </message>
    <message>
        <source>test</source>
        <translation>teste</translation>
    </message>
    <message>
        <source>production</source>
        <translation>produção</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Testar ligação</translation>
    </message>
    <message>
        <source>Test the %1 connection</source>
        <translation>Testar a ligação a %1</translation>
    </message>
    <message>
        <source>Use at least one provider.</source>
        <translation>Utilize pelo menos um fornecedor.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>A testar…</translation>
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
        <translation>p. ex. https://o-seu-subdominio.trustswiftly.com</translation>
    </message>
    <message>
        <source>https://… as your provider gave it</source>
        <translation>https://… tal como o seu fornecedor o indicou</translation>
    </message>
    <message>
        <source>e.g. https://testapi.smileidentity.com or https://api…</source>
        <translation>p. ex. https://testapi.smileidentity.com ou https://api…</translation>
    </message>
    <message>
        <source>%1 environment</source>
        <translation>Ambiente %1</translation>
    </message>
    <message>
        <source>%1 en&amp;vironment:</source>
        <translation>Am&amp;biente %1:</translation>
    </message>
</context>
<context>
    <name>ProfileRepository</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>The secrets could not be saved (%1).</source>
        <translation>Não foi possível guardar os segredos (%1).</translation>
    </message>
    <message>
        <source>There is no stored profile %1.</source>
        <translation>Não existe nenhum perfil guardado %1.</translation>
    </message>
    <message>
        <source>The secrets of profile “%1” could not be read (%2).</source>
        <translation>Não foi possível ler os segredos do perfil “%1” (%2).</translation>
    </message>
    <message>
        <source>Profile “%1”: the CA file %2 cannot be read (%3).</source>
        <translation>Perfil “%1”: não é possível ler o ficheiro de CA %2 (%3).</translation>
    </message>
    <message>
        <source>Profile “%1”: the CA file %2 holds no PEM certificate.</source>
        <translation>Perfil “%1”: o ficheiro de CA %2 não contém nenhum certificado PEM.</translation>
    </message>
</context>
<context>
    <name>ProfileSchema</name>
    <message>
        <source>Choose at least one profile field the user must submit again.</source>
        <translation>Escolha pelo menos um campo do perfil que o utilizador tem de submeter de novo.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a group of fields, not a field: choose its fields instead (%2).</source>
        <translation>“%1” é um grupo de campos, não um campo: escolha antes os seus campos (%2).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a system field of the profile and cannot be asked for.</source>
        <translation>“%1” é um campo de sistema do perfil e não pode ser pedido.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a field of the SDK.Finance profile (a field is the dotted path of a leaf, e.g. person.namePlain.first or address.country).</source>
        <translation>“%1” não é um campo do perfil da SDK.Finance (um campo é o caminho com pontos de uma folha, p. ex. person.namePlain.first ou address.country).</translation>
    </message>
    <message>
        <source>Identity document fields</source>
        <translation>Campos do documento de identificação</translation>
    </message>
    <message>
        <source>The names as an identity document shows them, in the local script and in Latin letters.</source>
        <translation>Os nomes tal como o documento de identificação os mostra, na escrita local e em letras latinas.</translation>
    </message>
    <message>
        <source>Address only</source>
        <translation>Apenas a morada</translation>
    </message>
    <message>
        <source>Every field of the postal address.</source>
        <translation>Todos os campos da morada postal.</translation>
    </message>
    <message>
        <source>Everything personal</source>
        <translation>Todos os dados pessoais</translation>
    </message>
    <message>
        <source>Every field of the person, contact and address sections.</source>
        <translation>Todos os campos das secções pessoa, contacto e morada.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Pessoa</translation>
    </message>
    <message>
        <source>Name (as written)</source>
        <translation>Nome (tal como escrito)</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Nome próprio</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Apelido</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Nome do meio</translation>
    </message>
    <message>
        <source>Name (Latin letters)</source>
        <translation>Nome (letras latinas)</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contacto</translation>
    </message>
    <message>
        <source>Contact id</source>
        <translation>Id do contacto</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>Alcunha</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Morada</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Cidade</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Número de telefone</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Fotografia</translation>
    </message>
    <message>
        <source>Social media accounts</source>
        <translation>Contas de redes sociais</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referência</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Número de conta</translation>
    </message>
    <message>
        <source>SWIFT / BIC</source>
        <translation>SWIFT / BIC</translation>
    </message>
    <message>
        <source>Owner id</source>
        <translation>Id do titular</translation>
    </message>
    <message>
        <source>Linked user id</source>
        <translation>Id do utilizador associado</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Nome da empresa</translation>
    </message>
    <message>
        <source>Legal form</source>
        <translation>Forma jurídica</translation>
    </message>
    <message>
        <source>Business type</source>
        <translation>Tipo de empresa</translation>
    </message>
    <message>
        <source>VAT number</source>
        <translation>Número de IVA</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrador</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>ZIP code</source>
        <translation>Código postal (ZIP)</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Rua</translation>
    </message>
    <message>
        <source>House number</source>
        <translation>Número da porta</translation>
    </message>
    <message>
        <source>Additional data</source>
        <translation>Dados adicionais</translation>
    </message>
</context>
<context>
    <name>ProfileSectionBox</name>
    <message>
        <source>%1 details</source>
        <translation>Detalhes de %1</translation>
    </message>
    <message>
        <source>%1 list</source>
        <translation>Lista de %1</translation>
    </message>
    <message>
        <source>⟳ Loading…</source>
        <translation>⟳ A carregar…</translation>
    </message>
</context>
<context>
    <name>ProfileStoreBinding</name>
    <message>
        <source>The production profile “%1” is bound to the store %2, where it was first used; this store (%3) is %4. A production profile works with one store only: open it with that store, or ask an administrator.</source>
        <translation>O perfil de produção “%1” está associado ao armazenamento %2, onde foi usado pela primeira vez; este armazenamento (%3) é %4. Um perfil de produção funciona apenas com um armazenamento: abra-o com esse armazenamento ou peça a um administrador.</translation>
    </message>
</context>
<context>
    <name>ProfileValidator</name>
    <message>
        <source>Required: the provider&apos;s https:// address.</source>
        <translation>Obrigatório: o endereço https:// do fornecedor.</translation>
    </message>
    <message>
        <source>Remove the spaces around the address.</source>
        <translation>Remova os espaços à volta do endereço.</translation>
    </message>
    <message>
        <source>Must start with https:// (TLS is always on).</source>
        <translation>Tem de começar por https:// (o TLS está sempre ativo).</translation>
    </message>
    <message>
        <source>Not a valid address: expected https://host[:port][/prefix].</source>
        <translation>Endereço inválido: esperado https://host[:port][/prefix].</translation>
    </message>
    <message>
        <source>Must not carry a query (?…) or fragment (#…).</source>
        <translation>Não pode conter uma consulta (?…) nem um fragmento (#…).</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Obrigatório.</translation>
    </message>
    <message>
        <source>Required: the partner id from the Smile ID portal, exactly as shown (e.g. 0042).</source>
        <translation>Obrigatório: o partner id do portal Smile ID, exatamente como é apresentado (p. ex. 0042).</translation>
    </message>
    <message>
        <source>Remove the spaces: the partner id is sent exactly as typed.</source>
        <translation>Remova os espaços: o partner id é enviado exatamente como foi escrito.</translation>
    </message>
    <message>
        <source>Choose test or production.</source>
        <translation>Escolha teste ou produção.</translation>
    </message>
    <message>
        <source>A pin is the base64 SHA-256 of the server&apos;s public key (44 characters ending in &apos;=&apos;).</source>
        <translation>Um pin é o SHA-256 em base64 da chave pública do servidor (44 caracteres, terminando em &apos;=&apos;).</translation>
    </message>
</context>
<context>
    <name>ProfilesController</name>
    <message>
        <source>No keychain available</source>
        <translation>Nenhum porta-chaves disponível</translation>
    </message>
    <message>
        <source>IdentityDesk keeps API keys and passwords in the system keychain, but none is available: %1</source>
        <translation>O IdentityDesk guarda as chaves de API e as palavras-passe no porta-chaves do sistema, mas não há nenhum disponível: %1</translation>
    </message>
    <message>
        <source>Secrets are never written to a settings file. You can keep them in memory for this session only: you will have to type them again next time.</source>
        <translation>Os segredos nunca são escritos num ficheiro de definições. Pode mantê-los em memória apenas durante esta sessão: terá de os escrever novamente da próxima vez.</translation>
    </message>
    <message>
        <source>&amp;Keep secrets only for this session</source>
        <translation>&amp;Manter os segredos apenas nesta sessão</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t keep secrets</source>
        <translation>&amp;Não manter os segredos</translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation>&amp;Perfis</translation>
    </message>
    <message>
        <source>&amp;Edit profiles…</source>
        <translation>&amp;Editar perfis…</translation>
    </message>
    <message>
        <source>%1  [PRODUCTION]</source>
        <translation>%1  [PRODUÇÃO]</translation>
    </message>
    <message>
        <source>Profiles are edited outside demo mode: the demo&apos;s operators have a published password.</source>
        <translation>Os perfis são editados fora do modo de demonstração: os operadores da demonstração têm uma palavra-passe pública.</translation>
    </message>
    <message numerus="yes">
        <source>%n production profile(s) not shown in demo mode</source>
        <translation>
            <numerusform>%n perfil(is) de produção não mostrado(s) no modo de demonstração</numerusform>
            <numerusform>%n perfil(is) de produção não mostrado(s) no modo de demonstração</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo mode never opens a production profile (“%1”): the demo&apos;s operators have a published password. Start IdentityDesk without --demo.</source>
        <translation>O modo de demonstração nunca abre um perfil de produção (“%1”): os operadores da demonstração têm uma palavra-passe pública. Inicie o IdentityDesk sem --demo.</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Connection profiles — IdentityDesk</source>
        <translation>Perfis de ligação — IdentityDesk</translation>
    </message>
    <message>
        <source>Connection profiles</source>
        <translation>Perfis de ligação</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Novo</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>E&amp;liminar</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importar…</translation>
    </message>
    <message>
        <source>Read profiles from a JSON export. Secrets in the file are not imported.</source>
        <translation>Ler perfis de uma exportação JSON. Os segredos contidos no ficheiro não são importados.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <source>Write every profile to a JSON file, without any secret.</source>
        <translation>Escrever todos os perfis num ficheiro JSON, sem nenhum segredo.</translation>
    </message>
    <message>
        <source>Export &amp;CLI profile…</source>
        <translation>Exportar perfil &amp;CLI…</translation>
    </message>
    <message>
        <source>Write the selected profile with its secrets for identitydesk-cli (mode 0600).</source>
        <translation>Escrever o perfil selecionado com os seus segredos para identitydesk-cli (modo 0600).</translation>
    </message>
    <message>
        <source>Net&amp;work…</source>
        <translation>&amp;Rede…</translation>
    </message>
    <message>
        <source>Proxy settings (the system&apos;s by default).</source>
        <translation>Definições de proxy (as do sistema, por predefinição).</translation>
    </message>
    <message>
        <source>Secrets are kept in %1.</source>
        <translation>Os segredos são guardados em %1.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>Importar perfis</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>Perfis (*.json)</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>Exportar perfis</translation>
    </message>
    <message>
        <source>%1  [PRODUCTION]</source>
        <translation>%1  [PRODUÇÃO]</translation>
    </message>
    <message>
        <source>The secrets could not be read: %1</source>
        <translation>Não foi possível ler os segredos: %1</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>Novo perfil</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Eliminar perfil</translation>
    </message>
    <message>
        <source>Delete the profile “%1” and its secrets in the keychain?</source>
        <translation>Eliminar o perfil “%1” e os seus segredos no porta-chaves?</translation>
    </message>
    <message>
        <source>Save the profile; secrets go to the keychain.</source>
        <translation>Guardar o perfil; os segredos vão para o porta-chaves.</translation>
    </message>
    <message>
        <source>Fix first: %1</source>
        <translation>Corrija primeiro: %1</translation>
    </message>
    <message>
        <source>Not saved: %1 — %2</source>
        <translation>Não guardado: %1 — %2</translation>
    </message>
    <message>
        <source>Saved “%1”. Secrets are kept in %2.</source>
        <translation>“%1” guardado. Os segredos são guardados em %2.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Não é possível ler %1: %2</translation>
    </message>
    <message>
        <source>Nothing was imported. %1</source>
        <translation>Nada foi importado. %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s) from %1.</source>
        <translation>
            <numerusform>Importado %n perfil de %1.</numerusform>
            <numerusform>Importados %n perfis de %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Não é possível escrever %1: %2</translation>
    </message>
    <message>
        <source>Exported the profiles to %1 (without secrets).</source>
        <translation>Perfis exportados para %1 (sem segredos).</translation>
    </message>
    <message>
        <source>Fix the profile first: %1</source>
        <translation>Corrija primeiro o perfil: %1</translation>
    </message>
    <message>
        <source>Export CLI profile</source>
        <translation>Exportar perfil CLI</translation>
    </message>
    <message>
        <source>The CLI profile file holds this profile&apos;s API keys and passwords in plain text (readable by your user only, mode 0600). Anyone who can read it can act on the providers as you. Write it?</source>
        <translation>O ficheiro de perfil CLI contém as chaves de API e as palavras-passe deste perfil em texto simples (legível apenas pelo seu utilizador, modo 0600). Qualquer pessoa que o consiga ler pode agir junto dos fornecedores em seu nome. Escrevê-lo?</translation>
    </message>
    <message>
        <source>Write the file with secrets</source>
        <translation>Escrever o ficheiro com segredos</translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation>Perfil (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1 (mode 0600).</source>
        <translation>%1 escrito (modo 0600).</translation>
    </message>
</context>
<context>
    <name>ProviderIdField</name>
    <message>
        <source>none</source>
        <translation>nenhum</translation>
    </message>
    <message>
        <source>Read-only; select it to copy the id.</source>
        <translation>Só de leitura; selecione-o para copiar o id.</translation>
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
        <translation>%1 para %2</translation>
    </message>
</context>
<context>
    <name>ProxySettings</name>
    <message>
        <source>Type the proxy&apos;s host name.</source>
        <translation>Escreva o nome de anfitrião do proxy.</translation>
    </message>
    <message>
        <source>The proxy port must be between 1 and 65535.</source>
        <translation>A porta do proxy tem de estar entre 1 e 65535.</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Confirm on PRODUCTION</source>
        <translation>Confirmar em PRODUÇÃO</translation>
    </message>
    <message>
        <source>&lt;b&gt;This is the PRODUCTION environment&lt;/b&gt; (profile “%1”).</source>
        <translation>&lt;b&gt;Este é o ambiente de PRODUÇÃO&lt;/b&gt; (perfil “%1”).</translation>
    </message>
    <message>
        <source>%1

It acts on a real person&apos;s record. Submit it on production?</source>
        <translation>%1

Isto atua sobre o registo de uma pessoa real. Submeter em produção?</translation>
    </message>
    <message>
        <source>Submit on &amp;PRODUCTION</source>
        <translation>Submeter em &amp;PRODUÇÃO</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Operator console for identity-verification providers.</source>
        <translation>Consola de operador para fornecedores de verificação de identidade.</translation>
    </message>
    <message>
        <source>Start the bundled sandbox and connect to it, with a throwaway store and demo operators.</source>
        <translation>Iniciar a sandbox incluída e ligar-se a ela, com um armazenamento descartável e operadores de demonstração.</translation>
    </message>
    <message>
        <source>Connection profile file.</source>
        <translation>Ficheiro de perfil de ligação.</translation>
    </message>
    <message>
        <source>Store URL: sqlite:PATH or postgresql://… (default: %1).</source>
        <translation>URL do armazenamento: sqlite:CAMINHO ou postgresql://… (predefinição: %1).</translation>
    </message>
    <message>
        <source>Population of the demo sandbox (default 100000).</source>
        <translation>População da sandbox de demonstração (predefinição 100000).</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Motivo:</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Obrigatório</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Type a reason first.</source>
        <translation>Escreva primeiro um motivo.</translation>
    </message>
</context>
<context>
    <name>ResetFieldsEditor</name>
    <message>
        <source>Mandatory profile fields</source>
        <translation>Campos de perfil obrigatórios</translation>
    </message>
    <message>
        <source>The user will be asked to submit the ticked profile fields again. Tick a branch to select all of its fields.</source>
        <translation>Será pedido ao utilizador que submeta de novo os campos de perfil assinalados. Assinale um ramo para selecionar todos os seus campos.</translation>
    </message>
    <message>
        <source>Filter profile fields</source>
        <translation>Filtrar os campos do perfil</translation>
    </message>
    <message>
        <source>Filter fields, e.g. name or address.city</source>
        <translation>Filtrar campos, p. ex. name ou address.city</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filtro:</translation>
    </message>
    <message>
        <source>Presets:</source>
        <translation>Predefinições:</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>Predefinição: %1</translation>
    </message>
    <message>
        <source>%1 Replaces the current selection.</source>
        <translation>%1 Substitui a seleção atual.</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Limpar</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>Limpar a seleção</translation>
    </message>
    <message>
        <source>Unticks every field.</source>
        <translation>Desmarca todos os campos.</translation>
    </message>
    <message>
        <source>Profile fields</source>
        <translation>Campos do perfil</translation>
    </message>
    <message>
        <source>Space ticks or unticks the current field or branch.</source>
        <translation>Espaço marca ou desmarca o campo ou ramo atual.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Caminho</translation>
    </message>
    <message>
        <source>Fields that will be sent</source>
        <translation>Campos que serão enviados</translation>
    </message>
    <message>
        <source>Fields that will be sent (%1):</source>
        <translation>Campos que serão enviados (%1):</translation>
    </message>
</context>
<context>
    <name>SdkFinanceClient</name>
    <message>
        <source>The SDK.Finance login &apos;%1&apos; lacks the permission %2, so identifications cannot be reset and reset requests cannot be decided with it. Ask the SDK.Finance administrator to grant it.</source>
        <translation>O login SDK.Finance “%1” não tem a permissão %2, por isso não pode repor identificações nem decidir pedidos de reposição. Peça ao administrador da SDK.Finance que a conceda.</translation>
    </message>
    <message>
        <source>log in as &apos;%1&apos;</source>
        <translation>iniciar sessão como “%1”</translation>
    </message>
    <message>
        <source>the token was refused right after a fresh login</source>
        <translation>o token foi recusado logo após um novo início de sessão</translation>
    </message>
    <message>
        <source>the token was refused right after a fresh login (%1)</source>
        <translation>o token foi recusado logo após um novo início de sessão (%1)</translation>
    </message>
    <message>
        <source>list reset-identification requests</source>
        <translation>listar os pedidos de reposição de identificação</translation>
    </message>
    <message>
        <source>search profiles</source>
        <translation>pesquisar perfis</translation>
    </message>
    <message>
        <source>Only a supervisor can approve or decline a user&apos;s SDK.Finance reset request (deciding it is itself the approval, so it needs no second one).</source>
        <translation>Só um supervisor pode aprovar ou recusar o pedido de reposição SDK.Finance de um utilizador (decidi-lo é em si a aprovação, por isso não requer uma segunda).</translation>
    </message>
    <message>
        <source>SDK.Finance has no action &apos;%1&apos; (known: %2).</source>
        <translation>A SDK.Finance não tem a ação “%1” (conhecidas: %2).</translation>
    </message>
    <message>
        <source>An SDK.Finance user id is required.</source>
        <translation>É obrigatório um id de utilizador SDK.Finance.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an SDK.Finance user id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</source>
        <translation>“%1” não é um id de utilizador SDK.Finance (sem &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; nem espaços).</translation>
    </message>
    <message>
        <source>A reset needs the list of profile fields the user must submit again.</source>
        <translation>Uma reposição requer a lista dos campos do perfil que o utilizador tem de submeter de novo.</translation>
    </message>
    <message>
        <source>Every profile field must be a dotted path given as text.</source>
        <translation>Cada campo do perfil tem de ser um caminho com pontos indicado como texto.</translation>
    </message>
    <message>
        <source>The id of the reset request to %1 is required.</source>
        <translation>É obrigatório o id do pedido de reposição a %1.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a reset request id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</source>
        <translation>“%1” não é um id de pedido de reposição (sem &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; nem espaços).</translation>
    </message>
    <message>
        <source>Reset the identification of SDK.Finance user %1 (fields to submit again: %2)</source>
        <translation>Repor a identificação do utilizador SDK.Finance %1 (campos a submeter de novo: %2)</translation>
    </message>
    <message>
        <source>Approve reset request %1 of SDK.Finance user %2</source>
        <translation>Aprovar o pedido de reposição %1 do utilizador SDK.Finance %2</translation>
    </message>
    <message>
        <source>Decline reset request %1 of SDK.Finance user %2</source>
        <translation>Recusar o pedido de reposição %1 do utilizador SDK.Finance %2</translation>
    </message>
    <message>
        <source>Change SDK.Finance user %1</source>
        <translation>Alterar o utilizador SDK.Finance %1</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: concluído.</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Nada foi enviado.</translation>
    </message>
    <message>
        <source> (SDK.Finance: %1)</source>
        <translation> (SDK.Finance: %1)</translation>
    </message>
    <message>
        <source>Nothing was changed at SDK.Finance.</source>
        <translation>Nada foi alterado no SDK.Finance.</translation>
    </message>
    <message>
        <source>Reset request %1 of SDK.Finance user %2 is already decided (HTTP 409): the earlier attempt, whose outcome was unknown, most likely went through. Check the request&apos;s status in the list if in doubt.</source>
        <translation>O pedido de reposição %1 do utilizador SDK.Finance %2 já está decidido (HTTP 409): a tentativa anterior, cujo resultado era desconhecido, muito provavelmente foi concluída. Em caso de dúvida, verifique o estado do pedido na lista.</translation>
    </message>
    <message>
        <source>Reset request %1 is pending for SDK.Finance user %2, not for %3.</source>
        <translation>O pedido de reposição %1 está pendente para o utilizador SDK.Finance %2, não para %3.</translation>
    </message>
    <message numerus="yes">
        <source>SDK.Finance has no pending reset request %1 (of %n pending): it is unknown or already decided. &apos;sdkfinance requests&apos; and the Pending resets tab list the pending ones.</source>
        <translation>
            <numerusform>O SDK.Finance não tem o pedido de reposição %1 pendente (de %n pendente): é desconhecido ou já foi decidido. “sdkfinance requests” e o separador Reposições pendentes listam os pendentes.</numerusform>
            <numerusform>O SDK.Finance não tem o pedido de reposição %1 pendente (de %n pendentes): é desconhecido ou já foi decidido. “sdkfinance requests” e o separador Reposições pendentes listam os pendentes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SdkFinanceCommand</name>
    <message>
        <source>usage: sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
       sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT
       sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT</source>
        <translation>uso: sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
     sdkfinance reset ID_UTILIZADOR --field CAMINHO [--field CAMINHO ...] --reason TEXTO
     sdkfinance approve|decline ID_UTILIZADOR ID_PEDIDO --reason TEXTO</translation>
    </message>
    <message>
        <source>sdkfinance reset needs at least one --field PATH (e.g. --field person.namePlain.first --field address.country)</source>
        <translation>sdkfinance reset requer pelo menos um --field CAMINHO (p. ex. --field person.namePlain.first --field address.country)</translation>
    </message>
    <message>
        <source>Known fields: %1</source>
        <translation>Campos conhecidos: %1</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTO é obrigatório</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;sdkfinance&apos; section</source>
        <translation>o perfil de ligação %1 não tem a secção &apos;sdkfinance&apos;</translation>
    </message>
    <message>
        <source>--page takes a page number from 1</source>
        <translation>--page requer um número de página a partir de 1</translation>
    </message>
    <message>
        <source>--limit takes a page size from 1 to %1</source>
        <translation>--limit requer um tamanho de página de 1 a %1</translation>
    </message>
    <message>
        <source>REQUEST</source>
        <translation>PEDIDO</translation>
    </message>
    <message>
        <source>USER ID</source>
        <translation>ID UTILIZADOR</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOME</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>CRIADO</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>ESTADO</translation>
    </message>
    <message>
        <source>COMMENT</source>
        <translation>COMENTÁRIO</translation>
    </message>
    <message>
        <source>Page %1 of %2; %3 request(s)%4 in all.</source>
        <translation>Página %1 de %2; %3 pedido(s)%4 no total.</translation>
    </message>
    <message>
        <source> with status %1</source>
        <translation> com o estado %1</translation>
    </message>
    <message>
        <source>--status takes %1 or ALL</source>
        <translation>--status aceita %1 ou ALL</translation>
    </message>
</context>
<context>
    <name>SdkFinanceModule</name>
    <message>
        <source>Reset the identification of %1: SDK.Finance asks the person to submit %2 again and identify anew</source>
        <translation>Repor a identificação de %1: a SDK.Finance pede à pessoa que submeta de novo %2 e se identifique novamente</translation>
    </message>
    <message>
        <source>the chosen fields</source>
        <translation>os campos escolhidos</translation>
    </message>
    <message>
        <source>Approve the reset request %2 of %1: SDK.Finance resets the identification, and the person identifies anew</source>
        <translation>Aprovar o pedido de reposição %2 de %1: a SDK.Finance repõe a identificação e a pessoa identifica-se novamente</translation>
    </message>
    <message>
        <source>Decline the reset request %2 of %1: SDK.Finance keeps the identification as it is</source>
        <translation>Recusar o pedido de reposição %2 de %1: a SDK.Finance mantém a identificação tal como está</translation>
    </message>
    <message>
        <source>Change %1 at SDK.Finance</source>
        <translation>Alterar %1 na SDK.Finance</translation>
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
        <translation>Repor a identificação…</translation>
    </message>
    <message>
        <source>SDK.Finance actions</source>
        <translation>Ações SDK.Finance</translation>
    </message>
    <message>
        <source>SDK.Finance user id</source>
        <translation>Id de utilizador SDK.Finance</translation>
    </message>
    <message>
        <source>Reset SDK.Finance identification</source>
        <translation>Repor a identificação SDK.Finance</translation>
    </message>
    <message>
        <source>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</source>
        <translation>Sem ligação à SDK.Finance: abra um perfil de ligação com uma secção &apos;sdkfinance&apos;.</translation>
    </message>
    <message>
        <source>Choose the profile fields the user must submit again.</source>
        <translation>Escolher os campos do perfil que o utilizador tem de submeter de novo.</translation>
    </message>
    <message>
        <source>The id SDK.Finance knows the selected person by.</source>
        <translation>O id pelo qual a SDK.Finance conhece a pessoa selecionada.</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>Id de utilizador:</translation>
    </message>
    <message>
        <source>Select a person known to SDK.Finance first.</source>
        <translation>Selecione primeiro uma pessoa conhecida da SDK.Finance.</translation>
    </message>
    <message>
        <source>Result of the last SDK.Finance action</source>
        <translation>Resultado da última ação SDK.Finance</translation>
    </message>
    <message>
        <source>Wait until the current SDK.Finance action has finished.</source>
        <translation>Aguarde até a ação SDK.Finance em curso terminar.</translation>
    </message>
    <message>
        <source>Sending to SDK.Finance…</source>
        <translation>A enviar para a SDK.Finance…</translation>
    </message>
</context>
<context>
    <name>SdkFinanceSectionView</name>
    <message>
        <source>SDK.Finance — profile and reset requests</source>
        <translation>SDK.Finance — perfil e pedidos de reposição</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Id de utilizador</translation>
    </message>
    <message>
        <source>Profile status</source>
        <translation>Estado do perfil</translation>
    </message>
    <message>
        <source>RESET PENDING</source>
        <translation>REPOSIÇÃO PENDENTE</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentário</translation>
    </message>
    <message>
        <source>No pending reset-identification request.</source>
        <translation>Nenhum pedido de reposição de identificação pendente.</translation>
    </message>
</context>
<context>
    <name>SdkFinanceWire</name>
    <message>
        <source>the login answer is not a JSON object</source>
        <translation>a resposta de início de sessão não é um objeto JSON</translation>
    </message>
    <message>
        <source>the login answer has no &quot;members&quot;</source>
        <translation>a resposta de início de sessão não tem &quot;members&quot;</translation>
    </message>
    <message>
        <source>the login answer has no token</source>
        <translation>a resposta de início de sessão não tem token</translation>
    </message>
    <message>
        <source>the list of reset requests is not a JSON object</source>
        <translation>a lista de pedidos de reposição não é um objeto JSON</translation>
    </message>
    <message>
        <source>the list of reset requests has no &quot;records&quot; array</source>
        <translation>a lista de pedidos de reposição não tem a matriz &quot;records&quot;</translation>
    </message>
    <message>
        <source>a reset request has no &quot;id&quot;</source>
        <translation>um pedido de reposição não tem &quot;id&quot;</translation>
    </message>
    <message>
        <source>the reset answer is not a JSON object</source>
        <translation>a resposta de reposição não é um objeto JSON</translation>
    </message>
    <message>
        <source>the reset answer has no &quot;profile&quot; document</source>
        <translation>a resposta de reposição não tem o documento &quot;profile&quot;</translation>
    </message>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>a resposta não é um objeto JSON</translation>
    </message>
    <message>
        <source>the profile list is not a JSON object</source>
        <translation>a lista de perfis não é um objeto JSON</translation>
    </message>
    <message>
        <source>the profile list has no &quot;records&quot; array</source>
        <translation>a lista de perfis não tem a matriz &quot;records&quot;</translation>
    </message>
    <message>
        <source>a profile has no &quot;id&quot;</source>
        <translation>um perfil não tem &quot;id&quot;</translation>
    </message>
    <message>
        <source>unknown user or request</source>
        <translation>utilizador ou pedido desconhecido</translation>
    </message>
    <message>
        <source>the answer says status &quot;error&quot;</source>
        <translation>a resposta indica o estado &quot;error&quot;</translation>
    </message>
    <message>
        <source>the answer says status &quot;error&quot;: %1</source>
        <translation>a resposta indica o estado &quot;error&quot;: %1</translation>
    </message>
    <message>
        <source>the SDK.Finance login is not permitted to do this</source>
        <translation>o login SDK.Finance não tem permissão para o fazer</translation>
    </message>
    <message>
        <source>the SDK.Finance login is not permitted to do this (%1)</source>
        <translation>o login SDK.Finance não tem permissão para o fazer (%1)</translation>
    </message>
</context>
<context>
    <name>SearchSourceStatus</name>
    <message>
        <source>loading…</source>
        <translation>a carregar…</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s), loading more…</source>
        <translation>
            <numerusform>%n resultado, a carregar mais…</numerusform>
            <numerusform>%n resultados, a carregar mais…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) of %1</source>
        <translation>
            <numerusform>%n resultado de %1</numerusform>
            <numerusform>%n resultados de %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n resultado</numerusform>
            <numerusform>%n resultados</numerusform>
        </translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>erro: %1</translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>IdentityDesk locked itself after the idle time the policy sets. Type your password to go on, or sign out.</source>
        <translation>O IdentityDesk bloqueou-se após o tempo de inatividade definido pela política. Escreva a sua palavra-passe para continuar ou termine a sessão.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts — IdentityDesk</source>
        <translation>Atalhos de teclado — IdentityDesk</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Comando</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Atalho</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>&amp;Confirmar a palavra-passe:</translation>
    </message>
    <message>
        <source>Sign in — IdentityDesk</source>
        <translation>Iniciar sessão — IdentityDesk</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>Nome do operador</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Palavra-passe</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>Confirmar a palavra-passe</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Problema ao iniciar sessão</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nome:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Palavra-passe:</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Armazenamento: %1</translation>
    </message>
    <message>
        <source>Demo mode: sign in as %1 with the password “%2”. Everything happens in a throwaway store and against the bundled sandbox.</source>
        <translation>Modo de demonstração: inicie sessão como %1 com a palavra-passe “%2”. Tudo acontece num armazenamento descartável e com a sandbox incluída.</translation>
    </message>
    <message>
        <source>Create the first supervisor</source>
        <translation>Criar o primeiro supervisor</translation>
    </message>
    <message>
        <source>Sign in to IdentityDesk</source>
        <translation>Iniciar sessão no IdentityDesk</translation>
    </message>
    <message>
        <source>This store has no operators yet. The first one is a supervisor, who can then add officers, auditors and other supervisors.</source>
        <translation>Este armazenamento ainda não tem operadores. O primeiro é um supervisor, que pode depois adicionar agentes, auditores e outros supervisores.</translation>
    </message>
    <message>
        <source>Sign in with your operator name and password. Every action you take is recorded under your name.</source>
        <translation>Inicie sessão com o seu nome de operador e a sua palavra-passe. Cada ação que realizar fica registada em seu nome.</translation>
    </message>
    <message>
        <source>&amp;Create supervisor</source>
        <translation>&amp;Criar o supervisor</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Iniciar sessão</translation>
    </message>
    <message>
        <source>The store is not open.</source>
        <translation>O armazenamento não está aberto.</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>Escreva o seu nome e a sua palavra-passe.</translation>
    </message>
    <message numerus="yes">
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>A palavra-passe tem de ter pelo menos %n carácter.</numerusform>
            <numerusform>A palavra-passe tem de ter pelo menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Type the same password twice.</source>
        <translation>Escreva a mesma palavra-passe duas vezes.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>As palavras-passe não coincidem.</translation>
    </message>
    <message>
        <source>Creating the supervisor…</source>
        <translation>A criar o supervisor…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>A iniciar sessão…</translation>
    </message>
    <message>
        <source>This team store&apos;s server checks who you are: sign in with your database login and its password (your organisation&apos;s directory password, if it signs you in that way). Every action you take is recorded under that name.</source>
        <translation>O servidor deste armazenamento de equipa verifica quem é: entre com o seu início de sessão da base de dados e a respetiva palavra-passe (a palavra-passe do diretório da sua organização, se for assim que o autentica). Cada ação que efetuar fica registada com esse nome.</translation>
    </message>
</context>
<context>
    <name>SmartIdClient</name>
    <message>
        <source>SmartID has no action &apos;%1&apos;.</source>
        <translation>O SmartID não tem a ação “%1”.</translation>
    </message>
    <message>
        <source>A SmartID user id is required (the id the user enrolled with, usually their e-mail).</source>
        <translation>É obrigatório um id de utilizador SmartID (aquele com que o utilizador se registou, normalmente o e-mail).</translation>
    </message>
    <message>
        <source>The SmartID un-enroll takes no parameter &apos;%1&apos;.</source>
        <translation>A anulação do registo SmartID não aceita o parâmetro “%1”.</translation>
    </message>
    <message>
        <source>Reset the biometric enrollment of SmartID user %1 (un-enroll)</source>
        <translation>Repor o registo biométrico do utilizador SmartID %1 (anular registo)</translation>
    </message>
    <message>
        <source>code %1, HTTP %2</source>
        <translation>código %1, HTTP %2</translation>
    </message>
    <message>
        <source>code %1</source>
        <translation>código %1</translation>
    </message>
    <message>
        <source>SmartID answered the un-enroll of user %1 with HTTP %2, but the answer could not be read (%3), so it is not known whether it was processed. It is listed under Unresolved: check the user&apos;s enrollment at SmartID and resolve it; it is not sent again automatically.</source>
        <translation>O SmartID respondeu à anulação do registo do utilizador %1 com HTTP %2, mas a resposta não pôde ser lida (%3), por isso não se sabe se foi processada. Está listada em Não resolvidas: verifique o registo do utilizador no SmartID e resolva-a; não é reenviada automaticamente.</translation>
    </message>
    <message>
        <source>SmartID: the biometric enrollment of user %1 was removed; they can enroll again from the app.</source>
        <translation>SmartID: o registo biométrico do utilizador %1 foi removido; pode registar-se de novo a partir da aplicação.</translation>
    </message>
    <message>
        <source>user cannot be null or empty</source>
        <translation>o utilizador não pode ser nulo nem vazio</translation>
    </message>
    <message>
        <source>SmartID refused the un-enroll: the user id was empty (%1). Nothing was changed; enter the user&apos;s SmartID id (the e-mail they enrolled with) and send again.</source>
        <translation>O SmartID recusou a anulação do registo: o id de utilizador estava vazio (%1). Nada mudou; escreva o id SmartID do utilizador (o e-mail com que se registou) e envie novamente.</translation>
    </message>
    <message>
        <source>SmartID no longer knows user %1 (%2, user not found) after an earlier un-enroll whose outcome was unknown: that one was processed, the user is already un-enrolled. Resolve the earlier action as succeeded.</source>
        <translation>O SmartID já não conhece o utilizador %1 (%2, utilizador não encontrado) após uma anulação de registo anterior de resultado desconhecido: essa foi processada, o utilizador já não está registado. Resolva a ação anterior como concluída.</translation>
    </message>
    <message>
        <source>SmartID: user %1 not found (%2). Nothing was un-enrolled. Check the id (SmartID knows users by the id they enrolled with, usually their e-mail). If an earlier un-enroll of this user ended in a SmartID fault, it may have been processed after all.</source>
        <translation>SmartID: utilizador %1 não encontrado (%2). Nenhum registo foi anulado. Verifique o id (o SmartID conhece os utilizadores pelo id com que se registaram, normalmente o e-mail). Se uma anulação anterior deste utilizador terminou numa falha do SmartID, pode afinal ter sido processada.</translation>
    </message>
    <message>
        <source>SmartID: user channel not found for user %1 (%2). Nothing was un-enrolled. The user&apos;s app registration is missing at SmartID: ask the user to open the app again, or contact SmartID support.</source>
        <translation>SmartID: canal do utilizador não encontrado para o utilizador %1 (%2). Nenhum registo foi anulado. Falta o registo da aplicação do utilizador no SmartID: peça ao utilizador que abra de novo a aplicação ou contacte o suporte do SmartID.</translation>
    </message>
    <message>
        <source>a service call error</source>
        <translation>um erro de chamada de serviço</translation>
    </message>
    <message>
        <source>an internal error</source>
        <translation>um erro interno</translation>
    </message>
    <message>
        <source>SmartID had %1 (%2%3) while un-enrolling user %4. This proves nothing about processing: the un-enroll may or may not have been done, and it was not resent automatically. Check the user&apos;s enrollment and retry by hand if needed.</source>
        <translation>O SmartID teve %1 (%2%3) ao anular o registo do utilizador %4. Isto nada prova sobre o processamento: a anulação pode ou não ter sido feita, e não foi reenviada automaticamente. Verifique o registo do utilizador e tente de novo manualmente se necessário.</translation>
    </message>
    <message>
        <source>SmartID answered the un-enroll of user %1 with an unexpected result (%2%3). Check the user&apos;s enrollment at SmartID before sending it again.</source>
        <translation>O SmartID respondeu à anulação do registo do utilizador %1 com um resultado inesperado (%2%3). Verifique o registo do utilizador no SmartID antes de enviar novamente.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a SmartID user id: use the id the user enrolled with (usually their e-mail address): 1 to %2 characters, with no spaces, line breaks or other control characters, no &apos;/&apos;, &apos;\&apos;, &apos;%&apos; and no &apos;..&apos;.</source>
        <translation>&apos;%1&apos; não é um identificador de utilizador SmartID: use o identificador com que o utilizador se registou (normalmente o seu endereço de e-mail): de 1 a %2 caracteres, sem espaços, quebras de linha nem outros caracteres de controlo, sem &apos;/&apos;, &apos;\&apos;, &apos;%&apos; nem &apos;..&apos;.</translation>
    </message>
</context>
<context>
    <name>SmartIdCommand</name>
    <message>
        <source>usage: smartid unenroll USER --reason TEXT</source>
        <translation>uso: smartid unenroll UTILIZADOR --reason TEXTO</translation>
    </message>
</context>
<context>
    <name>SmartIdModule</name>
    <message>
        <source>Reset the biometric enrollment of %1: SmartID un-enrolls the person, who must enroll again from the mobile app</source>
        <translation>Repor o registo biométrico de %1: o SmartID anula o registo da pessoa, que tem de se registar de novo a partir da aplicação móvel</translation>
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
        <translation>Repor o registo biométrico…</translation>
    </message>
    <message>
        <source>SmartID Suite actions</source>
        <translation>Ações SmartID Suite</translation>
    </message>
    <message>
        <source>SmartID user</source>
        <translation>Utilizador SmartID</translation>
    </message>
    <message>
        <source>Reset biometric enrollment</source>
        <translation>Repor o registo biométrico</translation>
    </message>
    <message>
        <source>Result of the last SmartID action</source>
        <translation>Resultado da última ação SmartID</translation>
    </message>
    <message>
        <source>Wait until the current SmartID action has finished.</source>
        <translation>Aguarde até a ação SmartID em curso terminar.</translation>
    </message>
    <message>
        <source>Sending to SmartID…</source>
        <translation>A enviar para o SmartID…</translation>
    </message>
    <message>
        <source>The user SmartID Suite knows this person by: SmartID identifies users by their e-mail address, the selected person&apos;s.</source>
        <translation>O utilizador pelo qual o SmartID Suite conhece esta pessoa: o SmartID identifica os utilizadores pelo endereço de e-mail, neste caso o da pessoa selecionada.</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Utilizador:</translation>
    </message>
    <message>
        <source>SmartID knows people by e-mail, and this person has none.</source>
        <translation>O SmartID conhece as pessoas pelo e-mail, e esta pessoa não tem nenhum.</translation>
    </message>
    <message>
        <source>Removes the person&apos;s biometric enrollment at SmartID so that they can enroll again. Opens a confirmation naming the person; you give a reason.</source>
        <translation>Remove o registo biométrico da pessoa no SmartID para que possa registar-se de novo. Abre uma confirmação com o nome da pessoa; indica um motivo.</translation>
    </message>
</context>
<context>
    <name>SmartIdProbe</name>
    <message>
        <source>test the connection</source>
        <translation>testar a ligação</translation>
    </message>
    <message>
        <source>SmartID is reachable over TLS (HTTP %1). The API key cannot be verified without a state change (SmartID has no read-only call), so it was not.</source>
        <translation>O SmartID está acessível por TLS (HTTP %1). A chave de API não pode ser verificada sem uma alteração de estado (o SmartID não tem nenhuma chamada só de leitura), pelo que não foi verificada.</translation>
    </message>
</context>
<context>
    <name>SmartIdSectionView</name>
    <message>
        <source>SmartID — enrollment</source>
        <translation>SmartID — inscrição</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Utilizador</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>Inscrição</translation>
    </message>
</context>
<context>
    <name>SmartIdWire</name>
    <message>
        <source>user cannot be null or empty</source>
        <translation>o utilizador não pode ser nulo nem vazio</translation>
    </message>
</context>
<context>
    <name>SmileIdClient</name>
    <message>
        <source>Smile ID has no action &apos;%1&apos;.</source>
        <translation>O Smile ID não tem a ação “%1”.</translation>
    </message>
    <message>
        <source>A Smile ID user id is required.</source>
        <translation>É obrigatório um id de utilizador Smile ID.</translation>
    </message>
    <message>
        <source>Unknown Smile ID flag &apos;%1&apos; (known: %2).</source>
        <translation>Indicador Smile ID desconhecido “%1” (conhecidos: %2).</translation>
    </message>
    <message>
        <source>The value of the Smile ID flag &apos;%1&apos; must be true or false.</source>
        <translation>O valor do indicador Smile ID “%1” tem de ser true ou false.</translation>
    </message>
    <message>
        <source>The Smile ID flag &apos;%1&apos; can only be set to true.</source>
        <translation>O indicador Smile ID “%1” só pode ser definido como true.</translation>
    </message>
    <message>
        <source>Allow Smile ID user %1 to re-enroll</source>
        <translation>Permitir que o utilizador Smile ID %1 se registe de novo</translation>
    </message>
    <message>
        <source>Reactivate Smile ID user %1</source>
        <translation>Reativar o utilizador Smile ID %1</translation>
    </message>
    <message>
        <source>Deactivate Smile ID user %1</source>
        <translation>Desativar o utilizador Smile ID %1</translation>
    </message>
    <message>
        <source>Delete (permanently block) Smile ID user %1</source>
        <translation>Eliminar (bloquear permanentemente) o utilizador Smile ID %1</translation>
    </message>
    <message>
        <source>Mark Smile ID user %1 as fraudulent</source>
        <translation>Marcar o utilizador Smile ID %1 como fraudulento</translation>
    </message>
    <message>
        <source>Clear the fraud flag of Smile ID user %1</source>
        <translation>Retirar o indicador de fraude do utilizador Smile ID %1</translation>
    </message>
    <message>
        <source>Change Smile ID user %1</source>
        <translation>Alterar o utilizador Smile ID %1</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: concluído.</translation>
    </message>
    <message>
        <source>Smile ID user %1 was already deleted.</source>
        <translation>O utilizador Smile ID %1 já estava eliminado.</translation>
    </message>
    <message>
        <source>read the status of Smile ID job %1 of user %2</source>
        <translation>ler o estado da tarefa Smile ID %1 do utilizador %2</translation>
    </message>
    <message>
        <source>SECURITY WARNING: the answer carries no signature, so it cannot be shown as Smile ID&apos;s. Do not rely on it; tell your administrator</source>
        <translation>AVISO DE SEGURANÇA: a resposta não tem assinatura, pelo que não pode ser apresentada como sendo do Smile ID. Não confie nela; informe o seu administrador</translation>
    </message>
    <message>
        <source>SECURITY WARNING: the answer&apos;s signature does not match (forged, tampered with, or a wrong API key in the profile). Do not rely on it; tell your administrator</source>
        <translation>AVISO DE SEGURANÇA: a assinatura da resposta não corresponde (falsificada, adulterada ou chave de API errada no perfil). Não confie nela; informe o seu administrador</translation>
    </message>
    <message>
        <source>The job&apos;s status is not shown. If the API key in the connection profile is right, the answer did not come from Smile ID.</source>
        <translation>O estado do trabalho não é mostrado. Se a chave de API do perfil de ligação estiver certa, a resposta não veio da Smile ID.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Smile ID user id (at most 100 characters, no line breaks, tabs or other control characters, no space at either end).</source>
        <translation>“%1” não é um id de utilizador Smile ID (no máximo 100 caracteres, sem quebras de linha, tabulações ou outros caracteres de controlo, sem espaço no início ou no fim).</translation>
    </message>
    <message>
        <source>load a Smile ID job image</source>
        <translation>carregar uma imagem de tarefa Smile ID</translation>
    </message>
    <message>
        <source>the image link is not https: %1</source>
        <translation>a ligação da imagem não é https: %1</translation>
    </message>
</context>
<context>
    <name>SmileIdCommand</name>
    <message>
        <source>usage: smileid flag USER_ID (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXT</source>
        <translation>uso: smileid flag ID_UTILIZADOR (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXTO</translation>
    </message>
    <message>
        <source>choose one of --active, --fraudulent, --allow-reenroll, --delete</source>
        <translation>escolha um de --active, --fraudulent, --allow-reenroll, --delete</translation>
    </message>
    <message>
        <source>one flag per request: %1 given</source>
        <translation>um indicador por pedido: %1 indicados</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTO é obrigatório</translation>
    </message>
    <message>
        <source>--%1 takes true or false</source>
        <translation>--%1 requer true ou false</translation>
    </message>
</context>
<context>
    <name>SmileIdJobStatus</name>
    <message>
        <source>pending</source>
        <translation>pendente</translation>
    </message>
    <message>
        <source>complete, success</source>
        <translation>concluída, com êxito</translation>
    </message>
    <message>
        <source>complete, failed</source>
        <translation>concluída, falhada</translation>
    </message>
</context>
<context>
    <name>SmileIdJobStatusCommand</name>
    <message>
        <source>usage: smileid job-status USER_ID JOB_ID [--history] [--image-links]</source>
        <translation>utilização: smileid job-status USER_ID JOB_ID [--history] [--image-links]</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;smileid&apos; section</source>
        <translation>o perfil de ligação %1 não tem a secção &apos;smileid&apos;</translation>
    </message>
    <message>
        <source>Smile ID job %1 of user %2</source>
        <translation>Tarefa Smile ID %1 do utilizador %2</translation>
    </message>
    <message>
        <source>Signature: verified</source>
        <translation>Assinatura:     verificada</translation>
    </message>
    <message>
        <source>State:     %1 (code %2)</source>
        <translation>Estado:         %1 (código %2)</translation>
    </message>
    <message>
        <source>Result:    %1 %2 (%3), confidence %4%5</source>
        <translation>Resultado:      %1 %2 (%3), confiança %4%5</translation>
    </message>
    <message>
        <source>, final</source>
        <translation>, final</translation>
    </message>
    <message>
        <source>, not final</source>
        <translation>, não final</translation>
    </message>
    <message>
        <source>Job type:  %1%2</source>
        <translation>Tipo de tarefa: %1%2</translation>
    </message>
    <message>
        <source> (SmartSelfie registration)</source>
        <translation> (registo SmartSelfie)</translation>
    </message>
    <message>
        <source>Smile job: %1</source>
        <translation>Tarefa Smile: %1</translation>
    </message>
    <message>
        <source>History:   %1 %2</source>
        <translation>Histórico:      %1 %2</translation>
    </message>
    <message>
        <source>Image:     %1 %2</source>
        <translation>Imagem:         %1 %2</translation>
    </message>
</context>
<context>
    <name>SmileIdModule</name>
    <message>
        <source>Allow %1 to enroll again: Smile ID accepts a new enrollment under the same user id</source>
        <translation>Permitir que %1 se registe de novo: o Smile ID aceita um novo registo com o mesmo id de utilizador</translation>
    </message>
    <message>
        <source>Reactivate %1: Smile ID processes this person&apos;s jobs again</source>
        <translation>Reativar %1: o Smile ID volta a processar as tarefas desta pessoa</translation>
    </message>
    <message>
        <source>Deactivate %1: Smile ID disables this user id for now (it can be reactivated)</source>
        <translation>Desativar %1: o Smile ID desativa este id de utilizador por agora (pode ser reativado)</translation>
    </message>
    <message>
        <source>Delete %1 for good: Smile ID removes and permanently blocks this user id</source>
        <translation>Eliminar %1 definitivamente: o Smile ID remove e bloqueia permanentemente este id de utilizador</translation>
    </message>
    <message>
        <source>Mark %1 as fraudulent: Smile ID keeps processing this person&apos;s jobs but marks every one failed</source>
        <translation>Marcar %1 como fraudulento: o Smile ID continua a processar as tarefas desta pessoa, mas marca-as todas como falhadas</translation>
    </message>
    <message>
        <source>Clear the fraud flag of %1: Smile ID lets this person authenticate again</source>
        <translation>Retirar o indicador de fraude de %1: o Smile ID permite que esta pessoa se autentique de novo</translation>
    </message>
    <message>
        <source>Change %1 at Smile ID</source>
        <translation>Alterar %1 no Smile ID</translation>
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
        <translation>Ações Smile ID</translation>
    </message>
    <message>
        <source>Smile ID user id</source>
        <translation>Id de utilizador Smile ID</translation>
    </message>
    <message>
        <source>Allow re-enroll…</source>
        <translation>Permitir novo registo…</translation>
    </message>
    <message>
        <source>Allow re-enroll</source>
        <translation>Permitir novo registo</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Desativar…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Desativar</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Reativar…</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reativar</translation>
    </message>
    <message>
        <source>Mark fraudulent…</source>
        <translation>Marcar como fraudulento…</translation>
    </message>
    <message>
        <source>Mark fraudulent</source>
        <translation>Marcar como fraudulento</translation>
    </message>
    <message>
        <source>Clear fraud…</source>
        <translation>Retirar fraude…</translation>
    </message>
    <message>
        <source>Clear fraud</source>
        <translation>Retirar fraude</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Eliminar…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Result of the last Smile ID action</source>
        <translation>Resultado da última ação Smile ID</translation>
    </message>
    <message>
        <source>Wait until the current Smile ID action has finished.</source>
        <translation>Aguarde até a ação Smile ID em curso terminar.</translation>
    </message>
    <message>
        <source>Deleting is permanent: Smile ID blocks this user id for good. Type the user id &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>A eliminação é permanente: o Smile ID bloqueia este id de utilizador para sempre. Escreva o id &lt;b&gt;%1&lt;/b&gt; para confirmar:</translation>
    </message>
    <message>
        <source>Sending to Smile ID…</source>
        <translation>A enviar para o Smile ID…</translation>
    </message>
    <message>
        <source>The id Smile ID knows this person by: the id linked in the subject index, else Trust Swiftly&apos;s reference id (the partner&apos;s own user id, the one the enrollment was made with). If the person was enrolled under another id, link it with Link id…</source>
        <translation>O id pelo qual o Smile ID conhece esta pessoa: o id associado no índice de sujeitos ou, na falta deste, o id de referência da Trust Swiftly (o id de utilizador próprio do parceiro, aquele com que foi feito o registo). Se a pessoa foi registada com outro id, associe-o com Associar id…</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>Id de utilizador:</translation>
    </message>
    <message>
        <source>&amp;Link id…</source>
        <translation>&amp;Associar id…</translation>
    </message>
    <message>
        <source>Link a Smile ID user id</source>
        <translation>Associar um id de utilizador Smile ID</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Selecione primeiro uma pessoa.</translation>
    </message>
    <message>
        <source>This person has no Smile ID user id: link one with Link id….</source>
        <translation>Esta pessoa não tem id de utilizador Smile ID: associe um com Associar id….</translation>
    </message>
    <message>
        <source>Opens a confirmation naming the person; you give a reason.</source>
        <translation>Abre uma confirmação com o nome da pessoa; indica um motivo.</translation>
    </message>
    <message>
        <source>The person is known to Smile ID under another id: link that id to their subject (audited).</source>
        <translation>A pessoa é conhecida no Smile ID por outro id: associe esse id ao respetivo sujeito (auditado).</translation>
    </message>
</context>
<context>
    <name>SmileIdProbe</name>
    <message>
        <source>test the connection</source>
        <translation>testar a ligação</translation>
    </message>
    <message>
        <source>Smile ID answered the signed status request (HTTP %1%2), so the API key and partner id were accepted.</source>
        <translation>O Smile ID respondeu ao pedido de estado assinado (HTTP %1%2), pelo que a chave de API e o partner id foram aceites.</translation>
    </message>
    <message>
        <source>Smile ID accepted the signed status request: the API key and partner id are valid.</source>
        <translation>O Smile ID aceitou o pedido de estado assinado: a chave de API e o partner id são válidos.</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 without a Smile ID answer, so the API key was not checked: make sure the API URL is Smile ID&apos;s job-status base (e.g. https://testapi.smileidentity.com).</source>
        <translation>O servidor respondeu HTTP %1 sem uma resposta da Smile ID, pelo que a chave de API não foi verificada: confirme que o URL da API é a base do estado de tarefas da Smile ID (p. ex. https://testapi.smileidentity.com).</translation>
    </message>
</context>
<context>
    <name>SmileIdSectionView</name>
    <message>
        <source>Smile ID — flags</source>
        <translation>Smile ID — indicadores</translation>
    </message>
    <message>
        <source>Smile ID — enrollment job (SmartSelfie registration)</source>
        <translation>Smile ID — tarefa de inscrição (registo SmartSelfie)</translation>
    </message>
    <message>
        <source>Load &amp;history and image links</source>
        <translation>Carregar &amp;histórico e ligações de imagens</translation>
    </message>
    <message>
        <source>Load the enrollment job&apos;s history and image links</source>
        <translation>Carregar o histórico e as ligações de imagens da tarefa de inscrição</translation>
    </message>
    <message>
        <source>Asks Smile ID again for the job, with its history and image links.</source>
        <translation>Pede novamente ao Smile ID a tarefa, com o seu histórico e ligações de imagens.</translation>
    </message>
    <message>
        <source>Show the &amp;images</source>
        <translation>Mostrar as &amp;imagens</translation>
    </message>
    <message>
        <source>Show the enrollment job&apos;s images</source>
        <translation>Mostrar as imagens da tarefa de inscrição</translation>
    </message>
    <message>
        <source>Loads the selfie and liveness images from Smile ID over TLS and shows them here; they are kept in memory only.</source>
        <translation>Carrega as imagens de selfie e de prova de vida a partir do Smile ID através de TLS e mostra-as aqui; são mantidas apenas em memória.</translation>
    </message>
    <message>
        <source>Smile ID job: &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>Tarefa Smile ID: &lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Marked fraudulent</source>
        <translation>Marcado como fraudulento</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativa</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminado</translation>
    </message>
    <message>
        <source>May enroll again</source>
        <translation>Pode registar-se de novo</translation>
    </message>
    <message>
        <source>⚠ Security warning: Smile ID&apos;s answer about the enrollment job did not carry a valid signature. Its content is not shown and must not be trusted. %1</source>
        <translation>⚠ Aviso de segurança: a resposta do Smile ID sobre a tarefa de inscrição não trazia uma assinatura válida. O seu conteúdo não é mostrado e não deve ser considerado fiável. %1</translation>
    </message>
    <message>
        <source>Not shown: the answer failed the signature check (see the security warning).</source>
        <translation>Não mostrado: a resposta falhou a verificação de assinatura (ver o aviso de segurança).</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Id de utilizador</translation>
    </message>
    <message>
        <source>Last known state, from this console&apos;s audit log (Smile ID cannot be asked).</source>
        <translation>Último estado conhecido, do registo de auditoria desta consola (não é possível consultar o Smile ID).</translation>
    </message>
    <message>
        <source>FRAUDULENT</source>
        <translation>FRAUDULENTO</translation>
    </message>
    <message>
        <source>DEACTIVATED</source>
        <translation>DESATIVADO</translation>
    </message>
    <message>
        <source>DELETED</source>
        <translation>ELIMINADO</translation>
    </message>
    <message>
        <source>No flag change recorded yet.</source>
        <translation>Nenhuma alteração de indicador registada ainda.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sim</translation>
    </message>
    <message>
        <source>no</source>
        <translation>não</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>Em</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Tarefa</translation>
    </message>
    <message>
        <source>%1 (job_type %2)</source>
        <translation>%1 (job_type %2)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>nenhum ainda</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confiança</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Assinatura</translation>
    </message>
    <message>
        <source>verified ✔</source>
        <translation>verificada ✔</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n entrada</numerusform>
            <numerusform>%n entradas</numerusform>
        </translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Imagens</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s): selfie and liveness</source>
        <translation>
            <numerusform>%n imagem(ns): selfie e prova de vida</numerusform>
            <numerusform>%n imagem(ns): selfie e prova de vida</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>A carregar…</translation>
    </message>
    <message>
        <source>Selfie</source>
        <translation>Selfie</translation>
    </message>
    <message>
        <source>Liveness image</source>
        <translation>Imagem de prova de vida</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>Não é uma imagem</translation>
    </message>
    <message>
        <source>Could not be loaded</source>
        <translation>Não foi possível carregar</translation>
    </message>
</context>
<context>
    <name>SmileIdWire</name>
    <message>
        <source>the request was not valid JSON (2203)</source>
        <translation>o pedido não era JSON válido (2203)</translation>
    </message>
    <message>
        <source>a field has the wrong type (2204)</source>
        <translation>um campo tem o tipo errado (2204)</translation>
    </message>
    <message>
        <source>not authorised (%1): check the partner id, API key and environment in the connection profile</source>
        <translation>não autorizado (%1): verifique o id de parceiro, a chave de API e o ambiente no perfil de ligação</translation>
    </message>
    <message>
        <source>the user is disabled (2207)</source>
        <translation>o utilizador está desativado (2207)</translation>
    </message>
    <message>
        <source>the user has been deleted (2208)</source>
        <translation>o utilizador foi eliminado (2208)</translation>
    </message>
    <message>
        <source>the user is already enrolled (2209)</source>
        <translation>o utilizador já está registado (2209)</translation>
    </message>
    <message>
        <source>there is no enrolled user with this id (2210)</source>
        <translation>não há nenhum utilizador registado com este id (2210)</translation>
    </message>
    <message>
        <source>the user must re-enroll (2211)</source>
        <translation>o utilizador tem de se registar de novo (2211)</translation>
    </message>
    <message>
        <source>a required parameter is missing (2213)</source>
        <translation>falta um parâmetro obrigatório (2213)</translation>
    </message>
    <message>
        <source>Smile ID error %1</source>
        <translation>Erro Smile ID %1</translation>
    </message>
    <message>
        <source>the job status is not a JSON object</source>
        <translation>o estado da tarefa não é um objeto JSON</translation>
    </message>
    <message>
        <source>the job status has no &quot;job_complete&quot;</source>
        <translation>o estado da tarefa não tem &quot;job_complete&quot;</translation>
    </message>
    <message>
        <source>the answer says &quot;success&quot;: false</source>
        <translation>a resposta indica &quot;success&quot;: false</translation>
    </message>
</context>
<context>
    <name>SourceStatusStrip</name>
    <message>
        <source>Search sources</source>
        <translation>Fontes de pesquisa</translation>
    </message>
    <message>
        <source>Search status of %1</source>
        <translation>Estado da pesquisa de %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Tentar novamente</translation>
    </message>
    <message>
        <source>Search %1 again</source>
        <translation>Pesquisar %1 novamente</translation>
    </message>
    <message>
        <source>Ask %1 again for the page that failed.</source>
        <translation>Pedir novamente a %1 a página que falhou.</translation>
    </message>
    <message>
        <source>%1: waiting for a query</source>
        <translation>%1: a aguardar uma pesquisa</translation>
    </message>
    <message>
        <source>%1: ⟳ loading…</source>
        <translation>%1: ⟳ a carregar…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n result(s)</source>
        <translation>
            <numerusform>%1: %n resultado</numerusform>
            <numerusform>%1: %n resultados</numerusform>
        </translation>
    </message>
    <message>
        <source> (more when you scroll)</source>
        <translation> (mais ao deslocar)</translation>
    </message>
    <message>
        <source>%1: failed — %2</source>
        <translation>%1: falhou — %2</translation>
    </message>
</context>
<context>
    <name>SqlStore</name>
    <message>
        <source>Check that the file still exists, its folder is writable and the disk is not full, then try again.</source>
        <translation>Verifique se o ficheiro ainda existe, se a pasta permite escrita e se o disco não está cheio, e tente novamente.</translation>
    </message>
    <message>
        <source>Check that the PostgreSQL server is running and reachable, then try again.</source>
        <translation>Verifique se o servidor PostgreSQL está a funcionar e acessível, e tente novamente.</translation>
    </message>
    <message>
        <source>unknown database error</source>
        <translation>erro de base de dados desconhecido</translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: %3. %4</source>
        <translation>Não é possível %1 no armazenamento %2: %3. %4</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: the Qt SQL driver %2 is not installed. Install it (on Debian and Ubuntu: %3) and try again.</source>
        <translation>Não é possível abrir o armazenamento %1: o controlador Qt SQL %2 não está instalado. Instale-o (em Debian e Ubuntu: %3) e tente novamente.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the store. Check that you may write there, or choose another place with sqlite:PATH.</source>
        <translation>Não é possível criar a pasta %1 para o armazenamento. Verifique se pode escrever lá ou escolha outro local com sqlite:CAMINHO.</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: %2. Check the folder exists and is writable.</source>
        <translation>Não é possível abrir o armazenamento %1: %2. Verifique se a pasta existe e permite escrita.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: %2. Check that the server is running and reachable, and the user name, password and database name.</source>
        <translation>Não é possível ligar ao armazenamento PostgreSQL %1: %2. Verifique se o servidor está a funcionar e acessível, bem como o nome de utilizador, a palavra-passe e o nome da base de dados.</translation>
    </message>
    <message>
        <source>prepare the connection</source>
        <translation>preparar a ligação</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: %2. Is it an IdentityDesk store? Choose another file with sqlite:PATH.</source>
        <translation>Não é possível abrir o armazenamento %1: %2. É um armazenamento do IdentityDesk? Escolha outro ficheiro com sqlite:CAMINHO.</translation>
    </message>
    <message>
        <source>The PostgreSQL database at %1 uses the encoding %2; IdentityDesk needs UTF8 so that audit entries read back exactly as they were hashed. Create the database with ENCODING &apos;UTF8&apos;.</source>
        <translation>A base de dados PostgreSQL %1 usa a codificação %2; o IdentityDesk precisa de UTF8 para que as entradas de auditoria sejam lidas exatamente como foram calculadas. Crie a base de dados com ENCODING &apos;UTF8&apos;.</translation>
    </message>
    <message>
        <source>read the schema version</source>
        <translation>ler a versão do esquema</translation>
    </message>
    <message>
        <source>The store at %1 was created by a newer IdentityDesk (schema version %2; this version knows up to %3). Update IdentityDesk, or choose another store.</source>
        <translation>O armazenamento %1 foi criado por um IdentityDesk mais recente (versão de esquema %2; esta versão conhece até à %3). Atualize o IdentityDesk ou escolha outro armazenamento.</translation>
    </message>
    <message>
        <source>prepare the schema</source>
        <translation>preparar o esquema</translation>
    </message>
    <message>
        <source>apply schema migration %1 (%2)</source>
        <translation>aplicar a migração de esquema %1 (%2)</translation>
    </message>
    <message>
        <source>The store file %1 has been deleted, moved or replaced since IdentityDesk opened it, so nothing can be read from or saved to it safely. Restore the file (or choose another store) and restart IdentityDesk.</source>
        <translation>O ficheiro de armazenamento %1 foi eliminado, movido ou substituído desde que o IdentityDesk o abriu, por isso nada pode ser lido ou guardado nele com segurança. Reponha o ficheiro (ou escolha outro armazenamento) e reinicie o IdentityDesk.</translation>
    </message>
    <message>
        <source>The store at %1 is not open. Restart IdentityDesk, or choose another store.</source>
        <translation>O armazenamento %1 não está aberto. Reinicie o IdentityDesk ou escolha outro armazenamento.</translation>
    </message>
    <message>
        <source>Cannot finish saving to the store at %1 (%2): %3. It is not certain whether the change was saved; check before repeating it. %4</source>
        <translation>Não é possível concluir a gravação no armazenamento %1 (%2): %3. Não é certo que a alteração tenha sido guardada; verifique antes de a repetir. %4</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>erro desconhecido</translation>
    </message>
    <message>
        <source>count the operators</source>
        <translation>contar os operadores</translation>
    </message>
    <message>
        <source>An operator needs a name.</source>
        <translation>Um operador precisa de um nome.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a password hash; the store never keeps plain passwords. This is a bug in IdentityDesk: please report it.</source>
        <translation>A palavra-passe do operador “%1” não é um hash de palavra-passe; o armazenamento nunca guarda palavras-passe em claro. Isto é um erro do IdentityDesk: por favor, comunique-o.</translation>
    </message>
    <message>
        <source>add the operator “%1”</source>
        <translation>adicionar o operador “%1”</translation>
    </message>
    <message>
        <source>An operator named “%1” already exists. Choose another name.</source>
        <translation>Já existe um operador chamado “%1”. Escolha outro nome.</translation>
    </message>
    <message>
        <source>add an operator</source>
        <translation>adicionar um operador</translation>
    </message>
    <message>
        <source>look up the operator “%1”</source>
        <translation>procurar o operador “%1”</translation>
    </message>
    <message>
        <source>Operator “%1” has the unknown role “%2” in the store at %3. A supervisor must correct it.</source>
        <translation>O operador “%1” tem a função desconhecida “%2” no armazenamento %3. Um supervisor tem de a corrigir.</translation>
    </message>
    <message>
        <source>list the operators</source>
        <translation>listar os operadores</translation>
    </message>
    <message>
        <source>read the policy</source>
        <translation>ler a política</translation>
    </message>
    <message>
        <source>A policy rule needs an action key.</source>
        <translation>Uma regra de política requer uma chave de ação.</translation>
    </message>
    <message>
        <source>change the policy for “%1”</source>
        <translation>alterar a política para “%1”</translation>
    </message>
    <message>
        <source>change the policy</source>
        <translation>alterar a política</translation>
    </message>
    <message>
        <source>record the action</source>
        <translation>registar a ação</translation>
    </message>
    <message>
        <source>Cannot record the action in the store at %1: the database returned no id. %2</source>
        <translation>Não é possível registar a ação no armazenamento %1: a base de dados não devolveu nenhum id. %2</translation>
    </message>
    <message>
        <source>update action %1</source>
        <translation>atualizar a ação %1</translation>
    </message>
    <message>
        <source>There is no action %1 in the store at %2.</source>
        <translation>Não existe a ação %1 no armazenamento %2.</translation>
    </message>
    <message>
        <source>Action %1 is no longer %2 (it is now %3): another operator or console has already handled it. Refresh the list and check it before doing anything else.</source>
        <translation>A ação %1 já não está %2 (está agora %3): outro operador ou outra consola já a tratou. Atualize a lista e verifique-a antes de fazer mais alguma coisa.</translation>
    </message>
    <message>
        <source>Action %1 has the unknown state “%2” in the store at %3; it was probably written by a newer IdentityDesk. Update IdentityDesk.</source>
        <translation>A ação %1 tem o estado desconhecido “%2” no armazenamento %3; provavelmente foi escrita por um IdentityDesk mais recente. Atualize o IdentityDesk.</translation>
    </message>
    <message>
        <source>read action %1</source>
        <translation>ler a ação %1</translation>
    </message>
    <message>
        <source>list the %1 actions</source>
        <translation>listar as ações %1</translation>
    </message>
    <message>
        <source>append to the audit log</source>
        <translation>acrescentar ao registo de auditoria</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>ler o registo de auditoria</translation>
    </message>
    <message>
        <source>record the bulk job</source>
        <translation>registar a tarefa em lote</translation>
    </message>
    <message>
        <source>record the rows of the bulk job</source>
        <translation>registar as linhas da tarefa em lote</translation>
    </message>
    <message>
        <source>record line %1 of the bulk job</source>
        <translation>registar a linha %1 da tarefa em lote</translation>
    </message>
    <message>
        <source>read the bulk jobs</source>
        <translation>ler as tarefas em lote</translation>
    </message>
    <message>
        <source>There is no bulk job %1 in the store at %2.</source>
        <translation>Não existe nenhuma tarefa em lote %1 no armazenamento em %2.</translation>
    </message>
    <message>
        <source>update bulk job %1</source>
        <translation>atualizar a tarefa em lote %1</translation>
    </message>
    <message>
        <source>read the rows of bulk job %1</source>
        <translation>ler as linhas da tarefa em lote %1</translation>
    </message>
    <message>
        <source>record line %1 of bulk job %2</source>
        <translation>registar a linha %1 da tarefa em lote %2</translation>
    </message>
    <message>
        <source>cancel bulk job %1</source>
        <translation>cancelar a tarefa em lote %1</translation>
    </message>
    <message>
        <source>count the rows of bulk job %1</source>
        <translation>contar as linhas da tarefa em lote %1</translation>
    </message>
    <message>
        <source>read the subject index</source>
        <translation>ler o índice de sujeitos</translation>
    </message>
    <message>
        <source>There is no subject “%1” in the index.</source>
        <translation>Não existe nenhum sujeito “%1” no índice.</translation>
    </message>
    <message>
        <source>search the subject index</source>
        <translation>pesquisar no índice de sujeitos</translation>
    </message>
    <message>
        <source>save subjects to the index</source>
        <translation>guardar sujeitos no índice</translation>
    </message>
    <message numerus="yes">
        <source>record %n outcome(s)</source>
        <translation>
            <numerusform>registar %n resultado</numerusform>
            <numerusform>registar %n resultados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>record %n line(s) of bulk job %1</source>
        <translation>
            <numerusform>registar %n linha da tarefa em lote %1</numerusform>
            <numerusform>registar %n linhas da tarefa em lote %1</numerusform>
        </translation>
    </message>
    <message>
        <source>renew the runner of bulk job %1</source>
        <translation>renovar o executor da tarefa em lote %1</translation>
    </message>
    <message>
        <source>start bulk job %1</source>
        <translation>iniciar a tarefa em lote %1</translation>
    </message>
    <message>
        <source>The store is locked by another program or console; try again when it is done.</source>
        <translation>O armazenamento está bloqueado por outro programa ou consola; tente novamente quando terminar.</translation>
    </message>
    <message>
        <source>read the store&apos;s id</source>
        <translation>ler o identificador do armazenamento</translation>
    </message>
    <message>
        <source>The store at %1 has no valid id (store_info.store_id): it was damaged or edited.</source>
        <translation>O armazenamento em %1 não tem um identificador válido (store_info.store_id): foi danificado ou alterado.</translation>
    </message>
    <message>
        <source>read the checkpoint keys</source>
        <translation>ler as chaves dos pontos de controlo</translation>
    </message>
    <message>
        <source>register the checkpoint key %1</source>
        <translation>registar a chave de ponto de controlo %1</translation>
    </message>
    <message>
        <source>keep the audit checkpoint of entry %1</source>
        <translation>guardar o ponto de controlo de auditoria da entrada %1</translation>
    </message>
    <message>
        <source>read the audit checkpoints</source>
        <translation>ler os pontos de controlo de auditoria</translation>
    </message>
    <message>
        <source>change the operator “%1”</source>
        <translation>alterar o operador “%1”</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>Não existe nenhum operador chamado “%1”.</translation>
    </message>
    <message>
        <source>The team store&apos;s server refused it: your database role may not do this.</source>
        <translation>O servidor do armazenamento de equipa recusou: a sua função de base de dados não tem permissão para o fazer.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is not signed by a CA this store URL trusts (%2). Give the server&apos;s CA with ?sslrootcert=FILE; nothing was read or written.</source>
        <translation>Não é possível ligar ao armazenamento PostgreSQL %1: o certificado do servidor não está assinado por uma autoridade de certificação (AC) em que este URL de armazenamento confie (%2). Indique a AC do servidor com ?sslrootcert=FICHEIRO; nada foi lido nem escrito.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is for another host name (%2). Use the host name the certificate names; nothing was read or written.</source>
        <translation>Não é possível ligar ao armazenamento PostgreSQL %1: o certificado do servidor é de outro nome de anfitrião (%2). Use o nome de anfitrião indicado no certificado; nada foi lido nem escrito.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: no CA to check its server&apos;s certificate with (%2). Give the server&apos;s CA with ?sslrootcert=FILE.</source>
        <translation>Não é possível ligar ao armazenamento PostgreSQL %1: não há nenhuma AC com que verificar o certificado do servidor (%2). Indique a AC do servidor com ?sslrootcert=FICHEIRO.</translation>
    </message>
    <message>
        <source>“%1” is not one of the policy&apos;s settings.</source>
        <translation>“%1” não é uma das definições da política.</translation>
    </message>
    <message>
        <source>apply the change of action %1</source>
        <translation>aplicar a alteração da ação %1</translation>
    </message>
    <message>
        <source>Action %1 is no longer waiting for approval: another supervisor or console has decided it. Refresh to see its state.</source>
        <translation>A ação %1 já não está a aguardar aprovação: outro supervisor ou outra consola já decidiu sobre ela. Atualize para ver o estado.</translation>
    </message>
    <message>
        <source>Operator “%1” is no longer an active %2: request the change again.</source>
        <translation>O operador “%1” já não é um %2 ativo: peça a alteração de novo.</translation>
    </message>
    <message>
        <source>record the profile used with this store</source>
        <translation>registar o perfil usado com este armazenamento</translation>
    </message>
    <message>
        <source>record a bulk job</source>
        <translation>registar uma tarefa em lote</translation>
    </message>
    <message>
        <source>record rows of a bulk job</source>
        <translation>registar linhas de uma tarefa em lote</translation>
    </message>
    <message>
        <source>explain a subject search</source>
        <translation>explicar uma pesquisa de sujeitos</translation>
    </message>
    <message>
        <source>Cannot save subjects to the index: the database returned no id.</source>
        <translation>Não é possível guardar sujeitos no índice: a base de dados não devolveu nenhum id.</translation>
    </message>
    <message>
        <source>The import was cancelled: nothing was written.</source>
        <translation>A importação foi cancelada: nada foi escrito.</translation>
    </message>
    <message>
        <source>read the store&apos;s team mode</source>
        <translation>ler o modo de equipa do armazenamento</translation>
    </message>
    <message>
        <source>The team store at %1 has an older schema than this IdentityDesk, and only its owner may upgrade it: ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</source>
        <translation>O armazenamento de equipa %1 tem um esquema mais antigo do que este IdentityDesk, e só o seu proprietário o pode atualizar: peça ao administrador que execute identitydesk-cli --store postgresql://OWNER@… admin init.</translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: the database returned nothing. %3</source>
        <translation>Não é possível %1 no armazenamento %2: a base de dados não devolveu nada. %3</translation>
    </message>
    <message>
        <source>sign in</source>
        <translation>iniciar sessão</translation>
    </message>
    <message>
        <source>Cannot sign in to the store at %1.</source>
        <translation>Não é possível iniciar sessão no armazenamento %1.</translation>
    </message>
    <message>
        <source>The database role “%1” is not an active operator of the team store at %2 (it is in none of its group roles, or deactivated). Ask the administrator: identitydesk-cli admin init --check lists what is missing.</source>
        <translation>A função de base de dados “%1” não é um operador ativo do armazenamento de equipa %2 (não pertence a nenhuma das suas funções de grupo, ou está desativada). Pergunte ao administrador: identitydesk-cli admin init --check lista o que falta.</translation>
    </message>
    <message>
        <source>The database role “%1” has no operator record in the store at %2.</source>
        <translation>A função de base de dados “%1” não tem registo de operador no armazenamento %2.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a SCRAM verifier; a team store never receives plain passwords. This is a bug in IdentityDesk: please report it.</source>
        <translation>A palavra-passe do operador “%1” não é um verificador SCRAM; um armazenamento de equipa nunca recebe palavras-passe em claro. Isto é um erro do IdentityDesk: por favor, comunique-o.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a SCRAM verifier. This is a bug in IdentityDesk: please report it.</source>
        <translation>A palavra-passe do operador “%1” não é um verificador SCRAM. Isto é um erro do IdentityDesk: por favor, comunique-o.</translation>
    </message>
    <message>
        <source>In a team store each operator changes their own password (their database role&apos;s); the database administrator resets a forgotten one.</source>
        <translation>Num armazenamento de equipa, cada operador altera a sua própria palavra-passe (a da sua função de base de dados); o administrador da base de dados repõe uma palavra-passe esquecida.</translation>
    </message>
    <message>
        <source>set up the team mode</source>
        <translation>configurar o modo de equipa</translation>
    </message>
    <message>
        <source>The role in the store URL may not create roles: give it CREATEROLE (ALTER ROLE owner CREATEROLE, as a superuser) and run admin init again.</source>
        <translation>A função indicada no URL de armazenamento não pode criar funções: conceda-lhe CREATEROLE (ALTER ROLE owner CREATEROLE, como superutilizador) e execute admin init de novo.</translation>
    </message>
    <message>
        <source>group roles %1</source>
        <translation>funções de grupo %1</translation>
    </message>
    <message>
        <source>functions and privileges</source>
        <translation>funções e privilégios</translation>
    </message>
    <message>
        <source>Operator “%1” has the unknown role “%2”.</source>
        <translation>O operador “%1” tem a função desconhecida “%2”.</translation>
    </message>
    <message>
        <source>The database role “%1” (an operator&apos;s name) may create roles or databases: it cannot be an operator. Rename the operator or the role.</source>
        <translation>A função de base de dados “%1” (nome de um operador) pode criar funções ou bases de dados: não pode ser um operador. Mude o nome do operador ou da função.</translation>
    </message>
    <message>
        <source>admin init: team mode brought up to date</source>
        <translation>admin init: modo de equipa atualizado</translation>
    </message>
    <message>
        <source>admin init: team mode enabled</source>
        <translation>admin init: modo de equipa ativado</translation>
    </message>
    <message>
        <source>check the team mode</source>
        <translation>verificar o modo de equipa</translation>
    </message>
    <message>
        <source>the owner role %1 may not create roles (it needs CREATEROLE)</source>
        <translation>a função proprietária %1 não pode criar funções (precisa de CREATEROLE)</translation>
    </message>
    <message>
        <source>the group role %1 is missing (or can log in)</source>
        <translation>a função de grupo %1 não existe (ou pode iniciar sessão)</translation>
    </message>
    <message>
        <source>the table %1 is missing</source>
        <translation>a tabela %1 não existe</translation>
    </message>
    <message>
        <source>the group role %1 may write the table %2 directly</source>
        <translation>a função de grupo %1 pode escrever diretamente na tabela %2</translation>
    </message>
    <message>
        <source>the group role %1 may not read the table %2</source>
        <translation>a função de grupo %1 não pode ler a tabela %2</translation>
    </message>
    <message>
        <source>the function %1 is missing</source>
        <translation>a função %1 não existe</translation>
    </message>
    <message>
        <source>the group role %1 may call %2, which it must not</source>
        <translation>a função de grupo %1 pode chamar %2, o que não deve poder fazer</translation>
    </message>
    <message>
        <source>the group role %1 may not call %2</source>
        <translation>a função de grupo %1 não pode chamar %2</translation>
    </message>
    <message>
        <source>PUBLIC may write or call %1</source>
        <translation>PUBLIC pode escrever ou chamar %1</translation>
    </message>
    <message>
        <source>the function %1 runs without a fixed search_path</source>
        <translation>a função %1 é executada sem um search_path fixo</translation>
    </message>
    <message>
        <source>the append-only trigger %1 on audit is missing or disabled</source>
        <translation>o acionador só de acréscimo %1 em audit não existe ou está desativado</translation>
    </message>
    <message>
        <source>the operator %1 has no login role</source>
        <translation>o operador %1 não tem função de início de sessão</translation>
    </message>
    <message>
        <source>the operator %1 is in the group role %2 but is a %3</source>
        <translation>o operador %1 pertence à função de grupo %2, mas é %3</translation>
    </message>
    <message>
        <source>the operator %1 (a %3) is not in the group role %2</source>
        <translation>o operador %1 (%3) não pertence à função de grupo %2</translation>
    </message>
    <message>
        <source>prepare the import</source>
        <translation>preparar a importação</translation>
    </message>
    <message>
        <source>Cannot %1 in the team store at %2: its server functions for bulk jobs are missing (team mode %3). Ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</source>
        <translation>Não é possível %1 no armazenamento da equipa em %2: faltam as suas funções de servidor para trabalhos em massa (modo de equipa %3). Peça ao administrador para executar identitydesk-cli --store postgresql://OWNER@… admin init.</translation>
    </message>
    <message>
        <source>the column %1.%2 (the bulk rows&apos; hashes) is missing: run admin init</source>
        <translation>a coluna %1.%2 (os hashes das linhas em massa) está em falta: execute admin init</translation>
    </message>
    <message numerus="yes">
        <source>%n bulk job(s) have rows that were never hashed: run admin init</source>
        <translation>
            <numerusform>%n trabalho em massa tem linhas que nunca foram resumidas: execute admin init</numerusform>
            <numerusform>%n trabalhos em massa têm linhas que nunca foram resumidas: execute admin init</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: the database answered with %3 outcome(s) and %4 row(s) for %5 and %6. %7</source>
        <translation>Não é possível %1 no armazenamento em %2: a base de dados respondeu com %3 resultado(s) e %4 linha(s) para %5 e %6. %7</translation>
    </message>
    <message>
        <source>the store is not an enforced team store yet: run admin init</source>
        <translation>o armazenamento ainda não é um armazenamento de equipa aplicado pelo servidor: execute admin init</translation>
    </message>
    <message>
        <source>the store is at team mode %1, older than this console&apos;s team mode %2: run admin init to upgrade it</source>
        <translation>o armazenamento está no modo de equipa %1, mais antigo que o modo de equipa %2 desta consola: execute admin init para o atualizar</translation>
    </message>
    <message>
        <source>the store is at team mode %1, newer than this console&apos;s team mode %2: use a newer identitydesk-cli</source>
        <translation>o armazenamento está no modo de equipa %1, mais recente que o modo de equipa %2 desta consola: use um identitydesk-cli mais recente</translation>
    </message>
    <message>
        <source>There is no store at %1; nothing was created.</source>
        <translation>Não existe nenhum armazenamento em %1; nada foi criado.</translation>
    </message>
    <message>
        <source>read who is signed in</source>
        <translation>ler quem tem sessão iniciada</translation>
    </message>
    <message>
        <source>Type the password of %1.</source>
        <translation>Escreva a palavra-passe de %1.</translation>
    </message>
    <message>
        <source>Wrong password for %1 (the team store&apos;s server refused it).</source>
        <translation>Palavra-passe errada para %1 (o servidor do armazenamento de equipa recusou-a).</translation>
    </message>
    <message>
        <source>read when your password expires</source>
        <translation>ler quando a sua palavra-passe expira</translation>
    </message>
</context>
<context>
    <name>StoreUrl</name>
    <message>
        <source>The store URL “%1” names a folder, not a file. Use sqlite:PATH/identitydesk.sqlite.</source>
        <translation>O URL de armazenamento “%1” indica uma pasta, não um ficheiro. Use sqlite:CAMINHO/identitydesk.sqlite.</translation>
    </message>
    <message>
        <source>Unknown store URL “%1”. Use sqlite:PATH or postgresql://user@host:port/dbname.</source>
        <translation>URL de armazenamento desconhecido “%1”. Use sqlite:CAMINHO ou postgresql://utilizador@anfitrião:porta/nomebd.</translation>
    </message>
    <message>
        <source>The store URL %1 is not a valid URL. Use postgresql://user:password@host:port/dbname and percent-encode special characters in the password.</source>
        <translation>O URL de armazenamento %1 não é um URL válido. Use postgresql://utilizador:palavrapasse@anfitrião:porta/nomebd e codifique em percentagem os caracteres especiais da palavra-passe.</translation>
    </message>
    <message>
        <source>The store URL %1 needs one database name: postgresql://user@host:port/DBNAME.</source>
        <translation>O URL de armazenamento %1 requer um nome de base de dados: postgresql://utilizador@anfitrião:porta/NOMEBD.</translation>
    </message>
    <message>
        <source>The store URL %1 has the option “%2”, which IdentityDesk does not pass on. Supported: %3. Put a password in the URL&apos;s user part or in ~/.pgpass.</source>
        <translation>O URL de armazenamento %1 tem a opção “%2”, que o IdentityDesk não transmite. Suportadas: %3. Coloque a palavra-passe na parte de utilizador do URL ou em ~/.pgpass.</translation>
    </message>
    <message>
        <source>The store URL option “%1” must not contain “;”.</source>
        <translation>A opção de URL de armazenamento “%1” não pode conter “;”.</translation>
    </message>
    <message>
        <source>The store URL %1 connects to %2 without checking the server&apos;s certificate (sslmode=%3), so anyone on the way could read or change what is stored. Leave sslmode out (IdentityDesk uses verify-full) and give the server&apos;s CA with ?sslrootcert=FILE. Nothing was written.</source>
        <translation>O URL de armazenamento %1 liga a %2 sem verificar o certificado do servidor (sslmode=%3), pelo que qualquer pessoa no caminho poderia ler ou alterar o que está guardado. Omita sslmode (o IdentityDesk usa verify-full) e indique a AC do servidor com ?sslrootcert=FICHEIRO. Nada foi escrito.</translation>
    </message>
    <message>
        <source>The store URL %1 checks the server&apos;s certificate but not that it was issued to %2 (sslmode=verify-ca), so another server with a certificate from the same CA could stand in for it. Leave sslmode out (IdentityDesk uses verify-full). Nothing was written.</source>
        <translation>O URL de armazenamento %1 verifica o certificado do servidor mas não que foi emitido para %2 (sslmode=verify-ca), pelo que outro servidor com um certificado da mesma AC poderia fazer-se passar por ele. Retire sslmode (o IdentityDesk usa verify-full). Nada foi escrito.</translation>
    </message>
</context>
<context>
    <name>SubjectCsv</name>
    <message>
        <source>line %1: a quoted field is never closed</source>
        <translation>linha %1: um campo entre aspas nunca é fechado</translation>
    </message>
</context>
<context>
    <name>SubjectImportJob</name>
    <message>
        <source>Cannot read the subject index: %1</source>
        <translation>Não é possível ler o índice de sujeitos: %1</translation>
    </message>
    <message>
        <source>Nothing was imported: cannot open the store: %1</source>
        <translation>Nada foi importado: não é possível abrir o armazenamento: %1</translation>
    </message>
</context>
<context>
    <name>SubjectImportSpool</name>
    <message>
        <source>Cannot make a temporary file: %1</source>
        <translation>Não é possível criar um ficheiro temporário: %1</translation>
    </message>
    <message>
        <source>Cannot write a temporary file: %1</source>
        <translation>Não é possível escrever um ficheiro temporário: %1</translation>
    </message>
    <message>
        <source>Cannot read a temporary file: %1</source>
        <translation>Não é possível ler um ficheiro temporário: %1</translation>
    </message>
</context>
<context>
    <name>SubjectProfileService</name>
    <message>
        <source>Unknown provider “%1” (known: %2).</source>
        <translation>Fornecedor desconhecido “%1” (conhecidos: %2).</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Armazenamento</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>ler o registo de auditoria</translation>
    </message>
    <message>
        <source>No Smile ID user id is linked.</source>
        <translation>Nenhum id de utilizador Smile ID está associado.</translation>
    </message>
    <message>
        <source>last known, from the audit log</source>
        <translation>último estado conhecido, do registo de auditoria</translation>
    </message>
    <message>
        <source>known only from the index and the audit log</source>
        <translation>conhecido apenas pelo índice e pelo registo de auditoria</translation>
    </message>
    <message>
        <source>read the approvals queue</source>
        <translation>ler a fila de aprovações</translation>
    </message>
    <message>
        <source>The connection profile has no Smile ID section.</source>
        <translation>O perfil de ligação não tem secção Smile ID.</translation>
    </message>
    <message>
        <source>No enrollment job id is known for this person (import it in the smileid_job column).</source>
        <translation>Não se conhece nenhum id de tarefa de inscrição para esta pessoa (importe-o na coluna smileid_job).</translation>
    </message>
    <message>
        <source>No e-mail address in the index to look the profile up by.</source>
        <translation>Nenhum endereço de e-mail no índice para procurar o perfil.</translation>
    </message>
    <message>
        <source>Only the first %L1 of %L2 pending requests at SDK.Finance were searched for this user; the Pending resets tab lists them all.</source>
        <translation>Só os primeiros %L1 dos %L2 pedidos pendentes na SDK.Finance foram procurados para este utilizador; o separador Reposições pendentes lista-os todos.</translation>
    </message>
    <message>
        <source>The connection profile has no %1 section.</source>
        <translation>O perfil de ligação não tem secção %1.</translation>
    </message>
    <message>
        <source>No %1 user id is linked.</source>
        <translation>Nenhum identificador de utilizador %1 está ligado.</translation>
    </message>
</context>
<context>
    <name>SubjectProfileView</name>
    <message>
        <source>&amp;Link to subject…</source>
        <translation>&amp;Associar a sujeito…</translation>
    </message>
    <message>
        <source>360 view of the selected person</source>
        <translation>Vista 360 da pessoa selecionada</translation>
    </message>
    <message>
        <source>Security warning</source>
        <translation>Aviso de segurança</translation>
    </message>
    <message>
        <source>Link to subject</source>
        <translation>Associar a sujeito</translation>
    </message>
    <message>
        <source>Audit history of this person</source>
        <translation>Histórico de auditoria desta pessoa</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>A aguardar aprovação</translation>
    </message>
    <message>
        <source>Record in the index that this person&apos;s ids belong to one subject.</source>
        <translation>Registar no índice que os ids desta pessoa pertencem a um sujeito.</translation>
    </message>
    <message>
        <source>360 view: select a person</source>
        <translation>Vista 360: selecione uma pessoa</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>A carregar…</translation>
    </message>
    <message>
        <source>Not linked to a subject in the index</source>
        <translation>Não associado a um sujeito no índice</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Sujeito %1</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Nothing recorded about this person yet.</source>
        <translation>Ainda nada registado sobre esta pessoa.</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Pedido por</translation>
    </message>
    <message>
        <source>No action about this person is waiting for approval.</source>
        <translation>Nenhuma ação sobre esta pessoa está a aguardar aprovação.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
</context>
<context>
    <name>SubjectService</name>
    <message>
        <source>the id is empty</source>
        <translation>o id está vazio</translation>
    </message>
    <message>
        <source>the id “%1” starts or ends with spaces</source>
        <translation>o id “%1” começa ou termina com espaços</translation>
    </message>
    <message>
        <source>the id is longer than %1 characters</source>
        <translation>o id tem mais de %1 caracteres</translation>
    </message>
    <message>
        <source>the id “%1” holds control characters</source>
        <translation>o id “%1” contém caracteres de controlo</translation>
    </message>
    <message>
        <source>unknown provider “%1” (known: %2)</source>
        <translation>fornecedor desconhecido “%1” (conhecidos: %2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Não é possível ler %1: %2</translation>
    </message>
    <message>
        <source>Cannot read the subject index: %1</source>
        <translation>Não é possível ler o índice de sujeitos: %1</translation>
    </message>
    <message>
        <source>expected %1 columns, found %2</source>
        <translation>esperadas %1 colunas, encontradas %2</translation>
    </message>
    <message>
        <source>subject: empty (every row needs the team&apos;s reference for the person)</source>
        <translation>subject: vazio (cada linha precisa da referência da equipa para a pessoa)</translation>
    </message>
    <message>
        <source>subject: %1</source>
        <translation>subject: %1</translation>
    </message>
    <message>
        <source>subject: “%1” is already on line %2</source>
        <translation>subject: “%1” já está na linha %2</translation>
    </message>
    <message>
        <source>email: “%1” is not an e-mail address</source>
        <translation>email: “%1” não é um endereço de e-mail</translation>
    </message>
    <message>
        <source>smileid_job: a Smile ID job needs the person&apos;s Smile ID user id (column smileid)</source>
        <translation>smileid_job: uma tarefa Smile ID precisa do id de utilizador Smile ID da pessoa (coluna smileid)</translation>
    </message>
    <message>
        <source>%1 id “%2” is also given on line %3 for subject “%4”</source>
        <translation>O id %1 “%2” também é indicado na linha %3 para o sujeito “%4”</translation>
    </message>
    <message>
        <source>%1 id “%2” is already linked to subject “%3”</source>
        <translation>O id %1 “%2” já está associado ao sujeito “%3”</translation>
    </message>
    <message>
        <source>%1 is an auditor and cannot change the subject index.</source>
        <translation>%1 é auditor e não pode alterar o índice de sujeitos.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>linha %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was imported from %1: %n row(s) cannot be imported.
</source>
        <translation>
            <numerusform>Nada foi importado de %1: %n linha não pode ser importada.
</numerusform>
            <numerusform>Nada foi importado de %1: %n linhas não podem ser importadas.
</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 id “%2” is already linked to subject “%3”; unlink it there first.</source>
        <translation>O id %1 “%2” já está associado ao sujeito “%3”; desassocie-o primeiro aí.</translation>
    </message>
    <message>
        <source>Neither record is linked yet: give the subject reference to link both to.</source>
        <translation>Nenhum dos registos está ainda associado: indique a referência do sujeito ao qual associar ambos.</translation>
    </message>
    <message>
        <source>email: %1 characters; an e-mail address has at most %2</source>
        <translation>email: %1 caracteres; um endereço de e-mail tem no máximo %2</translation>
    </message>
    <message>
        <source>%1 characters; a name has at most %2</source>
        <translation>%1 caracteres; um nome tem no máximo %2</translation>
    </message>
    <message>
        <source>“%1” holds control characters</source>
        <translation>“%1” contém caracteres de controlo</translation>
    </message>
    <message>
        <source>“%1” is not a phone number (digits, spaces and + ( ) . - / only)</source>
        <translation>“%1” não é um número de telefone (apenas algarismos, espaços e + ( ) . - /)</translation>
    </message>
    <message>
        <source>%1 is empty: the first line must be a header naming its columns (of %2)</source>
        <translation>%1 está vazio: a primeira linha tem de ser um cabeçalho com os nomes das colunas (de entre %2)</translation>
    </message>
    <message>
        <source>“%1” is not a column</source>
        <translation>“%1” não é uma coluna</translation>
    </message>
    <message>
        <source>“%1” is given twice</source>
        <translation>“%1” é indicado duas vezes</translation>
    </message>
    <message>
        <source>there is no subject column</source>
        <translation>não há nenhuma coluna subject</translation>
    </message>
    <message>
        <source>%1, line %2: the header must name its columns, of %3, subject included (%4)</source>
        <translation>%1, linha %2: o cabeçalho tem de indicar as suas colunas, de entre %3, incluindo subject (%4)</translation>
    </message>
    <message>
        <source>Checking %1 was cancelled.</source>
        <translation>A verificação de %1 foi cancelada.</translation>
    </message>
    <message>
        <source>name: %1</source>
        <translation>name: %1</translation>
    </message>
    <message>
        <source>phone: %1</source>
        <translation>phone: %1</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>e mais %n</numerusform>
            <numerusform>e mais %n</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is not PROVIDER:ID (e.g. %2:42)</source>
        <translation>“%1” não está na forma FORNECEDOR:ID (p. ex. %2:42)</translation>
    </message>
    <message>
        <source>Cannot write a temporary file</source>
        <translation>Não é possível escrever um ficheiro temporário</translation>
    </message>
</context>
<context>
    <name>SubjectsCommand</name>
    <message>
        <source>usage: subjects import FILE.csv [--dry-run] | subjects link SUBJECT PROVIDER:ID</source>
        <translation>utilização: subjects import FILE.csv [--dry-run] | subjects link SUBJECT PROVIDER:ID</translation>
    </message>
    <message>
        <source>%1 is an auditor and cannot change the subject index.</source>
        <translation>%1 é auditor e não pode alterar o índice de sujeitos.</translation>
    </message>
    <message>
        <source>Cannot read the subject index</source>
        <translation>Não é possível ler o índice de sujeitos</translation>
    </message>
    <message>
        <source>%1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad</source>
        <translation>%1: %2 novos, %3 alterados, %4 inalterados, %5 em conflito, %6 inválidos</translation>
    </message>
    <message>
        <source>line %1: %2 %3</source>
        <translation>linha %1: %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>Imported: %n subject(s) written to the index.</source>
        <translation>
            <numerusform>Importado: %n sujeito escrito no índice.</numerusform>
            <numerusform>Importados: %n sujeitos escritos no índice.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>Simulação: nada foi escrito.</translation>
    </message>
    <message>
        <source>%1, line %2: %3: %4</source>
        <translation>%1, linha %2: %3: %4</translation>
    </message>
    <message>
        <source>Nothing was imported from %1.</source>
        <translation>Nada foi importado de %1.</translation>
    </message>
    <message>
        <source>Linked %1:%2 to subject %3.</source>
        <translation>%1:%2 associado ao sujeito %3.</translation>
    </message>
    <message>
        <source>checking rows</source>
        <translation>a verificar as linhas</translation>
    </message>
    <message>
        <source>writing subjects</source>
        <translation>a escrever os sujeitos</translation>
    </message>
    <message>
        <source>reading the file</source>
        <translation>leitura do ficheiro</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyClient</name>
    <message>
        <source>search users</source>
        <translation>pesquisar utilizadores</translation>
    </message>
    <message>
        <source>look up user %1</source>
        <translation>procurar o utilizador %1</translation>
    </message>
    <message>
        <source>list workflows</source>
        <translation>listar os fluxos</translation>
    </message>
    <message>
        <source>Trust Swiftly has no action &apos;%1&apos;.</source>
        <translation>A Trust Swiftly não tem a ação “%1”.</translation>
    </message>
    <message>
        <source>A Trust Swiftly user id is required.</source>
        <translation>É obrigatório um id de utilizador Trust Swiftly.</translation>
    </message>
    <message>
        <source>Choose the workflow Trust Swiftly user %1 is on now (from).</source>
        <translation>Escolha o fluxo em que o utilizador Trust Swiftly %1 está agora (de).</translation>
    </message>
    <message>
        <source>Choose the re-verification workflow to assign to Trust Swiftly user %1 (to).</source>
        <translation>Escolha o fluxo de nova verificação a atribuir ao utilizador Trust Swiftly %1 (para).</translation>
    </message>
    <message>
        <source>The re-verification workflow must differ from the current one (both are %1).</source>
        <translation>O fluxo de nova verificação tem de ser diferente do atual (ambos são %1).</translation>
    </message>
    <message>
        <source>Assign re-verification workflow %1 to Trust Swiftly user %2 (now on %3)</source>
        <translation>Atribuir o fluxo de nova verificação %1 ao utilizador Trust Swiftly %2 (atualmente em %3)</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 already has re-verification workflow %2: nothing changed.</source>
        <translation>O utilizador Trust Swiftly %1 já tem o fluxo de nova verificação %2: nada mudou.</translation>
    </message>
    <message>
        <source>Trust Swiftly did not assign re-verification workflow %1 to user %2 (it answered &quot;success&quot;: false%3). Check the user in Trust Swiftly and try again.</source>
        <translation>A Trust Swiftly não atribuiu o fluxo de nova verificação %1 ao utilizador %2 (respondeu &quot;success&quot;: false%3). Verifique o utilizador na Trust Swiftly e tente novamente.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 now has re-verification workflow %2 (from %3); they will be asked to re-verify the next time they open their magic link.</source>
        <translation>O utilizador Trust Swiftly %1 tem agora o fluxo de nova verificação %2 (a partir de %3); ser-lhe-á pedida nova verificação da próxima vez que abrir a sua ligação mágica.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 not found (HTTP 404): nothing was changed. Check the id: it is Trust Swiftly&apos;s own user id (e.g. 647), not your reference id.</source>
        <translation>Utilizador Trust Swiftly %1 não encontrado (HTTP 404): nada mudou. Verifique o id: é o id de utilizador da própria Trust Swiftly (p. ex. 647), não o seu id de referência.</translation>
    </message>
    <message>
        <source>the data was invalid</source>
        <translation>os dados eram inválidos</translation>
    </message>
    <message>
        <source>Trust Swiftly refused to assign re-verification workflow %1 to user %2 (HTTP 422): %3. Nothing was changed; correct the workflow named and send again.</source>
        <translation>A Trust Swiftly recusou atribuir o fluxo de nova verificação %1 ao utilizador %2 (HTTP 422): %3. Nada mudou; corrija o fluxo indicado e envie novamente.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has re-verification workflow %2 assigned: the reverify took effect.</source>
        <translation>O utilizador Trust Swiftly %1 tem o workflow de reverificação %2 atribuído: a reverificação teve efeito.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has no re-verification workflow assigned, not %2: the reverify did not take effect. Resolve it as failed, or send it again.</source>
        <translation>O utilizador Trust Swiftly %1 não tem workflow de reverificação atribuído, e não %2: a reverificação não teve efeito. Resolva-a como falhada, ou envie-a de novo.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has re-verification workflow %2 assigned, not %3: the reverify did not take effect (or was changed since). Resolve it as failed, or send it again.</source>
        <translation>O utilizador Trust Swiftly %1 tem o workflow de reverificação %2 atribuído, e não %3: a reverificação não teve efeito (ou foi alterada entretanto). Resolva-a como falhada, ou envie-a de novo.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Trust Swiftly user id: use the id the Trust Swiftly API gave the user (e.g. 647; letters, digits, &apos;-&apos; or &apos;_&apos;), not your own reference id.</source>
        <translation>“%1” não é um identificador de utilizador Trust Swiftly: use o identificador atribuído pela API Trust Swiftly (p. ex. 647; letras, algarismos, “-” ou “_”), não a sua própria referência.</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyCommand</name>
    <message>
        <source>usage: trustswiftly workflows | trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT</source>
        <translation>uso: trustswiftly workflows | trustswiftly reverify ID_UTILIZADOR --from FLUXO --to FLUXO --reason TEXTO</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;trustswiftly&apos; section</source>
        <translation>o perfil de ligação %1 não tem a secção &apos;trustswiftly&apos;</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOME</translation>
    </message>
    <message>
        <source>trustswiftly reverify needs --from WORKFLOW and --to WORKFLOW (see &apos;trustswiftly workflows&apos;)</source>
        <translation>trustswiftly reverify requer --from FLUXO e --to FLUXO (ver &apos;trustswiftly workflows&apos;)</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXTO é obrigatório</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyModule</name>
    <message>
        <source>Assign re-verification to %1: Trust Swiftly switches the person from workflow %2 to %3 for the next check</source>
        <translation>Atribuir nova verificação a %1: a Trust Swiftly muda a pessoa do fluxo %2 para o fluxo %3 na próxima verificação</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyPanel</name>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>Current workflow</source>
        <translation>Fluxo de trabalho atual</translation>
    </message>
    <message>
        <source>Re-verification workflow</source>
        <translation>Fluxo de trabalho de nova verificação</translation>
    </message>
    <message>
        <source>Trust Swiftly actions</source>
        <translation>Ações Trust Swiftly</translation>
    </message>
    <message>
        <source>Assign re-verification…</source>
        <translation>Atribuir nova verificação…</translation>
    </message>
    <message>
        <source>Assign re-verification</source>
        <translation>Atribuir nova verificação</translation>
    </message>
    <message>
        <source>Result of the last Trust Swiftly action</source>
        <translation>Resultado da última ação Trust Swiftly</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</source>
        <translation>Sem ligação à Trust Swiftly: abra um perfil de ligação com uma secção Trust Swiftly.</translation>
    </message>
    <message>
        <source>Re-verification is for Trust Swiftly users.</source>
        <translation>A nova verificação destina-se a utilizadores Trust Swiftly.</translation>
    </message>
    <message>
        <source>Trust Swiftly has not said which workflow this user is on.</source>
        <translation>A Trust Swiftly não indicou em que fluxo está este utilizador.</translation>
    </message>
    <message>
        <source>Choose a workflow the user must go through again; opens a confirmation with the exact request.</source>
        <translation>Escolher um fluxo pelo qual o utilizador tem de passar de novo; abre uma confirmação com o pedido exato.</translation>
    </message>
    <message>
        <source>Wait until the current Trust Swiftly action has finished.</source>
        <translation>Aguarde até a ação Trust Swiftly em curso terminar.</translation>
    </message>
    <message>
        <source>Sending to Trust Swiftly…</source>
        <translation>A enviar para a Trust Swiftly…</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlySectionView</name>
    <message>
        <source>Trust Swiftly — workflow and verification</source>
        <translation>Trust Swiftly — fluxo de trabalho e verificação</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>Id de utilizador</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Verification status</source>
        <translation>Estado de verificação</translation>
    </message>
    <message>
        <source>Current workflow</source>
        <translation>Fluxo de trabalho atual</translation>
    </message>
    <message>
        <source>RE-VERIFICATION ASSIGNED</source>
        <translation>NOVA VERIFICAÇÃO ATRIBUÍDA</translation>
    </message>
    <message>
        <source>Re-verification workflow</source>
        <translation>Fluxo de trabalho de nova verificação</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyWire</name>
    <message>
        <source>a user has no &apos;id&apos;</source>
        <translation>um utilizador não tem &apos;id&apos;</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: [...]} in the users listing</source>
        <translation>esperado {&quot;data&quot;: [...]} na lista de utilizadores</translation>
    </message>
    <message>
        <source>an entry of the users listing is not an object</source>
        <translation>uma entrada da lista de utilizadores não é um objeto</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: {...}} for a user</source>
        <translation>esperado {&quot;data&quot;: {...}} para um utilizador</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: [...]} in the workflow list</source>
        <translation>esperado {&quot;data&quot;: [...]} na lista de fluxos</translation>
    </message>
    <message>
        <source>a workflow has no &apos;id&apos;</source>
        <translation>um fluxo não tem &apos;id&apos;</translation>
    </message>
</context>
<context>
    <name>UnresolvedCommand</name>
    <message>
        <source>Action #%1 resolved as %2.</source>
        <translation>Ação n.º %1 resolvida como %2.</translation>
    </message>
    <message>
        <source>usage: unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXT</source>
        <translation>utilização: unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXTO</translation>
    </message>
</context>
<context>
    <name>UnresolvedView</name>
    <message>
        <source>Resolve as su&amp;cceeded…</source>
        <translation>Resolver como &amp;concluída…</translation>
    </message>
    <message>
        <source>Resolve as fai&amp;led…</source>
        <translation>Resolver como &amp;falhada…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Unresolved actions</source>
        <translation>Ações não resolvidas</translation>
    </message>
    <message>
        <source>Resolve as succeeded</source>
        <translation>Resolver como concluída</translation>
    </message>
    <message>
        <source>Resolve as failed</source>
        <translation>Resolver como falhada</translation>
    </message>
    <message>
        <source>Refresh the unresolved actions</source>
        <translation>Atualizar as ações não resolvidas</translation>
    </message>
    <message>
        <source>The unresolved actions could not be read: %1</source>
        <translation>As ações não resolvidas não puderam ser lidas: %1</translation>
    </message>
    <message>
        <source>No action is unresolved.</source>
        <translation>Nenhuma ação está por resolver.</translation>
    </message>
    <message>
        <source>Select an action first.</source>
        <translation>Selecione primeiro uma ação.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Sem sessão iniciada.</translation>
    </message>
    <message>
        <source>Record what you found at the provider, with a reason.</source>
        <translation>Registe o que encontrou no fornecedor, com um motivo.</translation>
    </message>
    <message>
        <source>#%1 requested by %2: %3</source>
        <translation>N.º %1 pedida por %2: %3</translation>
    </message>
    <message>
        <source>Resolve action #%1 — IdentityDesk</source>
        <translation>Resolver a ação n.º %1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record #%1 as succeeded?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was applied.</source>
        <translation>&lt;b&gt;Registar o n.º %1 como concluído?&lt;/b&gt; %2.&lt;br&gt;Faça-o apenas depois de confirmar no fornecedor que a alteração foi aplicada.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record #%1 as failed?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was not applied.</source>
        <translation>&lt;b&gt;Registar o n.º %1 como falhado?&lt;/b&gt; %2.&lt;br&gt;Faça-o apenas depois de confirmar no fornecedor que a alteração não foi aplicada.</translation>
    </message>
    <message>
        <source>&amp;What did you check? (required)</source>
        <translation>&amp;O que verificou? (obrigatório)</translation>
    </message>
    <message>
        <source>Record as &amp;succeeded</source>
        <translation>Registar como &amp;concluído</translation>
    </message>
    <message>
        <source>Record as &amp;failed</source>
        <translation>Registar como &amp;falhado</translation>
    </message>
    <message>
        <source>#%1 recorded as succeeded.</source>
        <translation>N.º %1 registado como concluído.</translation>
    </message>
    <message>
        <source>#%1 recorded as failed.</source>
        <translation>N.º %1 registado como falhado.</translation>
    </message>
    <message>
        <source>#%1 could not be resolved: %2</source>
        <translation>O n.º %1 não pôde ser resolvido: %2</translation>
    </message>
    <message>
        <source>Re-check at the &amp;provider</source>
        <translation>Reverificar no f&amp;ornecedor</translation>
    </message>
    <message>
        <source>An unresolved action was sent, but its outcome is unknown: the provider did not answer in time, the connection was lost after sending, or the console stopped while waiting. It may or may not have been applied, so it is never sent again automatically. Check the person&apos;s state at the provider (Re-check asks it, where the provider can tell), then record what you found. To try again after a failure, request the action anew.</source>
        <translation>Uma ação não resolvida foi enviada, mas o seu resultado é desconhecido: o fornecedor não respondeu a tempo, a ligação perdeu-se após o envio, ou a consola parou durante a espera. Pode ou não ter sido aplicada, pelo que nunca é reenviada automaticamente. Verifique o estado da pessoa no fornecedor (Reverificar consulta-o, quando o fornecedor o sabe dizer) e registe o que encontrou. Para tentar de novo após uma falha, peça a ação outra vez.</translation>
    </message>
    <message>
        <source>Re-check at the provider</source>
        <translation>Reverificar no fornecedor</translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation>A consultar o fornecedor…</translation>
    </message>
    <message>
        <source>Asks the provider whether the change took effect; if it did, the action is resolved as succeeded.</source>
        <translation>Pergunta ao fornecedor se a alteração teve efeito; se teve, a ação é resolvida como concluída.</translation>
    </message>
</context>
<context>
    <name>UserDetailPane</name>
    <message>
        <source>User details</source>
        <translation>Detalhes do utilizador</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referência</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Id no fornecedor</translation>
    </message>
    <message>
        <source>No user selected</source>
        <translation>Nenhum utilizador selecionado</translation>
    </message>
    <message>
        <source>Search for a user and select a row to see the details here.</source>
        <translation>Pesquise um utilizador e selecione uma linha para ver os detalhes aqui.</translation>
    </message>
    <message>
        <source>Refreshing from %1…</source>
        <translation>A atualizar a partir de %1…</translation>
    </message>
    <message>
        <source>Up to date as of %1.</source>
        <translation>Atualizado em %1.</translation>
    </message>
    <message>
        <source>%1:</source>
        <extracomment>A form label: French puts a space before the colon.</extracomment>
        <translation>%1:</translation>
    </message>
</context>
<context>
    <name>UserIdPanel</name>
    <message>
        <source>Not connected: open a connection profile first.</source>
        <translation>Sem ligação: abra primeiro um perfil de ligação.</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Selecione primeiro uma pessoa.</translation>
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
        <translation>NOME</translation>
    </message>
    <message>
        <source>E-MAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>ESTADO</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) shown</source>
        <translation>
            <numerusform>%n utilizador mostrado</numerusform>
            <numerusform>%n utilizadores mostrados</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 match(es) in all</source>
        <translation>, %1 resultado(s) no total</translation>
    </message>
</context>
<context>
    <name>UsersCommand</name>
    <message>
        <source>&apos;users search&apos; takes exactly one TEXT argument</source>
        <translation>&apos;users search&apos; requer exatamente um argumento TEXTO</translation>
    </message>
    <message>
        <source>--limit takes a positive whole number</source>
        <translation>--limit requer um número inteiro positivo</translation>
    </message>
    <message>
        <source>usage: users search TEXT [--provider NAME] [--limit N] | users show ID [--provider NAME]</source>
        <translation>utilização: users search TEXT [--provider NAME] [--limit N] | users show ID [--provider NAME]</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;%2&apos; section</source>
        <translation>o perfil de ligação %1 não tem a secção &apos;%2&apos;</translation>
    </message>
    <message>
        <source>--provider: &apos;%1&apos; cannot search users (known: %2, %3)</source>
        <translation>--provider: &apos;%1&apos; não pode pesquisar utilizadores (conhecidos: %2, %3)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referência</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Id no fornecedor</translation>
    </message>
</context>
<context>
    <name>UsersShowCommand</name>
    <message>
        <source>usage: users show ID [--provider NAME]</source>
        <translation>utilização: users show ID [--provider NAME]</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not in the subject index</source>
        <translation>Não está no índice de sujeitos</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Sujeito %1</translation>
    </message>
    <message>
        <source>  e-mail: %1</source>
        <translation>  e-mail: %1</translation>
    </message>
    <message>
        <source>  %1 id: %2</source>
        <translation>  id %1: %2</translation>
    </message>
    <message>
        <source>users show needs an ID: a subject reference, or a provider&apos;s id with --provider NAME (an empty ID is never valid)</source>
        <translation>users show precisa de um ID: uma referência de sujeito, ou o identificador de um fornecedor com --provider NOME (um ID vazio nunca é válido)</translation>
    </message>
    <message>
        <source>users show: not a subject reference: %1</source>
        <translation>users show: não é uma referência de sujeito: %1</translation>
    </message>
</context>
<context>
    <name>WaitNotice</name>
    <message>
        <source>%1 rate limit: waiting %2 s (until %3)…</source>
        <translation>Limite de pedidos de %1: a aguardar %2 s (até às %3)…</translation>
    </message>
    <message>
        <source>provider</source>
        <translation>fornecedor</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s…</source>
        <translation>%1 Nova tentativa dentro de %2 s…</translation>
    </message>
    <message>
        <source>still waiting for %1… Ctrl-C to stop</source>
        <translation>ainda à espera de %1… Ctrl-C para parar</translation>
    </message>
    <message>
        <source>still waiting for %1 (%2 s)… Ctrl-C to stop</source>
        <translation>ainda à espera de %1 (%2 s)… Ctrl-C para parar</translation>
    </message>
</context>
<context>
    <name>WorkflowPicker</name>
    <message>
        <source>&amp;Refresh workflows</source>
        <translation>&amp;Atualizar os fluxos</translation>
    </message>
    <message>
        <source>Re-verification workflows</source>
        <translation>Fluxos de trabalho de nova verificação</translation>
    </message>
    <message>
        <source>Current workflow (from)</source>
        <translation>Fluxo atual (de)</translation>
    </message>
    <message>
        <source>The workflow the user is on now; Trust Swiftly refuses the request if it does not match.</source>
        <translation>O fluxo em que o utilizador está agora; a Trust Swiftly recusa o pedido se não corresponder.</translation>
    </message>
    <message>
        <source>Re-verification workflow (to)</source>
        <translation>Fluxo de nova verificação (para)</translation>
    </message>
    <message>
        <source>The workflow the user will be asked to go through; it must differ from the current one.</source>
        <translation>O fluxo pelo qual o utilizador terá de passar; tem de ser diferente do atual.</translation>
    </message>
    <message>
        <source>Refresh workflows</source>
        <translation>Atualizar os fluxos</translation>
    </message>
    <message>
        <source>Asks Trust Swiftly for its workflows again (they are kept for the session).</source>
        <translation>Pede de novo os fluxos à Trust Swiftly (são guardados durante a sessão).</translation>
    </message>
    <message>
        <source>&amp;From (current):</source>
        <translation>&amp;De (atual):</translation>
    </message>
    <message>
        <source>&amp;To (re-verification):</source>
        <translation>&amp;Para (nova verificação):</translation>
    </message>
    <message>
        <source>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</source>
        <translation>Sem ligação à Trust Swiftly: abra um perfil de ligação com uma secção Trust Swiftly.</translation>
    </message>
    <message>
        <source>Reading the workflows from Trust Swiftly…</source>
        <translation>A ler os fluxos da Trust Swiftly…</translation>
    </message>
    <message>
        <source>The workflows could not be read: %1</source>
        <translation>Os fluxos não puderam ser lidos: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Unknown workflow (%1)</source>
        <translation>Fluxo desconhecido (%1)</translation>
    </message>
    <message>
        <source>This is the current workflow: choose another one.</source>
        <translation>Este é o fluxo atual: escolha outro.</translation>
    </message>
</context>
</TS>
