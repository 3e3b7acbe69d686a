<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About IdentityDesk</source>
        <translation>About IdentityDesk</translation>
    </message>
    <message>
        <source>IdentityDesk logo</source>
        <translation>IdentityDesk logo</translation>
    </message>
    <message>
        <source>&lt;h2&gt;IdentityDesk %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;IdentityDesk %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Version and licence</translation>
    </message>
    <message>
        <source>Operator console for identity-verification providers.</source>
        <translation>Operator console for identity-verification providers.</translation>
    </message>
    <message>
        <source>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version. It comes with ABSOLUTELY NO WARRANTY.</source>
        <translation>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License, version 3 or (at your option) any later version. It comes with ABSOLUTELY NO WARRANTY.</translation>
    </message>
    <message>
        <source>Version %1
Qt %2
%3
Licence: GPL-3.0-or-later</source>
        <translation>Version %1
Qt %2
%3
Licence: GPL-3.0-or-later</translation>
    </message>
    <message>
        <source>No TLS library loaded</source>
        <translation>No TLS library loaded</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Confirm action — IdentityDesk</source>
        <translation>Confirm action — IdentityDesk</translation>
    </message>
    <message>
        <source>Request that will be sent</source>
        <translation>Request that will be sent</translation>
    </message>
    <message>
        <source>Request that will be sent (the signature is made when it is sent):</source>
        <translation>Request that will be sent (the signature is made when it is sent):</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Why? A case or ticket number and what you checked</source>
        <translation>Why? A case or ticket number and what you checked</translation>
    </message>
    <message>
        <source>&amp;Reason (required, recorded in the audit log):</source>
        <translation>&amp;Reason (required, recorded in the audit log):</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Confirmation</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The policy could not be read from the store, so nothing can be sent: %1</source>
        <translation>The policy could not be read from the store, so nothing can be sent: %1</translation>
    </message>
    <message>
        <source>Approval: unknown (the policy could not be read).</source>
        <translation>Approval: unknown (the policy could not be read).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Needs approval:&lt;/b&gt; the policy wants a supervisor&apos;s approval. The action waits under Approvals until a supervisor other than you approves it; nothing is sent before.</source>
        <translation>&lt;b&gt;Needs approval:&lt;/b&gt; the policy wants a supervisor&apos;s approval. The action waits under Approvals until a supervisor other than you approves it; nothing is sent before.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No approval needed:&lt;/b&gt; it is sent at once when you confirm.</source>
        <translation>&lt;b&gt;No approval needed:&lt;/b&gt; it is sent at once when you confirm.</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Submit for approval</translation>
    </message>
    <message>
        <source>&amp;Send now</source>
        <translation>&amp;Send now</translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1”: this changes a real person&apos;s record at the provider.</source>
        <translation>PRODUCTION — profile “%1”: this changes a real person&apos;s record at the provider.</translation>
    </message>
    <message>
        <source>Type a reason first.</source>
        <translation>Type a reason first.</translation>
    </message>
    <message>
        <source>Type “%1” to confirm.</source>
        <translation>Type “%1” to confirm.</translation>
    </message>
    <message>
        <source>Request &amp;details</source>
        <translation>Request &amp;details</translation>
    </message>
    <message>
        <source>Request details</source>
        <translation>Request details</translation>
    </message>
    <message>
        <source>&lt;b&gt;Already asked:&lt;/b&gt; action #%1 does the same to this person and is %2. &lt;a href=&quot;action:%1&quot;&gt;Show action #%1&lt;/a&gt; before asking again.</source>
        <translation>&lt;b&gt;Already asked:&lt;/b&gt; action #%1 does the same to this person and is %2. &lt;a href=&quot;action:%1&quot;&gt;Show action #%1&lt;/a&gt; before asking again.</translation>
    </message>
    <message>
        <source>waiting for a supervisor&apos;s approval</source>
        <translation>waiting for a supervisor&apos;s approval</translation>
    </message>
    <message>
        <source>approved and about to be sent</source>
        <translation>approved and about to be sent</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>being sent</translation>
    </message>
    <message>
        <source>unresolved (its outcome is unknown)</source>
        <translation>unresolved (its outcome is unknown)</translation>
    </message>
    <message>
        <source>%1 cannot be undone easily: type your password to confirm that it is you who requests it.</source>
        <translation>%1 cannot be undone easily: type your password to confirm that it is you who requests it.</translation>
    </message>
</context>
<context>
    <name>ActionPrinter</name>
    <message>
        <source>Nothing changed: already in this state.</source>
        <translation>Nothing changed: already in this state.</translation>
    </message>
    <message>
        <source>Action #%1 may have been processed — see `unresolved list`. Check it with `unresolved recheck %1`; it is not sent again.</source>
        <translation>Action #%1 may have been processed — see `unresolved list`. Check it with `unresolved recheck %1`; it is not sent again.</translation>
    </message>
    <message>
        <source>Action #%1 may have been processed — see `unresolved list`. Check the user at the provider, then record it with `unresolved resolve %1 --outcome succeeded|failed --reason …`; it is not sent again.</source>
        <translation>Action #%1 may have been processed — see `unresolved list`. Check the user at the provider, then record it with `unresolved resolve %1 --outcome succeeded|failed --reason …`; it is not sent again.</translation>
    </message>
</context>
<context>
    <name>ActionResultLabel</name>
    <message>
        <source>%1
For %2</source>
        <translation>%1
For %2</translation>
    </message>
</context>
<context>
    <name>ActionResultText</name>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>Waiting for approval #%1: another supervisor must approve it under Approvals before it is sent.</source>
        <translation>Waiting for approval #%1: another supervisor must approve it under Approvals before it is sent.</translation>
    </message>
    <message>
        <source>Succeeded: %1</source>
        <translation>Succeeded: %1</translation>
    </message>
    <message>
        <source>Already in that state, nothing to change: %1</source>
        <translation>Already in that state, nothing to change: %1</translation>
    </message>
    <message>
        <source>Outcome unknown, listed under Unresolved as #%1: %2</source>
        <translation>Outcome unknown, listed under Unresolved as #%1: %2</translation>
    </message>
    <message>
        <source>Not processed by the provider (nothing changed): %1</source>
        <translation>Not processed by the provider (nothing changed): %1</translation>
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
        <translation>Rejected by the provider%1: %2</translation>
    </message>
    <message>
        <source>Rejected by a supervisor: %1</source>
        <translation>Rejected by a supervisor: %1</translation>
    </message>
    <message>
        <source>Waiting for rate limit (%1 s)…</source>
        <translation>Waiting for rate limit (%1 s)…</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s (attempt %3).</source>
        <translation>%1 Trying again in %2 s (attempt %3).</translation>
    </message>
</context>
<context>
    <name>ActionService</name>
    <message>
        <source>Sign in first.</source>
        <translation>Sign in first.</translation>
    </message>
    <message>
        <source>Auditors can read everything but cannot request actions.</source>
        <translation>Auditors can read everything but cannot request actions.</translation>
    </message>
    <message>
        <source>The connection profile has no &apos;%1&apos; section, so its actions are not available.</source>
        <translation>The connection profile has no &apos;%1&apos; section, so its actions are not available.</translation>
    </message>
    <message>
        <source>You requested this action yourself: another supervisor must decide it (four-eyes rule).</source>
        <translation>You requested this action yourself: another supervisor must decide it (four-eyes rule).</translation>
    </message>
    <message>
        <source>Only a supervisor can approve or reject actions.</source>
        <translation>Only a supervisor can approve or reject actions.</translation>
    </message>
    <message>
        <source>This action is no longer waiting for approval (it is %1).</source>
        <translation>This action is no longer waiting for approval (it is %1).</translation>
    </message>
    <message>
        <source>Auditors cannot resolve actions.</source>
        <translation>Auditors cannot resolve actions.</translation>
    </message>
    <message>
        <source>Action #%1 is not unresolved (it is %2).</source>
        <translation>Action #%1 is not unresolved (it is %2).</translation>
    </message>
    <message>
        <source>A reason is required for every action.</source>
        <translation>A reason is required for every action.</translation>
    </message>
    <message>
        <source>The policy could not be read from the store, so nothing was sent: %1</source>
        <translation>The policy could not be read from the store, so nothing was sent: %1</translation>
    </message>
    <message>
        <source>The unresolved actions could not be read from the store, so nothing was sent: %1</source>
        <translation>The unresolved actions could not be read from the store, so nothing was sent: %1</translation>
    </message>
    <message>
        <source>The intent could not be written to the audit log, so nothing was sent: %1</source>
        <translation>The intent could not be written to the audit log, so nothing was sent: %1</translation>
    </message>
    <message>
        <source>There is no action #%1.</source>
        <translation>There is no action #%1.</translation>
    </message>
    <message>
        <source>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot send action #%2.</source>
        <translation>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot send action #%2.</translation>
    </message>
    <message>
        <source>The approval could not be recorded, so nothing was sent: %1</source>
        <translation>The approval could not be recorded, so nothing was sent: %1</translation>
    </message>
    <message>
        <source>A rejection needs a reason.</source>
        <translation>A rejection needs a reason.</translation>
    </message>
    <message>
        <source>Resolving an action needs a reason (what you checked).</source>
        <translation>Resolving an action needs a reason (what you checked).</translation>
    </message>
    <message>
        <source>Interrupted while sending (the console stopped before the provider&apos;s answer was recorded): it may or may not have been processed.</source>
        <translation>Interrupted while sending (the console stopped before the provider&apos;s answer was recorded): it may or may not have been processed.</translation>
    </message>
    <message>
        <source>waiting for the console&apos;s own rate limit</source>
        <translation>waiting for the console&apos;s own rate limit</translation>
    </message>
    <message>
        <source>%1 The outcome could not be written to the audit log (%2); the action will be listed under Unresolved.</source>
        <translation>%1 The outcome could not be written to the audit log (%2); the action will be listed under Unresolved.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a bulk job.</source>
        <translation>&apos;%1&apos; is not a bulk job.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is not approved (it is %2), so its rows cannot be sent.</source>
        <translation>Bulk job #%1 is not approved (it is %2), so its rows cannot be sent.</translation>
    </message>
    <message>
        <source>approved with bulk job #%1</source>
        <translation>approved with bulk job #%1</translation>
    </message>
    <message>
        <source>Bulk job #%1 approved: its rows are being sent.</source>
        <translation>Bulk job #%1 approved: its rows are being sent.</translation>
    </message>
    <message>
        <source>Line %1 of bulk job %2 is no longer pending (another console has submitted or cancelled it): it was not sent again.</source>
        <translation>Line %1 of bulk job %2 is no longer pending (another console has submitted or cancelled it): it was not sent again.</translation>
    </message>
    <message>
        <source>action #%1 is no longer being sent: another console has handled it</source>
        <translation>action #%1 is no longer being sent: another console has handled it</translation>
    </message>
    <message>
        <source>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot ask the provider.</source>
        <translation>This console&apos;s connection profile has no &apos;%1&apos; section, so it cannot ask the provider.</translation>
    </message>
    <message>
        <source>%1 offers no way to read this back: check at the provider and resolve it by hand.</source>
        <translation>%1 offers no way to read this back: check at the provider and resolve it by hand.</translation>
    </message>
    <message>
        <source>Action #%1 cannot be read back.</source>
        <translation>Action #%1 cannot be read back.</translation>
    </message>
    <message>
        <source>Action #%1 could not be re-checked, so it stays unresolved: %2</source>
        <translation>Action #%1 could not be re-checked, so it stays unresolved: %2</translation>
    </message>
    <message>
        <source>Action #%1 stays unresolved: %2</source>
        <translation>Action #%1 stays unresolved: %2</translation>
    </message>
    <message>
        <source>Re-checked at the provider: %1</source>
        <translation>Re-checked at the provider: %1</translation>
    </message>
    <message>
        <source>%1 It could not be recorded (%2); the action stays unresolved.</source>
        <translation>%1 It could not be recorded (%2); the action stays unresolved.</translation>
    </message>
    <message>
        <source>Action #%1 resolved as succeeded. %2</source>
        <translation>Action #%1 resolved as succeeded. %2</translation>
    </message>
    <message>
        <source>The reason is %1 characters long; keep it to %2 (it is written into the audit log with every entry of the action).</source>
        <translation>The reason is %1 characters long; keep it to %2 (it is written into the audit log with every entry of the action).</translation>
    </message>
    <message>
        <source>Not sent: the console closed before sending it. Resuming the job sends it.</source>
        <translation>Not sent: the console closed before sending it. Resuming the job sends it.</translation>
    </message>
    <message>
        <source>The text holds a control character (%1): write it on one line, without tabs or escape sequences.</source>
        <translation>The text holds a control character (%1): write it on one line, without tabs or escape sequences.</translation>
    </message>
    <message>
        <source>Not sent: %1 was interrupted (%2) before it reached the provider. Nothing was changed; send it again when you are ready.</source>
        <translation>Not sent: %1 was interrupted (%2) before it reached the provider. Nothing was changed; send it again when you are ready.</translation>
    </message>
    <message>
        <source>%1 was interrupted (%2) after it was sent, before the provider answered: it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</source>
        <translation>%1 was interrupted (%2) after it was sent, before the provider answered: it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</translation>
    </message>
    <message>
        <source>Action #%1 belongs to %2, and this console is connected to no profile: nothing was sent. Use that profile to approve, send or re-check it.</source>
        <translation>Action #%1 belongs to %2, and this console is connected to no profile: nothing was sent. Use that profile to approve, send or re-check it.</translation>
    </message>
    <message>
        <source>Action #%1 belongs to %2, but this console is connected to %3: nothing was sent. Use that profile to approve, send or re-check it.</source>
        <translation>Action #%1 belongs to %2, but this console is connected to %3: nothing was sent. Use that profile to approve, send or re-check it.</translation>
    </message>
    <message>
        <source>This action is no longer waiting for approval: %1</source>
        <translation>This action is no longer waiting for approval: %1</translation>
    </message>
    <message>
        <source>Only the requester or a supervisor can withdraw a request.</source>
        <translation>Only the requester or a supervisor can withdraw a request.</translation>
    </message>
    <message>
        <source>Action #%1 is no longer waiting for approval (it is %2), so it cannot be withdrawn.</source>
        <translation>Action #%1 is no longer waiting for approval (it is %2), so it cannot be withdrawn.</translation>
    </message>
    <message>
        <source>%1 — waiting for a supervisor&apos;s approval (action #%2).</source>
        <translation>%1 — waiting for a supervisor&apos;s approval (action #%2).</translation>
    </message>
    <message numerus="yes">
        <source>Waited more than %n hour(s) for approval: expired under the policy.</source>
        <translation>
            <numerusform>Waited more than %n hour(s) for approval: expired under the policy.</numerusform>
            <numerusform>Waited more than %n hour(s) for approval: expired under the policy.</numerusform>
        </translation>
    </message>
    <message>
        <source>The approvals could not be read from the store, so nothing was sent: %1</source>
        <translation>The approvals could not be read from the store, so nothing was sent: %1</translation>
    </message>
    <message>
        <source>Action #%1 was not approved: %2</source>
        <translation>Action #%1 was not approved: %2</translation>
    </message>
    <message>
        <source>%1: approved, in effect now (action #%2).</source>
        <translation>%1: approved, in effect now (action #%2).</translation>
    </message>
    <message>
        <source>Line %1 of bulk job %2 was changed in the store after the job was submitted: the team store&apos;s server refused it, and it was not sent. The refusal is in the audit log; tell the store&apos;s administrator.</source>
        <translation>Line %1 of bulk job %2 was changed in the store after the job was submitted: the team store&apos;s server refused it, and it was not sent. The refusal is in the audit log; tell the store&apos;s administrator.</translation>
    </message>
</context>
<context>
    <name>ActionTable</name>
    <message>
        <source>None.</source>
        <translation>None.</translation>
    </message>
    <message>
        <source> (bulk job #%1)</source>
        <translation> (bulk job #%1)</translation>
    </message>
    <message>
        <source>every row: jobs show %1</source>
        <translation>every row: jobs show %1</translation>
    </message>
</context>
<context>
    <name>ActionsModel</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
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
            <numerusform>%n hour</numerusform>
            <numerusform>%n hours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n day</numerusform>
            <numerusform>%n days</numerusform>
        </translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>Requested by</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
</context>
<context>
    <name>AdminCommand</name>
    <message>
        <source>usage: admin init [--check]</source>
        <translation>usage: admin init [--check]</translation>
    </message>
    <message>
        <source>admin init sets up a PostgreSQL team store; %1 is a desk store (SQLite), whose boundary is the computer&apos;s account. Give --store postgresql://OWNER@host/db.</source>
        <translation>admin init sets up a PostgreSQL team store; %1 is a desk store (SQLite), whose boundary is the computer&apos;s account. Give --store postgresql://OWNER@host/db.</translation>
    </message>
    <message numerus="yes">
        <source>The team store at %1 is not as admin init makes it (%n problem(s)); run admin init as the owner to repair it.</source>
        <translation>
            <numerusform>The team store at %1 is not as admin init makes it (%n problem(s)); run admin init as the owner to repair it.</numerusform>
            <numerusform>The team store at %1 is not as admin init makes it (%n problem(s)); run admin init as the owner to repair it.</numerusform>
        </translation>
    </message>
    <message>
        <source>The team store at %1 is enforced as admin init makes it: group roles %2.</source>
        <translation>The team store at %1 is enforced as admin init makes it: group roles %2.</translation>
    </message>
    <message>
        <source>The team store at %1 is enforced by PostgreSQL: group roles %2.</source>
        <translation>The team store at %1 is enforced by PostgreSQL: group roles %2.</translation>
    </message>
    <message>
        <source>  %1 (%2): an existing database role, signs in with its own authentication</source>
        <translation>  %1 (%2): an existing database role, signs in with its own authentication</translation>
    </message>
    <message>
        <source>  %1 (%2): first password %3 (hand it over in person; change it with operators password)</source>
        <translation>  %1 (%2): first password %3 (hand it over in person; change it with operators password)</translation>
    </message>
    <message>
        <source>The database holds no IdentityDesk store: admin init (without --check), run by its owner, creates it.</source>
        <translation>The database holds no IdentityDesk store: admin init (without --check), run by its owner, creates it.</translation>
    </message>
    <message>
        <source>The store is at schema version %1, older than this console&apos;s %2: admin init, run by its owner, upgrades it.</source>
        <translation>The store is at schema version %1, older than this console&apos;s %2: admin init, run by its owner, upgrades it.</translation>
    </message>
</context>
<context>
    <name>ApiError</name>
    <message>
        <source>Check the network connection and the provider&apos;s URL in the connection profile, then try again.</source>
        <translation>Check the network connection and the provider&apos;s URL in the connection profile, then try again.</translation>
    </message>
    <message>
        <source>The provider did not answer in time. Try again; if it persists, check the provider&apos;s status.</source>
        <translation>The provider did not answer in time. Try again; if it persists, check the provider&apos;s status.</translation>
    </message>
    <message>
        <source>Nothing was processed. Wait %1 s and try again.</source>
        <translation>Nothing was processed. Wait %1 s and try again.</translation>
    </message>
    <message>
        <source>Nothing was processed. Wait a minute and try again.</source>
        <translation>Nothing was processed. Wait a minute and try again.</translation>
    </message>
    <message>
        <source>Check the credentials and permissions in the connection profile.</source>
        <translation>Check the credentials and permissions in the connection profile.</translation>
    </message>
    <message>
        <source>Check the identifier.</source>
        <translation>Check the identifier.</translation>
    </message>
    <message>
        <source>Correct the fields named and send again.</source>
        <translation>Correct the fields named and send again.</translation>
    </message>
    <message>
        <source>Refresh to see the current state.</source>
        <translation>Refresh to see the current state.</translation>
    </message>
    <message>
        <source>See the provider&apos;s message; correct the request or contact the provider.</source>
        <translation>See the provider&apos;s message; correct the request or contact the provider.</translation>
    </message>
    <message>
        <source>The provider had an internal fault. Try again later; if it persists, contact the provider.</source>
        <translation>The provider had an internal fault. Try again later; if it persists, contact the provider.</translation>
    </message>
    <message>
        <source>The provider&apos;s answer could not be read. Check that the URL points at the right service.</source>
        <translation>The provider&apos;s answer could not be read. Check that the URL points at the right service.</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>network error</translation>
    </message>
    <message>
        <source>TLS error</source>
        <translation>TLS error</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>timed out</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>rate limited</translation>
    </message>
    <message>
        <source>not authorised</source>
        <translation>not authorised</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>invalid data</source>
        <translation>invalid data</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>conflict</translation>
    </message>
    <message>
        <source>rejected by the provider</source>
        <translation>rejected by the provider</translation>
    </message>
    <message>
        <source>provider fault</source>
        <translation>provider fault</translation>
    </message>
    <message>
        <source>unreadable answer</source>
        <translation>unreadable answer</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>%1: %2 failed — %3</source>
        <translation>%1: %2 failed — %3</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <source>The secure connection was refused: the server&apos;s certificate is not trusted or its TLS set-up is too weak. Check the URL, or add the right CA file to the connection profile. Verification is never switched off.</source>
        <translation>The secure connection was refused: the server&apos;s certificate is not trusted or its TLS set-up is too weak. Check the URL, or add the right CA file to the connection profile. Verification is never switched off.</translation>
    </message>
</context>
<context>
    <name>ApprovalsCommand</name>
    <message>
        <source>&apos;%1&apos; is not an action number</source>
        <translation>&apos;%1&apos; is not an action number</translation>
    </message>
    <message>
        <source>a rejection needs --reason TEXT</source>
        <translation>a rejection needs --reason TEXT</translation>
    </message>
    <message>
        <source>Action #%1 rejected; nothing was sent.</source>
        <translation>Action #%1 rejected; nothing was sent.</translation>
    </message>
    <message>
        <source>usage: approvals list | approvals approve ID | approvals reject ID --reason TEXT | approvals withdraw ID --reason TEXT</source>
        <translation>usage: approvals list | approvals approve ID | approvals reject ID --reason TEXT | approvals withdraw ID --reason TEXT</translation>
    </message>
    <message>
        <source>withdrawing a request needs --reason TEXT</source>
        <translation>withdrawing a request needs --reason TEXT</translation>
    </message>
    <message>
        <source>Action #%1 withdrawn; nothing was sent.</source>
        <translation>Action #%1 withdrawn; nothing was sent.</translation>
    </message>
</context>
<context>
    <name>ApprovalsView</name>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Approve…</translation>
    </message>
    <message>
        <source>Re&amp;ject…</source>
        <translation>Re&amp;ject…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <source>Actions the policy holds for a supervisor&apos;s decision. Nothing in this list has been sent. A supervisor may approve or reject only actions someone else requested (four-eyes rule).</source>
        <translation>Actions the policy holds for a supervisor&apos;s decision. Nothing in this list has been sent. A supervisor may approve or reject only actions someone else requested (four-eyes rule).</translation>
    </message>
    <message>
        <source>Actions waiting for approval</source>
        <translation>Actions waiting for approval</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Reject</translation>
    </message>
    <message>
        <source>Refresh the approvals</source>
        <translation>Refresh the approvals</translation>
    </message>
    <message>
        <source>The approvals could not be read: %1</source>
        <translation>The approvals could not be read: %1</translation>
    </message>
    <message>
        <source>Nothing is waiting for approval.</source>
        <translation>Nothing is waiting for approval.</translation>
    </message>
    <message>
        <source>Select an action first.</source>
        <translation>Select an action first.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Not signed in.</translation>
    </message>
    <message>
        <source>Wait until action #%1 has been sent.</source>
        <translation>Wait until action #%1 has been sent.</translation>
    </message>
    <message>
        <source>Approve the selected action and send it now.</source>
        <translation>Approve the selected action and send it now.</translation>
    </message>
    <message>
        <source>Reject the selected action; nothing is sent.</source>
        <translation>Reject the selected action; nothing is sent.</translation>
    </message>
    <message>
        <source>#%1 — %2. Requested by %3 on %4: “%5”.</source>
        <translation>#%1 — %2. Requested by %3 on %4: “%5”.</translation>
    </message>
    <message>
        <source>Approve action #%1 — IdentityDesk</source>
        <translation>Approve action #%1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve and send #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</source>
        <translation>&lt;b&gt;Approve and send #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</translation>
    </message>
    <message>
        <source>&amp;Note (optional, recorded in the audit log):</source>
        <translation>&amp;Note (optional, recorded in the audit log):</translation>
    </message>
    <message>
        <source>&amp;Approve and send</source>
        <translation>&amp;Approve and send</translation>
    </message>
    <message>
        <source>Approved #%1; sending…</source>
        <translation>Approved #%1; sending…</translation>
    </message>
    <message>
        <source>#%1: %2</source>
        <translation>#%1: %2</translation>
    </message>
    <message>
        <source>Reject action #%1 — IdentityDesk</source>
        <translation>Reject action #%1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Reject #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;Nothing will be sent; %3 sees your reason in the audit log.</source>
        <translation>&lt;b&gt;Reject #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;Nothing will be sent; %3 sees your reason in the audit log.</translation>
    </message>
    <message>
        <source>&amp;Reason for rejecting (required):</source>
        <translation>&amp;Reason for rejecting (required):</translation>
    </message>
    <message>
        <source>&amp;Reject</source>
        <translation>&amp;Reject</translation>
    </message>
    <message>
        <source>#%1 rejected; nothing was sent.</source>
        <translation>#%1 rejected; nothing was sent.</translation>
    </message>
    <message>
        <source>#%1 could not be rejected: %2</source>
        <translation>#%1 could not be rejected: %2</translation>
    </message>
    <message>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Withdraw…</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>REPEATED (%1 ask the same): %2</source>
        <translation>REPEATED (%1 ask the same): %2</translation>
    </message>
    <message>
        <source>Withdraw the selected request with a reason; nothing is sent.</source>
        <translation>Withdraw the selected request with a reason; nothing is sent.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Approve #%1? It takes effect at once.&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</source>
        <translation>&lt;b&gt;Approve #%1? It takes effect at once.&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.</translation>
    </message>
    <message>
        <source>&amp;Approve the change</source>
        <translation>&amp;Approve the change</translation>
    </message>
    <message>
        <source>Withdraw request #%1 — IdentityDesk</source>
        <translation>Withdraw request #%1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Withdraw #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;It will not be sent, and no supervisor will be asked to decide it.</source>
        <translation>&lt;b&gt;Withdraw #%1?&lt;/b&gt; %2.&lt;br&gt;Requested by %3: “%4”.&lt;br&gt;It will not be sent, and no supervisor will be asked to decide it.</translation>
    </message>
    <message>
        <source>&amp;Reason for withdrawing (required, recorded in the audit log):</source>
        <translation>&amp;Reason for withdrawing (required, recorded in the audit log):</translation>
    </message>
    <message>
        <source>&amp;Withdraw</source>
        <translation>&amp;Withdraw</translation>
    </message>
    <message>
        <source>#%1 withdrawn; nothing was sent.</source>
        <translation>#%1 withdrawn; nothing was sent.</translation>
    </message>
    <message>
        <source>#%1 could not be withdrawn: %2</source>
        <translation>#%1 could not be withdrawn: %2</translation>
    </message>
</context>
<context>
    <name>AuditChainVerifier</name>
    <message>
        <source>entry 1 missing (the log starts at entry %1)</source>
        <translation>entry 1 missing (the log starts at entry %1)</translation>
    </message>
    <message>
        <source>entry %1 missing (sequence jumps from %2 to %3)</source>
        <translation>entry %1 missing (sequence jumps from %2 to %3)</translation>
    </message>
    <message>
        <source>entry 1: its prev_hash is not the start of a chain (64 zeros)</source>
        <translation>entry 1: its prev_hash is not the start of a chain (64 zeros)</translation>
    </message>
    <message>
        <source>entry %1: its prev_hash does not match the hash of entry %2 (one of them was changed or replaced)</source>
        <translation>entry %1: its prev_hash does not match the hash of entry %2 (one of them was changed or replaced)</translation>
    </message>
    <message>
        <source>entry %1: hash does not match its contents</source>
        <translation>entry %1: hash does not match its contents</translation>
    </message>
</context>
<context>
    <name>AuditCheckpoint</name>
    <message>
        <source>not a checkpoint file (not a JSON object)</source>
        <translation>not a checkpoint file (not a JSON object)</translation>
    </message>
    <message>
        <source>not a checkpoint file (field &apos;%1&apos; missing or not a string)</source>
        <translation>not a checkpoint file (field &apos;%1&apos; missing or not a string)</translation>
    </message>
    <message>
        <source>unknown checkpoint format &apos;%1&apos;</source>
        <translation>unknown checkpoint format &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s seq is not a positive whole number</source>
        <translation>the checkpoint&apos;s seq is not a positive whole number</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s head_hash is not 64 lower-case hex digits</source>
        <translation>the checkpoint&apos;s head_hash is not 64 lower-case hex digits</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s time is not an ISO-8601 UTC time with milliseconds</source>
        <translation>the checkpoint&apos;s time is not an ISO-8601 UTC time with milliseconds</translation>
    </message>
    <message>
        <source>the checkpoint&apos;s signature is not base64</source>
        <translation>the checkpoint&apos;s signature is not base64</translation>
    </message>
</context>
<context>
    <name>AuditCheckpointService</name>
    <message>
        <source>The audit chain is broken at entry %1: %2. No checkpoint was signed.</source>
        <translation>The audit chain is broken at entry %1: %2. No checkpoint was signed.</translation>
    </message>
    <message>
        <source>Cannot write the checkpoint to %1: %2</source>
        <translation>Cannot write the checkpoint to %1: %2</translation>
    </message>
    <message>
        <source>Cannot create the witness folder %1.</source>
        <translation>Cannot create the witness folder %1.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>too large for a checkpoint file</source>
        <translation>too large for a checkpoint file</translation>
    </message>
    <message>
        <source>the checkpoint is of another store (%1; this store is %2)</source>
        <translation>the checkpoint is of another store (%1; this store is %2)</translation>
    </message>
    <message>
        <source>signed with key %1, which is not registered in this store: forged, or the key was removed</source>
        <translation>signed with key %1, which is not registered in this store: forged, or the key was removed</translation>
    </message>
    <message>
        <source>the signature does not verify with key %1: the checkpoint was forged or edited</source>
        <translation>the signature does not verify with key %1: the checkpoint was forged or edited</translation>
    </message>
    <message>
        <source>entry %1, covered by this checkpoint, is broken: %2</source>
        <translation>entry %1, covered by this checkpoint, is broken: %2</translation>
    </message>
    <message>
        <source>the log ends at entry %1 but the checkpoint covers entry %2: entries from %3 were deleted (the log was cut short)</source>
        <translation>the log ends at entry %1 but the checkpoint covers entry %2: entries from %3 were deleted (the log was cut short)</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): entry %2 was written after the checkpoint was signed, so the entries from %2 were deleted and their numbers used again</source>
        <translation>entry %1 is not the entry checkpointed (its hash differs): entry %2 was written after the checkpoint was signed, so the entries from %2 were deleted and their numbers used again</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): it was rewritten and the chain re-hashed</source>
        <translation>entry %1 is not the entry checkpointed (its hash differs): it was rewritten and the chain re-hashed</translation>
    </message>
    <message>
        <source>entry %1 is not the entry checkpointed (its hash differs): the log was rewritten and re-hashed from an entry between %2 and %1</source>
        <translation>entry %1 is not the entry checkpointed (its hash differs): the log was rewritten and re-hashed from an entry between %2 and %1</translation>
    </message>
</context>
<context>
    <name>AuditCommand</name>
    <message>
        <source>--limit takes a positive whole number</source>
        <translation>--limit takes a positive whole number</translation>
    </message>
    <message numerus="yes">
        <source>Audit chain verified: %n entries, no break.</source>
        <translation>
            <numerusform>Audit chain verified: %n entry, no break.</numerusform>
            <numerusform>Audit chain verified: %n entries, no break.</numerusform>
        </translation>
    </message>
    <message>
        <source>The audit chain is broken at entry %1: %2</source>
        <translation>The audit chain is broken at entry %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n audit entries written to %1.</source>
        <translation>
            <numerusform>%n audit entry written to %1.</numerusform>
            <numerusform>%n audit entries written to %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>usage: audit list [--limit N] | audit verify [--checkpoint FILE…] | audit checkpoint [--out FILE] [--witness DIR] [--key FILE] | audit export FILE.csv</source>
        <translation>usage: audit list [--limit N] | audit verify [--checkpoint FILE…] | audit checkpoint [--out FILE] [--witness DIR] [--key FILE] | audit export FILE.csv</translation>
    </message>
    <message>
        <source>Head: entry %1, hash %2.</source>
        <translation>Head: entry %1, hash %2.</translation>
    </message>
    <message>
        <source>Checkpoint %1 (entry %2): signature valid, entry unchanged.</source>
        <translation>Checkpoint %1 (entry %2): signature valid, entry unchanged.</translation>
    </message>
    <message>
        <source>Checkpoint %1 (entry %2) does not hold: %3</source>
        <translation>Checkpoint %1 (entry %2) does not hold: %3</translation>
    </message>
    <message>
        <source>First entry affected: %1.</source>
        <translation>First entry affected: %1.</translation>
    </message>
    <message>
        <source>A new checkpoint signing key was made in %1 (key %2).</source>
        <translation>A new checkpoint signing key was made in %1 (key %2).</translation>
    </message>
    <message>
        <source>The checkpoint of entry %1 is in the store, but: %2</source>
        <translation>The checkpoint of entry %1 is in the store, but: %2</translation>
    </message>
    <message>
        <source>Checkpoint signed: entry %1, hash %2, key %3; kept in the store.</source>
        <translation>Checkpoint signed: entry %1, hash %2, key %3; kept in the store.</translation>
    </message>
    <message>
        <source>Written to %1.</source>
        <translation>Written to %1.</translation>
    </message>
    <message>
        <source>No copy outside the store: give --out FILE or --witness DIR (or set IDENTITYDESK_WITNESS_DIR).</source>
        <translation>No copy outside the store: give --out FILE or --witness DIR (or set IDENTITYDESK_WITNESS_DIR).</translation>
    </message>
</context>
<context>
    <name>AuditCsvExporter</name>
    <message>
        <source>Cannot write the audit export: the output is not open for writing.</source>
        <translation>Cannot write the audit export: the output is not open for writing.</translation>
    </message>
    <message>
        <source>Cannot write the audit export: %1.</source>
        <translation>Cannot write the audit export: %1.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2. Check that the folder exists and is writable.</source>
        <translation>Cannot create %1: %2. Check that the folder exists and is writable.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2. Check the disk space and try again.</source>
        <translation>Cannot save %1: %2. Check the disk space and try again.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Fro&amp;m:</source>
        <translation>Fro&amp;m:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Appl&amp;y filter</source>
        <translation>Appl&amp;y filter</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>C&amp;lear</translation>
    </message>
    <message>
        <source>Verify c&amp;hain</source>
        <translation>Verify c&amp;hain</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Export CSV…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Operator filter</source>
        <translation>Operator filter</translation>
    </message>
    <message>
        <source>any operator</source>
        <translation>any operator</translation>
    </message>
    <message>
        <source>User filter</source>
        <translation>User filter</translation>
    </message>
    <message>
        <source>any user id</source>
        <translation>any user id</translation>
    </message>
    <message>
        <source>Action filter</source>
        <translation>Action filter</translation>
    </message>
    <message>
        <source>e.g. is_fraudulent</source>
        <translation>e.g. is_fraudulent</translation>
    </message>
    <message>
        <source>Filter from a date</source>
        <translation>Filter from a date</translation>
    </message>
    <message>
        <source>Filter up to a date</source>
        <translation>Filter up to a date</translation>
    </message>
    <message>
        <source>From date</source>
        <translation>From date</translation>
    </message>
    <message>
        <source>To date (inclusive)</source>
        <translation>To date (inclusive)</translation>
    </message>
    <message>
        <source>Apply filter</source>
        <translation>Apply filter</translation>
    </message>
    <message>
        <source>Show the entries that match every filled-in field (Enter in a field does the same).</source>
        <translation>Show the entries that match every filled-in field (Enter in a field does the same).</translation>
    </message>
    <message>
        <source>Clear the filter</source>
        <translation>Clear the filter</translation>
    </message>
    <message>
        <source>Audit entries</source>
        <translation>Audit entries</translation>
    </message>
    <message>
        <source>Selected audit entry</source>
        <translation>Selected audit entry</translation>
    </message>
    <message>
        <source>Select an entry to see all of it: the request, the state before and after, and its place in the hash chain.</source>
        <translation>Select an entry to see all of it: the request, the state before and after, and its place in the hash chain.</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Verify chain</translation>
    </message>
    <message>
        <source>Recompute every entry&apos;s hash and its link to the one before: proves the log has not been altered.</source>
        <translation>Recompute every entry&apos;s hash and its link to the one before: proves the log has not been altered.</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Save the entries shown as a CSV file for spreadsheets.</source>
        <translation>Save the entries shown as a CSV file for spreadsheets.</translation>
    </message>
    <message>
        <source>&amp;Operator:</source>
        <translation>&amp;Operator:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;User:</translation>
    </message>
    <message>
        <source>&amp;Action contains:</source>
        <translation>&amp;Action contains:</translation>
    </message>
    <message>
        <source>The audit log could not be read: %1</source>
        <translation>The audit log could not be read: %1</translation>
    </message>
    <message>
        <source>Entries shown: %1 (newest first)</source>
        <translation>Entries shown: %1 (newest first)</translation>
    </message>
    <message>
        <source>No entries to export: change the filter.</source>
        <translation>No entries to export: change the filter.</translation>
    </message>
    <message>
        <source>Entry #%1 at %2 by %3 (%4)</source>
        <translation>Entry #%1 at %2 by %3 (%4)</translation>
    </message>
    <message>
        <source>Event: %1   Action: %2   Provider: %3</source>
        <translation>Event: %1   Action: %2   Provider: %3</translation>
    </message>
    <message>
        <source>Action id: #%1</source>
        <translation>Action id: #%1</translation>
    </message>
    <message>
        <source>Users: %1</source>
        <translation>Users: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>Outcome: %1</source>
        <translation>Outcome: %1</translation>
    </message>
    <message>
        <source>Request: %1</source>
        <translation>Request: %1</translation>
    </message>
    <message>
        <source>Before: %1</source>
        <translation>Before: %1</translation>
    </message>
    <message>
        <source>After: %1</source>
        <translation>After: %1</translation>
    </message>
    <message>
        <source>Hash: %1</source>
        <translation>Hash: %1</translation>
    </message>
    <message>
        <source>Previous hash: %1</source>
        <translation>Previous hash: %1</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>Export the audit log</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>The export failed: %1</translation>
    </message>
    <message>
        <source>Exported %1 entries to %2.</source>
        <translation>Exported %1 entries to %2.</translation>
    </message>
    <message>
        <source>Chain verified: %1 entries. Every hash and every link is intact.</source>
        <translation>Chain verified: %1 entries. Every hash and every link is intact.</translation>
    </message>
    <message>
        <source>Broken at entry %1: %2. The log has been altered or damaged from that entry on; keep a copy of the store and tell your security team.</source>
        <translation>Broken at entry %1: %2. The log has been altered or damaged from that entry on; keep a copy of the store and tell your security team.</translation>
    </message>
</context>
<context>
    <name>BulkCommand</name>
    <message>
        <source>usage: bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency 1..64]</source>
        <translation>usage: bulk FILE.csv [--dry-run] [--reason TEXT] [--concurrency 1..64]</translation>
    </message>
    <message>
        <source>no row is valid, so nothing was submitted</source>
        <translation>no row is valid, so nothing was submitted</translation>
    </message>
    <message numerus="yes">
        <source>%n valid row(s), </source>
        <translation>
            <numerusform>%n valid row, </numerusform>
            <numerusform>%n valid rows, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid row(s).</source>
        <translation>
            <numerusform>%n invalid row.</numerusform>
            <numerusform>%n invalid rows.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run: nothing was sent or stored.</source>
        <translation>Dry run: nothing was sent or stored.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is waiting for a supervisor&apos;s approval (approvals approve %1); invalid rows will not be sent.</source>
        <translation>Bulk job #%1 is waiting for a supervisor&apos;s approval (approvals approve %1); invalid rows will not be sent.</translation>
    </message>
    <message>
        <source>%1 has no rows under its header: there is nothing to check or submit.</source>
        <translation>%1 has no rows under its header: there is nothing to check or submit.</translation>
    </message>
</context>
<context>
    <name>BulkCsvParser</name>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>Cannot read %1: %2.</translation>
    </message>
    <message>
        <source>The file is empty: it needs the header row %1.</source>
        <translation>The file is empty: it needs the header row %1.</translation>
    </message>
    <message>
        <source>Line %1: the header row must be exactly %2 (it is %3).</source>
        <translation>Line %1: the header row must be exactly %2 (it is %3).</translation>
    </message>
    <message numerus="yes">
        <source>%n cells instead of 5 (provider,action,user_id,params,reason); quote a cell that holds a comma.</source>
        <translation>
            <numerusform>%n cell instead of 5 (provider,action,user_id,params,reason); quote a cell that holds a comma.</numerusform>
            <numerusform>%n cells instead of 5 (provider,action,user_id,params,reason); quote a cell that holds a comma.</numerusform>
        </translation>
    </message>
    <message>
        <source>A quoted cell is never closed.</source>
        <translation>A quoted cell is never closed.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an option of %2 %3.</source>
        <translation>&apos;%1&apos; is not an option of %2 %3.</translation>
    </message>
    <message>
        <source>%1 takes true or false (e.g. %1=false).</source>
        <translation>%1 takes true or false (e.g. %1=false).</translation>
    </message>
    <message>
        <source>%1 takes no value.</source>
        <translation>%1 takes no value.</translation>
    </message>
    <message>
        <source>Choose one of active=true|false, fraudulent=true|false, allow-reenroll, delete.</source>
        <translation>Choose one of active=true|false, fraudulent=true|false, allow-reenroll, delete.</translation>
    </message>
    <message>
        <source>One flag per row: %1 given.</source>
        <translation>One flag per row: %1 given.</translation>
    </message>
    <message>
        <source>A reset needs at least one field=PATH.</source>
        <translation>A reset needs at least one field=PATH.</translation>
    </message>
    <message>
        <source>%1 needs request=ID (the reset request&apos;s id).</source>
        <translation>%1 needs request=ID (the reset request&apos;s id).</translation>
    </message>
</context>
<context>
    <name>BulkDryRun</name>
    <message>
        <source>The Trust Swiftly workflows could not be read to check this row: %1</source>
        <translation>The Trust Swiftly workflows could not be read to check this row: %1</translation>
    </message>
    <message>
        <source>Unknown provider &apos;%1&apos; (known: %2).</source>
        <translation>Unknown provider &apos;%1&apos; (known: %2).</translation>
    </message>
    <message>
        <source>Unknown action &apos;%1&apos; for %2 (known: %3).</source>
        <translation>Unknown action &apos;%1&apos; for %2 (known: %3).</translation>
    </message>
    <message>
        <source>A reason is required for every row.</source>
        <translation>A reason is required for every row.</translation>
    </message>
    <message>
        <source>The Trust Swiftly workflows are not known.</source>
        <translation>The Trust Swiftly workflows are not known.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Trust Swiftly workflow (known: %2).</source>
        <translation>&apos;%1&apos; is not a Trust Swiftly workflow (known: %2).</translation>
    </message>
    <message>
        <source>The same action as line %1.</source>
        <translation>The same action as line %1.</translation>
    </message>
    <message>
        <source>The permissions of the provider login could not be read to check this row: %1</source>
        <translation>The permissions of the provider login could not be read to check this row: %1</translation>
    </message>
    <message>
        <source>What this row acts on could not be read to check it: %1</source>
        <translation>What this row acts on could not be read to check it: %1</translation>
    </message>
</context>
<context>
    <name>BulkJobDialog</name>
    <message>
        <source>&amp;Open CSV file…</source>
        <translation>&amp;Open CSV file…</translation>
    </message>
    <message>
        <source>No file chosen.</source>
        <translation>No file chosen.</translation>
    </message>
    <message>
        <source>C&amp;heck (dry run)</source>
        <translation>C&amp;heck (dry run)</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>&amp;Submit for approval</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>New bulk job</source>
        <translation>New bulk job</translation>
    </message>
    <message>
        <source>Preview of the rows</source>
        <translation>Preview of the rows</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>What will be sent / why not</source>
        <translation>What will be sent / why not</translation>
    </message>
    <message>
        <source>Trust Swiftly: re-verify (from=…;to=…)</source>
        <translation>Trust Swiftly: re-verify (from=…;to=…)</translation>
    </message>
    <message>
        <source>Smile ID: flag (active=false, fraudulent=true, allow-reenroll, delete)</source>
        <translation>Smile ID: flag (active=false, fraudulent=true, allow-reenroll, delete)</translation>
    </message>
    <message>
        <source>SmartID: un-enroll</source>
        <translation>SmartID: un-enroll</translation>
    </message>
    <message>
        <source>SDK.Finance: reset (field=…;field=…)</source>
        <translation>SDK.Finance: reset (field=…;field=…)</translation>
    </message>
    <message>
        <source>e.g. from=flow_MzA;to=flow_Mjk</source>
        <translation>e.g. from=flow_MzA;to=flow_Mjk</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>&amp;Action for selected users:</source>
        <translation>&amp;Action for selected users:</translation>
    </message>
    <message>
        <source>&amp;Parameters:</source>
        <translation>&amp;Parameters:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Open bulk job file</source>
        <translation>Open bulk job file</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
    <message>
        <source>selection</source>
        <translation>selection</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) selected in the search table</source>
        <translation>
            <numerusform>%n user selected in the search table</numerusform>
            <numerusform>%n users selected in the search table</numerusform>
        </translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>invalid</translation>
    </message>
    <message numerus="yes">
        <source>%n valid row(s) will be sent after a supervisor approves the job; </source>
        <translation>
            <numerusform>%n valid row will be sent after a supervisor approves the job; </numerusform>
            <numerusform>%n valid rows will be sent after a supervisor approves the job; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n invalid row(s) will not be sent. Nothing has been sent yet.</source>
        <translation>
            <numerusform>%n invalid row will not be sent. Nothing has been sent yet.</numerusform>
            <numerusform>%n invalid rows will not be sent. Nothing has been sent yet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk job #%1 is waiting for a supervisor&apos;s approval (Approvals tab). Nothing has been sent yet.</source>
        <translation>Bulk job #%1 is waiting for a supervisor&apos;s approval (Approvals tab). Nothing has been sent yet.</translation>
    </message>
    <message>
        <source>Check the rows first (dry run).</source>
        <translation>Check the rows first (dry run).</translation>
    </message>
    <message>
        <source>this person has no known id at %1 (link it in the subject index first)</source>
        <translation>this person has no known id at %1 (link it in the subject index first)</translation>
    </message>
    <message>
        <source>PRODUCTION — profile “%1”: once approved, every valid row changes a real person&apos;s record at the provider.</source>
        <translation>PRODUCTION — profile “%1”: once approved, every valid row changes a real person&apos;s record at the provider.</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message numerus="yes">
        <source>Bulk job: %n valid row(s) — %1.</source>
        <translation>
            <numerusform>Bulk job: %n valid row — %1.</numerusform>
            <numerusform>Bulk job: %n valid rows — %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Show &amp;invalid rows only</source>
        <translation>Show &amp;invalid rows only</translation>
    </message>
    <message numerus="yes">
        <source>Invalid: lines %1 and %n more.</source>
        <translation>
            <numerusform>Invalid: lines %1 and %n more.</numerusform>
            <numerusform>Invalid: lines %1 and %n more.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Invalid: line(s) %1.</source>
        <translation>
            <numerusform>Invalid: line %1.</numerusform>
            <numerusform>Invalid: lines %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkJobPrinter</name>
    <message>
        <source>done %1, already in state %2, rejected %3, unknown %4, remaining %5</source>
        <translation>done %1, already in state %2, rejected %3, unknown %4, remaining %5</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>line %1: %2</translation>
    </message>
    <message>
        <source>line %1: INVALID: %2</source>
        <translation>line %1: INVALID: %2</translation>
    </message>
    <message>
        <source>, cancelled %1 (never sent)</source>
        <translation>, cancelled %1 (never sent)</translation>
    </message>
</context>
<context>
    <name>BulkJobRunner</name>
    <message>
        <source>Bulk job #%1 is not approved (it is %2): a supervisor other than %3 must approve it first.</source>
        <translation>Bulk job #%1 is not approved (it is %2): a supervisor other than %3 must approve it first.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is %2: there is nothing left to run.</source>
        <translation>Bulk job #%1 is %2: there is nothing left to run.</translation>
    </message>
    <message>
        <source>Bulk job #%1 was started by another console at the same moment; it runs there. Look at it again in a moment.</source>
        <translation>Bulk job #%1 was started by another console at the same moment; it runs there. Look at it again in a moment.</translation>
    </message>
    <message>
        <source>%1 Nothing was processed for line %2; it waits with the other pending rows. Resume the job once the provider can be reached again.</source>
        <translation>%1 Nothing was processed for line %2; it waits with the other pending rows. Resume the job once the provider can be reached again.</translation>
    </message>
</context>
<context>
    <name>BulkJobService</name>
    <message>
        <source>Sign in first.</source>
        <translation>Sign in first.</translation>
    </message>
    <message>
        <source>Auditors can read everything but cannot request actions.</source>
        <translation>Auditors can read everything but cannot request actions.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>line %1: %2</translation>
    </message>
    <message>
        <source>No row of %1 is valid, so there is nothing to submit.</source>
        <translation>No row of %1 is valid, so there is nothing to submit.</translation>
    </message>
    <message numerus="yes">
        <source>Bulk job from %1: %n valid row(s)</source>
        <translation>
            <numerusform>Bulk job from %1: %n valid row</numerusform>
            <numerusform>Bulk job from %1: %n valid rows</numerusform>
        </translation>
    </message>
    <message>
        <source>Auditors cannot run bulk jobs.</source>
        <translation>Auditors cannot run bulk jobs.</translation>
    </message>
    <message>
        <source>Auditors cannot cancel bulk jobs.</source>
        <translation>Auditors cannot cancel bulk jobs.</translation>
    </message>
    <message>
        <source>Bulk job #%1 is already %2.</source>
        <translation>Bulk job #%1 is already %2.</translation>
    </message>
    <message>
        <source>Cannot create %1: %2. Check that the folder exists and is writable.</source>
        <translation>Cannot create %1: %2. Check that the folder exists and is writable.</translation>
    </message>
    <message>
        <source>Cannot save %1: %2. Check the disk space and try again.</source>
        <translation>Cannot save %1: %2. Check the disk space and try again.</translation>
    </message>
    <message numerus="yes">
        <source> (%n invalid, not sent)</source>
        <translation>
            <numerusform> (%n invalid, not sent)</numerusform>
            <numerusform> (%n invalid, not sent)</numerusform>
        </translation>
    </message>
    <message>
        <source>Bulk job #%1 is being run by another console (%2). Pause or resume it there; Cancel works from any console.</source>
        <translation>Bulk job #%1 is being run by another console (%2). Pause or resume it there; Cancel works from any console.</translation>
    </message>
    <message>
        <source>There is no bulk job #%1.</source>
        <translation>There is no bulk job #%1.</translation>
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
        <translation>Job</translation>
    </message>
    <message>
        <source>File</source>
        <translation>File</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Already</source>
        <translation>Already</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation>Invalid</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>ETA</translation>
    </message>
    <message>
        <source>approved, not started</source>
        <translation>approved, not started</translation>
    </message>
    <message>
        <source>paused in another console</source>
        <translation>paused in another console</translation>
    </message>
    <message>
        <source>running in another console</source>
        <translation>running in another console</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>Approved in a console that did not run it. Resume runs it here.</source>
        <translation>Approved in a console that did not run it. Resume runs it here.</translation>
    </message>
    <message>
        <source>The console that ran it stopped. Resume continues with the rows not yet sent; rows that were in flight are under Unresolved and are never sent again without a decision.</source>
        <translation>The console that ran it stopped. Resume continues with the rows not yet sent; rows that were in flight are under Unresolved and are never sent again without a decision.</translation>
    </message>
    <message numerus="yes">
        <source>Run by %1, last heard from %2. Pause or resume it there; Cancel job works from here too. If that console stops, the job is offered here (on another machine, %n minute(s) after it was last heard from).</source>
        <translation>
            <numerusform>Run by %1, last heard from %2. Pause or resume it there; Cancel job works from here too. If that console stops, the job is offered here (on another machine, %n minute after it was last heard from).</numerusform>
            <numerusform>Run by %1, last heard from %2. Pause or resume it there; Cancel job works from here too. If that console stops, the job is offered here (on another machine, %n minutes after it was last heard from).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BulkProgressLine</name>
    <message>
        <source>job #%1 %2/%3: %4</source>
        <translation>job #%1 %2/%3: %4</translation>
    </message>
    <message>
        <source>, ETA %1 s</source>
        <translation>, ETA %1 s</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>New password again</translation>
    </message>
    <message>
        <source>Change your password — IdentityDesk</source>
        <translation>Change your password — IdentityDesk</translation>
    </message>
    <message>
        <source>The new password is yours alone: the change is in the audit log, the password never.</source>
        <translation>The new password is yours alone: the change is in the audit log, the password never.</translation>
    </message>
    <message>
        <source>&amp;Current password of %1:</source>
        <translation>&amp;Current password of %1:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>New password &amp;again:</source>
        <translation>New password &amp;again:</translation>
    </message>
    <message>
        <source>&amp;Change password</source>
        <translation>&amp;Change password</translation>
    </message>
    <message>
        <source>Changing the password…</source>
        <translation>Changing the password…</translation>
    </message>
    <message>
        <source>Type your current password.</source>
        <translation>Type your current password.</translation>
    </message>
    <message numerus="yes">
        <source>The new password needs at least %n characters.</source>
        <translation>
            <numerusform>The new password needs at least %n characters.</numerusform>
            <numerusform>The new password needs at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Type the same new password twice.</source>
        <translation>Type the same new password twice.</translation>
    </message>
</context>
<context>
    <name>CheckpointKey</name>
    <message>
        <source>cannot make a signing key: %1</source>
        <translation>cannot make a signing key: %1</translation>
    </message>
    <message>
        <source>not an IdentityDesk signing key (expected %1 and 32 bytes in base64)</source>
        <translation>not an IdentityDesk signing key (expected %1 and 32 bytes in base64)</translation>
    </message>
    <message>
        <source>cannot read the signing key: %1</source>
        <translation>cannot read the signing key: %1</translation>
    </message>
    <message>
        <source>cannot sign the checkpoint: %1</source>
        <translation>cannot sign the checkpoint: %1</translation>
    </message>
</context>
<context>
    <name>CheckpointKeyFile</name>
    <message>
        <source>the checkpoint key %1: %2</source>
        <translation>the checkpoint key %1: %2</translation>
    </message>
    <message>
        <source>the file holds a private key and must be readable by its owner only (chmod 600 %1)</source>
        <translation>the file holds a private key and must be readable by its owner only (chmod 600 %1)</translation>
    </message>
</context>
<context>
    <name>CheckpointKeySecret</name>
    <message>
        <source>Cannot read the checkpoint signing key from %1: %2</source>
        <translation>Cannot read the checkpoint signing key from %1: %2</translation>
    </message>
    <message>
        <source>The checkpoint signing key in %1 is damaged: %2</source>
        <translation>The checkpoint signing key in %1 is damaged: %2</translation>
    </message>
    <message>
        <source>Cannot keep the new checkpoint signing key in %1: %2</source>
        <translation>Cannot keep the new checkpoint signing key in %1: %2</translation>
    </message>
</context>
<context>
    <name>CliApplication</name>
    <message>
        <source>no command given</source>
        <translation>no command given</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>unknown command &apos;%1&apos;</translation>
    </message>
</context>
<context>
    <name>CliCommand</name>
    <message>
        <source>action #%1 already does this to %2 at %3 and is %4: nothing was sent. Look at it first (approvals list, unresolved list); to send anyway, repeat with --despite %1.</source>
        <translation>action #%1 already does this to %2 at %3 and is %4: nothing was sent. Look at it first (approvals list, unresolved list); to send anyway, repeat with --despite %1.</translation>
    </message>
</context>
<context>
    <name>CliContext</name>
    <message>
        <source>this command needs a signed-in operator: give --operator NAME (the password comes from IDENTITYDESK_PASSWORD or a prompt)</source>
        <translation>this command needs a signed-in operator: give --operator NAME (the password comes from IDENTITYDESK_PASSWORD or a prompt)</translation>
    </message>
    <message>
        <source>Password for %1: </source>
        <translation>Password for %1: </translation>
    </message>
    <message numerus="yes">
        <source>%n interrupted action(s) moved to Unresolved: see &apos;unresolved list&apos;.</source>
        <translation>
            <numerusform>%n interrupted action moved to Unresolved: see &apos;unresolved list&apos;.</numerusform>
            <numerusform>%n interrupted actions moved to Unresolved: see &apos;unresolved list&apos;.</numerusform>
        </translation>
    </message>
    <message>
        <source>You signed in with a first password, which stops working at %1 (UTC). Choose your own now: identitydesk-cli operators password.</source>
        <translation>You signed in with a first password, which stops working at %1 (UTC). Choose your own now: identitydesk-cli operators password.</translation>
    </message>
</context>
<context>
    <name>ConnectionProfile</name>
    <message>
        <source>Connection profile %1: %2</source>
        <translation>Connection profile %1: %2</translation>
    </message>
    <message>
        <source>file not found</source>
        <translation>file not found</translation>
    </message>
    <message>
        <source>cannot read the file (%1)</source>
        <translation>cannot read the file (%1)</translation>
    </message>
    <message>
        <source>the file holds secrets and must be readable by its owner only (chmod 600 %1)</source>
        <translation>the file holds secrets and must be readable by its owner only (chmod 600 %1)</translation>
    </message>
    <message>
        <source>not valid JSON at offset %1 (%2)</source>
        <translation>not valid JSON at offset %1 (%2)</translation>
    </message>
    <message>
        <source>the top level must be a JSON object</source>
        <translation>the top level must be a JSON object</translation>
    </message>
    <message>
        <source>field &apos;ca_file&apos;: cannot read %1 (%2)</source>
        <translation>field &apos;ca_file&apos;: cannot read %1 (%2)</translation>
    </message>
    <message>
        <source>field &apos;ca_file&apos;: %1 holds no PEM certificate</source>
        <translation>field &apos;ca_file&apos;: %1 holds no PEM certificate</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is missing</source>
        <translation>field &apos;%1&apos; is missing</translation>
    </message>
    <message>
        <source> (or set %1)</source>
        <translation> (or set %1)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be a string</source>
        <translation>field &apos;%1&apos; must be a string</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is empty</source>
        <translation>field &apos;%1&apos; is empty</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not a valid URL: %2</source>
        <translation>field &apos;%1&apos; is not a valid URL: %2</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be an https:// URL (got %2)</source>
        <translation>field &apos;%1&apos; must be an https:// URL (got %2)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must not carry a query or fragment</source>
        <translation>field &apos;%1&apos; must not carry a query or fragment</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be an object</source>
        <translation>field &apos;%1&apos; must be an object</translation>
    </message>
    <message>
        <source>field &apos;environment&apos; must be &quot;test&quot; or &quot;production&quot;</source>
        <translation>field &apos;environment&apos; must be &quot;test&quot; or &quot;production&quot;</translation>
    </message>
    <message>
        <source>no provider is configured (add a %1 or %2 section)</source>
        <translation>no provider is configured (add a %1 or %2 section)</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; must be &quot;test&quot; or &quot;production&quot;</source>
        <translation>field &apos;%1&apos; must be &quot;test&quot; or &quot;production&quot;</translation>
    </message>
</context>
<context>
    <name>ConnectionTester</name>
    <message>
        <source>Trust Swiftly accepted the API key (the verification templates were read).</source>
        <translation>Trust Swiftly accepted the API key (the verification templates were read).</translation>
    </message>
    <message>
        <source>SDK.Finance accepted the login and password.</source>
        <translation>SDK.Finance accepted the login and password.</translation>
    </message>
    <message>
        <source>The profile has no %1 section to test.</source>
        <translation>The profile has no %1 section to test.</translation>
    </message>
</context>
<context>
    <name>ConsoleCheckpointer</name>
    <message>
        <source>Audit checkpoint signed at entry %1.</source>
        <translation>Audit checkpoint signed at entry %1.</translation>
    </message>
    <message>
        <source>A checkpoint is being signed already.</source>
        <translation>A checkpoint is being signed already.</translation>
    </message>
    <message>
        <source>No keychain for the checkpoint key: no checkpoint was signed.</source>
        <translation>No keychain for the checkpoint key: no checkpoint was signed.</translation>
    </message>
    <message>
        <source>The checkpoint key could not be read from the keychain: %1</source>
        <translation>The checkpoint key could not be read from the keychain: %1</translation>
    </message>
</context>
<context>
    <name>ConsoleLauncher</name>
    <message>
        <source>unknown error</source>
        <translation>unknown error</translation>
    </message>
    <message>
        <source>Starting the demo sandbox…</source>
        <translation>Starting the demo sandbox…</translation>
    </message>
    <message>
        <source>Creating the demo operators…</source>
        <translation>Creating the demo operators…</translation>
    </message>
    <message>
        <source>The demo operators could not be created: %1</source>
        <translation>The demo operators could not be created: %1</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 or %2</translation>
    </message>
</context>
<context>
    <name>DemoOperators</name>
    <message>
        <source>Demo mode</source>
        <translation>Demo mode</translation>
    </message>
</context>
<context>
    <name>DemoSandbox</name>
    <message>
        <source>The demo sandbox (%1) could not be started: %2. Reinstall IdentityDesk or start it with --profile FILE instead.</source>
        <translation>The demo sandbox (%1) could not be started: %2. Reinstall IdentityDesk or start it with --profile FILE instead.</translation>
    </message>
    <message>
        <source>The demo sandbox stopped before it was ready (exit %1%2): %3</source>
        <translation>The demo sandbox stopped before it was ready (exit %1%2): %3</translation>
    </message>
    <message>
        <source>, crashed</source>
        <translation>, crashed</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder for the demo sandbox: %1</source>
        <translation>Cannot create a temporary folder for the demo sandbox: %1</translation>
    </message>
</context>
<context>
    <name>FederatedSearchCommand</name>
    <message>
        <source>SUBJECT</source>
        <translation>SUBJECT</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>E-MAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>FOUND IN</source>
        <translation>FOUND IN</translation>
    </message>
    <message>
        <source>index</source>
        <translation>index</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s)</source>
        <translation>
            <numerusform>%n person(s)</numerusform>
            <numerusform>%n person(s)</numerusform>
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
        <translation>Local index</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Known to</source>
        <translation>Known to</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
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
        <translation>&amp;Try the demo</translation>
    </message>
    <message>
        <source>&amp;Connect to my providers</source>
        <translation>&amp;Connect to my providers</translation>
    </message>
    <message>
        <source>Welcome to IdentityDesk</source>
        <translation>Welcome to IdentityDesk</translation>
    </message>
    <message>
        <source>Starts a local sandbox that emulates all four providers, with demo operators and made-up people. Nothing leaves this computer.</source>
        <translation>Starts a local sandbox that emulates all four providers, with demo operators and made-up people. Nothing leaves this computer.</translation>
    </message>
    <message>
        <source>Opens the profile editor: add a profile per tenant (e.g. “Acme test” and “Acme production”), with each provider&apos;s address and credentials. Keys and passwords are kept in the system keychain. Use Test connection to check each one.</source>
        <translation>Opens the profile editor: add a profile per tenant (e.g. “Acme test” and “Acme production”), with each provider&apos;s address and credentials. Keys and passwords are kept in the system keychain. Use Test connection to check each one.</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>An operator console for %1.</source>
        <translation>An operator console for %1.</translation>
    </message>
</context>
<context>
    <name>GovernanceChange</name>
    <message>
        <source>Action is not a change of the rules.</source>
        <translation>Action is not a change of the rules.</translation>
    </message>
    <message>
        <source>The stored policy change is not readable.</source>
        <translation>The stored policy change is not readable.</translation>
    </message>
    <message>
        <source>The policy change names the rule “%1”, which cannot be changed.</source>
        <translation>The policy change names the rule “%1”, which cannot be changed.</translation>
    </message>
    <message>
        <source>The policy change sets “%1” to %2, which is not allowed.</source>
        <translation>The policy change sets “%1” to %2, which is not allowed.</translation>
    </message>
    <message>
        <source>The stored role change is not readable.</source>
        <translation>The stored role change is not readable.</translation>
    </message>
    <message>
        <source>Unknown change of the rules “%1”.</source>
        <translation>Unknown change of the rules “%1”.</translation>
    </message>
    <message>
        <source>“%1” has changed since this was requested: request the change again.</source>
        <translation>“%1” has changed since this was requested: request the change again.</translation>
    </message>
    <message>
        <source>Make %1 a %2 (now %3)</source>
        <translation>Make %1 a %2 (now %3)</translation>
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
        <translation>Change the approval policy: %1</translation>
    </message>
</context>
<context>
    <name>GovernanceService</name>
    <message>
        <source>Only supervisors can request a change of the policy.</source>
        <translation>Only supervisors can request a change of the policy.</translation>
    </message>
    <message>
        <source>Nothing changed: the policy already is what you ask for.</source>
        <translation>Nothing changed: the policy already is what you ask for.</translation>
    </message>
    <message>
        <source>Only a supervisor can change an operator&apos;s role.</source>
        <translation>Only a supervisor can change an operator&apos;s role.</translation>
    </message>
    <message>
        <source>You cannot change your own role: another supervisor must do it.</source>
        <translation>You cannot change your own role: another supervisor must do it.</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>There is no operator named “%1”.</translation>
    </message>
    <message>
        <source>Operator “%1” is deactivated: reactivate the account first.</source>
        <translation>Operator “%1” is deactivated: reactivate the account first.</translation>
    </message>
    <message>
        <source>Operator “%1” already is a %2.</source>
        <translation>Operator “%1” already is a %2.</translation>
    </message>
    <message>
        <source>“%1” is the last active supervisor: make another operator a supervisor first.</source>
        <translation>“%1” is the last active supervisor: make another operator a supervisor first.</translation>
    </message>
    <message>
        <source>In effect since its approval by %1.</source>
        <translation>In effect since its approval by %1.</translation>
    </message>
    <message>
        <source>This team store enforces its rules in PostgreSQL, where a policy change under four eyes is not available yet: ask the database administrator.</source>
        <translation>This team store enforces its rules in PostgreSQL, where a policy change under four eyes is not available yet: ask the database administrator.</translation>
    </message>
</context>
<context>
    <name>HttpClient</name>
    <message>
        <source>no answer within %1 s</source>
        <translation>no answer within %1 s</translation>
    </message>
    <message>
        <source>the connection closed before the provider answered</source>
        <translation>the connection closed before the provider answered</translation>
    </message>
    <message>
        <source>malformed JSON at offset %1 (%2)</source>
        <translation>malformed JSON at offset %1 (%2)</translation>
    </message>
    <message>
        <source>%1 (the server may offer only protocol versions or ciphers older than TLS 1.2, which are refused)</source>
        <translation>%1 (the server may offer only protocol versions or ciphers older than TLS 1.2, which are refused)</translation>
    </message>
    <message>
        <source>pinned key mismatch: expected %1, the server presented %2</source>
        <translation>pinned key mismatch: expected %1, the server presented %2</translation>
    </message>
    <message>
        <source> or </source>
        <translation> or </translation>
    </message>
    <message>
        <source>no certificate</source>
        <translation>no certificate</translation>
    </message>
</context>
<context>
    <name>ImportProgressLine</name>
    <message>
        <source>%1: %2 of %3</source>
        <translation>%1: %2 of %3</translation>
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
        <translation>new</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source>conflicting</source>
        <translation>conflicting</translation>
    </message>
    <message>
        <source>bad</source>
        <translation>bad</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Import subjects — %1</source>
        <translation>Import subjects — %1</translation>
    </message>
    <message>
        <source>Dry run of %1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad.</source>
        <translation>Dry run of %1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad.</translation>
    </message>
    <message>
        <source>Nothing can be imported until every bad or conflicting line is fixed.</source>
        <translation>Nothing can be imported until every bad or conflicting line is fixed.</translation>
    </message>
    <message>
        <source>Rows of the file</source>
        <translation>Rows of the file</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Problems / ids</source>
        <translation>Problems / ids</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>why the index changes (audited)</source>
        <translation>why the index changes (audited)</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>The file has bad or conflicting lines; fix them and import again.</source>
        <translation>The file has bad or conflicting lines; fix them and import again.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Enter a reason.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Checking %1…</source>
        <translation>Checking %1…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Writing subjects: %1 of %2</source>
        <translation>Writing subjects: %1 of %2</translation>
    </message>
    <message>
        <source>Checking rows: %1 of %2</source>
        <translation>Checking rows: %1 of %2</translation>
    </message>
    <message>
        <source>The first %1 rows are listed, problems first.</source>
        <translation>The first %1 rows are listed, problems first.</translation>
    </message>
    <message>
        <source>The import is running.</source>
        <translation>The import is running.</translation>
    </message>
    <message>
        <source>The file is being checked.</source>
        <translation>The file is being checked.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Stop: nothing is written.</source>
        <translation>Stop: nothing is written.</translation>
    </message>
</context>
<context>
    <name>InMemorySecretStore</name>
    <message>
        <source>this session only (forgotten when IdentityDesk closes)</source>
        <translation>this session only (forgotten when IdentityDesk closes)</translation>
    </message>
</context>
<context>
    <name>IndexSearchSource</name>
    <message>
        <source>Local index</source>
        <translation>Local index</translation>
    </message>
    <message>
        <source>search the subject index</source>
        <translation>search the subject index</translation>
    </message>
</context>
<context>
    <name>JobsCommand</name>
    <message>
        <source>%1 rows (%2 invalid)</source>
        <translation>%1 rows (%2 invalid)</translation>
    </message>
    <message>
        <source>No bulk jobs.</source>
        <translation>No bulk jobs.</translation>
    </message>
    <message>
        <source>Bulk job #%1 %2: %3.</source>
        <translation>Bulk job #%1 %2: %3.</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with an unknown outcome are listed under &apos;unresolved list&apos;.</source>
        <translation>
            <numerusform>%n row with an unknown outcome is listed under &apos;unresolved list&apos;.</numerusform>
            <numerusform>%n rows with an unknown outcome are listed under &apos;unresolved list&apos;.</numerusform>
        </translation>
    </message>
    <message>
        <source>Results of bulk job #%1 written to %2.</source>
        <translation>Results of bulk job #%1 written to %2.</translation>
    </message>
    <message>
        <source>Stopped: the rows in flight are listed under &apos;unresolved list&apos; from now on.</source>
        <translation>Stopped: the rows in flight are listed under &apos;unresolved list&apos; from now on.</translation>
    </message>
    <message>
        <source>interrupted from the terminal</source>
        <translation>interrupted from the terminal</translation>
    </message>
    <message numerus="yes">
        <source>Pausing bulk job #%1: no further row is sent; waiting for the %n row(s) in flight to be answered and recorded (Ctrl-C again stops at once). Resume it with: jobs resume %1</source>
        <translation>
            <numerusform>Pausing bulk job #%1: no further row is sent; waiting for the %n row in flight to be answered and recorded (Ctrl-C again stops at once). Resume it with: jobs resume %1</numerusform>
            <numerusform>Pausing bulk job #%1: no further row is sent; waiting for the %n rows in flight to be answered and recorded (Ctrl-C again stops at once). Resume it with: jobs resume %1</numerusform>
        </translation>
    </message>
    <message>
        <source>usage: jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv</source>
        <translation>usage: jobs list | jobs show ID | jobs resume ID | jobs cancel ID | jobs export ID FILE.csv</translation>
    </message>
    <message>
        <source>There is no bulk job #%1. &apos;jobs list&apos; shows the jobs.</source>
        <translation>There is no bulk job #%1. &apos;jobs list&apos; shows the jobs.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>line %1</translation>
    </message>
    <message>
        <source>action #%1</source>
        <translation>action #%1</translation>
    </message>
</context>
<context>
    <name>JobsView</name>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>Res&amp;ume</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>&amp;Cancel job</translation>
    </message>
    <message>
        <source>E&amp;xport results…</source>
        <translation>E&amp;xport results…</translation>
    </message>
    <message>
        <source>Bulk jobs</source>
        <translation>Bulk jobs</translation>
    </message>
    <message>
        <source>Progress of the selected bulk job</source>
        <translation>Progress of the selected bulk job</translation>
    </message>
    <message>
        <source>Start no new rows; the rows already sent finish and are recorded.</source>
        <translation>Start no new rows; the rows already sent finish and are recorded.</translation>
    </message>
    <message>
        <source>Cancel the rows not yet sent; the rows already sent finish and are recorded.</source>
        <translation>Cancel the rows not yet sent; the rows already sent finish and are recorded.</translation>
    </message>
    <message>
        <source>The bulk jobs could not be read: %1</source>
        <translation>The bulk jobs could not be read: %1</translation>
    </message>
    <message>
        <source>Interrupted bulk jobs could not be looked for: %1</source>
        <translation>Interrupted bulk jobs could not be looked for: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n bulk job(s) stopped before finishing (%1), </source>
        <translation>
            <numerusform>%n bulk job stopped before finishing (%1), </numerusform>
            <numerusform>%n bulk jobs stopped before finishing (%1), </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n row(s) not yet sent. Rows that were in flight are under Unresolved.</source>
        <translation>
            <numerusform>with %n row not yet sent. Rows that were in flight are under Unresolved.</numerusform>
            <numerusform>with %n rows not yet sent. Rows that were in flight are under Unresolved.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Resume</translation>
    </message>
    <message>
        <source>No bulk job selected. Start one with File &gt; New bulk job.</source>
        <translation>No bulk job selected. Start one with File &gt; New bulk job.</translation>
    </message>
    <message>
        <source>Job #%1 (%2): done %3, already in state %4, rejected %5, unknown %6, remaining %7, invalid %8.</source>
        <translation>Job #%1 (%2): done %3, already in state %4, rejected %5, unknown %6, remaining %7, invalid %8.</translation>
    </message>
    <message numerus="yes">
        <source>About %n second(s) left.</source>
        <translation>
            <numerusform>About %n second left.</numerusform>
            <numerusform>About %n seconds left.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>Stopped: %1</translation>
    </message>
    <message>
        <source>Waiting for a supervisor other than %1 to approve it (Approvals tab).</source>
        <translation>Waiting for a supervisor other than %1 to approve it (Approvals tab).</translation>
    </message>
    <message>
        <source>The results of job #%1 were saved to %2.</source>
        <translation>The results of job #%1 were saved to %2.</translation>
    </message>
    <message>
        <source>Export results of job #%1</source>
        <translation>Export results of job #%1</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) cancelled, never sent.</source>
        <translation>
            <numerusform>%n row cancelled, never sent.</numerusform>
            <numerusform>%n rows cancelled, never sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected by %1: nothing was sent.</source>
        <translation>Rejected by %1: nothing was sent.</translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>the system keychain</source>
        <translation>the system keychain</translation>
    </message>
</context>
<context>
    <name>LinkSubjectDialog</name>
    <message>
        <source>Link to subject</source>
        <translation>Link to subject</translation>
    </message>
    <message>
        <source>These records will belong to the subject:
%1</source>
        <translation>These records will belong to the subject:
%1</translation>
    </message>
    <message>
        <source>Subject reference</source>
        <translation>Subject reference</translation>
    </message>
    <message>
        <source>customer or case number, e.g. CUST-000123</source>
        <translation>customer or case number, e.g. CUST-000123</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>why these records are one person (audited)</source>
        <translation>why these records are one person (audited)</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>&amp;Link</translation>
    </message>
    <message>
        <source>&amp;Subject reference:</source>
        <translation>&amp;Subject reference:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Enter the subject reference and a reason.</source>
        <translation>Enter the subject reference and a reason.</translation>
    </message>
    <message>
        <source>%1 user id</source>
        <translation>%1 user id</translation>
    </message>
    <message>
        <source>the id %1 knows this person by</source>
        <translation>the id %1 knows this person by</translation>
    </message>
    <message>
        <source>%1 &amp;user id:</source>
        <translation>%1 &amp;user id:</translation>
    </message>
    <message>
        <source>Link a %1 user id</source>
        <translation>Link a %1 user id</translation>
    </message>
</context>
<context>
    <name>LinkSuggestionsDialog</name>
    <message>
        <source>&amp;Confirm link</source>
        <translation>&amp;Confirm link</translation>
    </message>
    <message>
        <source>Possible links</source>
        <translation>Possible links</translation>
    </message>
    <message>
        <source>These records look like the same person but are not linked in the index. Confirm only what you have checked.</source>
        <translation>These records look like the same person but are not linked in the index. Confirm only what you have checked.</translation>
    </message>
    <message>
        <source>Suggested links</source>
        <translation>Suggested links</translation>
    </message>
    <message>
        <source>Subject reference</source>
        <translation>Subject reference</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>why these records are one person (audited)</source>
        <translation>why these records are one person (audited)</translation>
    </message>
    <message>
        <source>&amp;Subject reference:</source>
        <translation>&amp;Subject reference:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>same e-mail %1</source>
        <translation>same e-mail %1</translation>
    </message>
    <message>
        <source>same phone %1</source>
        <translation>same phone %1</translation>
    </message>
    <message>
        <source>%1 and %2 (%3)</source>
        <translation>%1 and %2 (%3)</translation>
    </message>
    <message>
        <source>%1 (subject %2) and %3 (%4)</source>
        <translation>%1 (subject %2) and %3 (%4)</translation>
    </message>
    <message>
        <source>Choose a suggestion.</source>
        <translation>Choose a suggestion.</translation>
    </message>
    <message>
        <source>Neither record belongs to a subject yet: enter the subject reference.</source>
        <translation>Neither record belongs to a subject yet: enter the subject reference.</translation>
    </message>
    <message>
        <source>Enter a reason.</source>
        <translation>Enter a reason.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
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
        <translation>Not connected. Start with --demo, or open a connection profile with --profile FILE.</translation>
    </message>
    <message>
        <source>Console sections</source>
        <translation>Console sections</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <source>Unresolved</source>
        <translation>Unresolved</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Audit</translation>
    </message>
    <message>
        <source>Search users and act on them (Ctrl+1)</source>
        <translation>Search users and act on them (Ctrl+1)</translation>
    </message>
    <message>
        <source>Actions waiting for a supervisor&apos;s decision (Ctrl+2)</source>
        <translation>Actions waiting for a supervisor&apos;s decision (Ctrl+2)</translation>
    </message>
    <message>
        <source>Actions whose outcome is unknown (Ctrl+3)</source>
        <translation>Actions whose outcome is unknown (Ctrl+3)</translation>
    </message>
    <message>
        <source>The tamper-evident audit log (Ctrl+4)</source>
        <translation>The tamper-evident audit log (Ctrl+4)</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Signed in as %1 (%2)</translation>
    </message>
    <message>
        <source>Search users by name, e-mail or reference  (Ctrl+F)</source>
        <translation>Search users by name, e-mail or reference  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search users</source>
        <translation>Search users</translation>
    </message>
    <message>
        <source>Type part of a name, e-mail address or reference; results appear below.</source>
        <translation>Type part of a name, e-mail address or reference; results appear below.</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Search status</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Search results</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Find users</source>
        <translation>&amp;Find users</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Go to &amp;results</source>
        <translation>Go to &amp;results</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Users</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <translation>&amp;Approvals</translation>
    </message>
    <message>
        <source>U&amp;nresolved</source>
        <translation>U&amp;nresolved</translation>
    </message>
    <message>
        <source>Au&amp;dit log</source>
        <translation>Au&amp;dit log</translation>
    </message>
    <message>
        <source>&amp;Governance</source>
        <translation>&amp;Governance</translation>
    </message>
    <message>
        <source>&amp;Policy…</source>
        <translation>&amp;Policy…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>Close this console and sign in again, e.g. as another operator.</source>
        <translation>Close this console and sign in again, e.g. as another operator.</translation>
    </message>
    <message>
        <source>Profile: %1</source>
        <translation>Profile: %1</translation>
    </message>
    <message>
        <source>PRODUCTION</source>
        <translation>PRODUCTION</translation>
    </message>
    <message>
        <source>Test environment</source>
        <translation>Test environment</translation>
    </message>
    <message>
        <source>Actions interrupted by a stopped console could not be looked for: %1</source>
        <translation>Actions interrupted by a stopped console could not be looked for: %1</translation>
    </message>
    <message>
        <source>A console stopped while sending: %1 of its actions may or may not have been processed and are now listed under Unresolved (%2 in all). Check them at the provider and resolve them.</source>
        <translation>A console stopped while sending: %1 of its actions may or may not have been processed and are now listed under Unresolved (%2 in all). Check them at the provider and resolve them.</translation>
    </message>
    <message>
        <source>Show &amp;Unresolved</source>
        <translation>Show &amp;Unresolved</translation>
    </message>
    <message>
        <source>Approvals (%1)</source>
        <translation>Approvals (%1)</translation>
    </message>
    <message>
        <source>Unresolved (%1)</source>
        <translation>Unresolved (%1)</translation>
    </message>
    <message>
        <source>Type part of a name, e-mail address or reference to search %1.</source>
        <translation>Type part of a name, e-mail address or reference to search %1.</translation>
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
        <translation>&amp;Theme</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>Follow the &amp;system</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Light</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dark</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About IdentityDesk</source>
        <translation>&amp;About IdentityDesk</translation>
    </message>
    <message>
        <source>User details</source>
        <translation>User details</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Jobs</translation>
    </message>
    <message>
        <source>New &amp;bulk job from a CSV file…</source>
        <translation>New &amp;bulk job from a CSV file…</translation>
    </message>
    <message>
        <source>Bulk job for the &amp;selected users…</source>
        <translation>Bulk job for the &amp;selected users…</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Jobs</translation>
    </message>
    <message>
        <source>Open a connection profile first: bulk jobs need the providers&apos; connections.</source>
        <translation>Open a connection profile first: bulk jobs need the providers&apos; connections.</translation>
    </message>
    <message>
        <source>[PRODUCTION] IdentityDesk — %1 — %2</source>
        <translation>[PRODUCTION] IdentityDesk — %1 — %2</translation>
    </message>
    <message>
        <source>Filter the results shown</source>
        <translation>Filter the results shown</translation>
    </message>
    <message>
        <source>Filter results</source>
        <translation>Filter results</translation>
    </message>
    <message>
        <source>Show results known to</source>
        <translation>Show results known to</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>All providers</translation>
    </message>
    <message>
        <source>Auditors can read the subject index but not change it.</source>
        <translation>Auditors can read the subject index but not change it.</translation>
    </message>
    <message>
        <source>Su&amp;bjects</source>
        <translation>Su&amp;bjects</translation>
    </message>
    <message>
        <source>&amp;Import subjects…</source>
        <translation>&amp;Import subjects…</translation>
    </message>
    <message>
        <source>Read a subjects CSV, check it and import it (all rows or none).</source>
        <translation>Read a subjects CSV, check it and import it (all rows or none).</translation>
    </message>
    <message>
        <source>&amp;Link to subject…</source>
        <translation>&amp;Link to subject…</translation>
    </message>
    <message>
        <source>Link the selected person&apos;s records to a subject reference.</source>
        <translation>Link the selected person&apos;s records to a subject reference.</translation>
    </message>
    <message>
        <source>&amp;Review possible links…</source>
        <translation>&amp;Review possible links…</translation>
    </message>
    <message numerus="yes">
        <source>Searching for “%1”… %n person(s) so far.</source>
        <translation>
            <numerusform>Searching for “%1”… %n person so far.</numerusform>
            <numerusform>Searching for “%1”… %n people so far.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches “%1” in any source. Check the spelling or search by e-mail.</source>
        <translation>Nothing matches “%1” in any source. Check the spelling or search by e-mail.</translation>
    </message>
    <message numerus="yes">
        <source>Matches for “%1”: %n person(s), %2 shown.</source>
        <translation>
            <numerusform>Matches for “%1”: %n person, %2 shown.</numerusform>
            <numerusform>Matches for “%1”: %n people, %2 shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>same e-mail</source>
        <translation>same e-mail</translation>
    </message>
    <message>
        <source>same phone</source>
        <translation>same phone</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) of records look like the same person (%1 %2)… They are not linked.</source>
        <translation>
            <numerusform>%n pair of records looks like the same person (%1 %2)… It is not linked.</numerusform>
            <numerusform>%n pairs of records look like the same person (%1 %2)… They are not linked.</numerusform>
        </translation>
    </message>
    <message>
        <source>Re&amp;view…</source>
        <translation>Re&amp;view…</translation>
    </message>
    <message>
        <source>The records are now linked to subject %1; the change is in the audit log.</source>
        <translation>The records are now linked to subject %1; the change is in the audit log.</translation>
    </message>
    <message>
        <source>Select a person in the results first.</source>
        <translation>Select a person in the results first.</translation>
    </message>
    <message>
        <source>Linked to subject %1; the change is in the audit log.</source>
        <translation>Linked to subject %1; the change is in the audit log.</translation>
    </message>
    <message>
        <source>Import subjects</source>
        <translation>Import subjects</translation>
    </message>
    <message>
        <source>Subjects CSV (*.csv);;All files (*)</source>
        <translation>Subjects CSV (*.csv);;All files (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n subject(s) imported or updated; the import is in the audit log.</source>
        <translation>
            <numerusform>%n subject imported or updated; the import is in the audit log.</numerusform>
            <numerusform>%n subjects imported or updated; the import is in the audit log.</numerusform>
        </translation>
    </message>
    <message>
        <source>The connection profile %1 has no provider that can search users. Add a &apos;%2&apos; section.</source>
        <translation>The connection profile %1 has no provider that can search users. Add a &apos;%2&apos; section.</translation>
    </message>
    <message>
        <source>Op&amp;erators…</source>
        <translation>Op&amp;erators…</translation>
    </message>
    <message>
        <source>Who may sign in; supervisors deactivate and reactivate operators here.</source>
        <translation>Who may sign in; supervisors deactivate and reactivate operators here.</translation>
    </message>
    <message>
        <source>the console was closed or signed out</source>
        <translation>the console was closed or signed out</translation>
    </message>
    <message>
        <source>Read the policy, or request a change that a second supervisor approves.</source>
        <translation>Read the policy, or request a change that a second supervisor approves.</translation>
    </message>
    <message>
        <source>Read the policy: which actions need a supervisor&apos;s approval, and its times. Only supervisors can request a change.</source>
        <translation>Read the policy: which actions need a supervisor&apos;s approval, and its times. Only supervisors can request a change.</translation>
    </message>
    <message>
        <source>the console switched to the profile %1</source>
        <translation>the console switched to the profile %1</translation>
    </message>
    <message>
        <source>Policy change requested (action #%1): it takes effect when another supervisor approves it in Approvals.</source>
        <translation>Policy change requested (action #%1): it takes effect when another supervisor approves it in Approvals.</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <source>The user guide is not installed.</source>
        <translation>The user guide is not installed.</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Bulk jobs: progress, pause, resume, cancel, results (Ctrl+%1)</source>
        <translation>Bulk jobs: progress, pause, resume, cancel, results (Ctrl+%1)</translation>
    </message>
    <message>
        <source>%1 user id %2 is now linked to subject %3; the change is in the audit log.</source>
        <translation>%1 user id %2 is now linked to subject %3; the change is in the audit log.</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <source>Choose a new password for %1; the change is in the audit log.</source>
        <translation>Choose a new password for %1; the change is in the audit log.</translation>
    </message>
    <message>
        <source>You signed in with a first password, which stops working on %1. Choose your own now.</source>
        <translation>You signed in with a first password, which stops working on %1. Choose your own now.</translation>
    </message>
    <message>
        <source>Your first password stops working on %1.</source>
        <translation>Your first password stops working on %1.</translation>
    </message>
    <message>
        <source>Your password was changed: sign in with the new one.</source>
        <translation>Your password was changed: sign in with the new one.</translation>
    </message>
    <message>
        <source>Your password was changed; the change is in the audit log.</source>
        <translation>Your password was changed; the change is in the audit log.</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Dismiss message</translation>
    </message>
</context>
<context>
    <name>NetworkSettingsDialog</name>
    <message>
        <source>Network — IdentityDesk</source>
        <translation>Network — IdentityDesk</translation>
    </message>
    <message>
        <source>Use the system&apos;s proxy settings</source>
        <translation>Use the system&apos;s proxy settings</translation>
    </message>
    <message>
        <source>Manual HTTP proxy</source>
        <translation>Manual HTTP proxy</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>No proxy</translation>
    </message>
    <message>
        <source>kept in %1</source>
        <translation>kept in %1</translation>
    </message>
    <message>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>P&amp;ort:</source>
        <translation>P&amp;ort:</translation>
    </message>
    <message>
        <source>&amp;User (optional):</source>
        <translation>&amp;User (optional):</translation>
    </message>
    <message>
        <source>Pass&amp;word (optional):</source>
        <translation>Pass&amp;word (optional):</translation>
    </message>
    <message>
        <source>TLS 1.2 or later and certificate verification are always on. Add a private CA or a pinned key in each connection profile.</source>
        <translation>TLS 1.2 or later and certificate verification are always on. Add a private CA or a pinned key in each connection profile.</translation>
    </message>
    <message>
        <source>The proxy password could not be saved: %1</source>
        <translation>The proxy password could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>OperatorService</name>
    <message>
        <source>Unknown operator or wrong password.</source>
        <translation>Unknown operator or wrong password.</translation>
    </message>
    <message>
        <source>An operator name has 2 to 64 letters, digits or . _ @ -.</source>
        <translation>An operator name has 2 to 64 letters, digits or . _ @ -.</translation>
    </message>
    <message>
        <source>The password must have at least %1 characters.</source>
        <translation>The password must have at least %1 characters.</translation>
    </message>
    <message>
        <source>The first operator must be a supervisor.</source>
        <translation>The first operator must be a supervisor.</translation>
    </message>
    <message>
        <source>Only a signed-in supervisor can add operators.</source>
        <translation>Only a signed-in supervisor can add operators.</translation>
    </message>
    <message>
        <source>The password could not be hashed.</source>
        <translation>The password could not be hashed.</translation>
    </message>
    <message>
        <source>Too many failed sign-ins for “%1” (%2 within %3 minutes): wait %4 minute(s) and try again, or ask a supervisor.</source>
        <translation>Too many failed sign-ins for “%1” (%2 within %3 minutes): wait %4 minute(s) and try again, or ask a supervisor.</translation>
    </message>
    <message>
        <source>The account “%1” is deactivated: it cannot sign in. Ask a supervisor if it should be reactivated.</source>
        <translation>The account “%1” is deactivated: it cannot sign in. Ask a supervisor if it should be reactivated.</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Only supervisors can deactivate or reactivate operators.</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>A reason is required.</translation>
    </message>
    <message>
        <source>You cannot deactivate or reactivate your own account: ask another supervisor.</source>
        <translation>You cannot deactivate or reactivate your own account: ask another supervisor.</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>There is no operator named “%1”.</translation>
    </message>
    <message>
        <source>“%1” is already active.</source>
        <translation>“%1” is already active.</translation>
    </message>
    <message>
        <source>“%1” is already deactivated.</source>
        <translation>“%1” is already deactivated.</translation>
    </message>
    <message>
        <source>Only a supervisor can set another operator&apos;s password.</source>
        <translation>Only a supervisor can set another operator&apos;s password.</translation>
    </message>
    <message>
        <source>This connection to the team store is signed in as “%1”, not “%2”: put the operator&apos;s name in the store URL (postgresql://%2@host/db).</source>
        <translation>This connection to the team store is signed in as “%1”, not “%2”: put the operator&apos;s name in the store URL (postgresql://%2@host/db).</translation>
    </message>
    <message>
        <source>A new supervisor needs a second supervisor&apos;s approval: add %1 as an officer, then run operators set-role %1 supervisor --reason TEXT, which another supervisor approves.</source>
        <translation>A new supervisor needs a second supervisor&apos;s approval: add %1 as an officer, then run operators set-role %1 supervisor --reason TEXT, which another supervisor approves.</translation>
    </message>
    <message>
        <source>Unknown operator or wrong password (the team store at %1 refused the sign-in).</source>
        <translation>Unknown operator or wrong password (the team store at %1 refused the sign-in).</translation>
    </message>
    <message>
        <source>The database role “%1” is not an operator of the team store at %2: it is in none of the store&apos;s group roles. Ask the store&apos;s administrator to add it (identitydesk-cli operators add, or admin init --check to list what is missing).</source>
        <translation>The database role “%1” is not an operator of the team store at %2: it is in none of the store&apos;s group roles. Ask the store&apos;s administrator to add it (identitydesk-cli operators add, or admin init --check to list what is missing).</translation>
    </message>
    <message>
        <source>The store at %1 is not a team store whose server checks its operators, so nobody signs in to it as a database role. Put the store&apos;s own credential in its URL, or ask the administrator to run identitydesk-cli admin init.</source>
        <translation>The store at %1 is not a team store whose server checks its operators, so nobody signs in to it as a database role. Put the store&apos;s own credential in its URL, or ask the administrator to run identitydesk-cli admin init.</translation>
    </message>
    <message>
        <source>the password again (%1) was wrong</source>
        <translation>the password again (%1) was wrong</translation>
    </message>
</context>
<context>
    <name>OperatorsCommand</name>
    <message>
        <source>operators add needs --role officer, supervisor or auditor</source>
        <translation>operators add needs --role officer, supervisor or auditor</translation>
    </message>
    <message>
        <source>Password for the new operator %1: </source>
        <translation>Password for the new operator %1: </translation>
    </message>
    <message>
        <source>Operator %1 added as %2.</source>
        <translation>Operator %1 added as %2.</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXT is required</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Only supervisors can deactivate or reactivate operators.</translation>
    </message>
    <message>
        <source>Operator %1 reactivated.</source>
        <translation>Operator %1 reactivated.</translation>
    </message>
    <message>
        <source>Operator %1 deactivated: they cannot sign in.</source>
        <translation>Operator %1 deactivated: they cannot sign in.</translation>
    </message>
    <message>
        <source>Their requests still waiting for approval: %1 (approvals approve|reject ID).</source>
        <translation>Their requests still waiting for approval: %1 (approvals approve|reject ID).</translation>
    </message>
    <message>
        <source>Only a supervisor can set another operator&apos;s password.</source>
        <translation>Only a supervisor can set another operator&apos;s password.</translation>
    </message>
    <message>
        <source>New password for %1: </source>
        <translation>New password for %1: </translation>
    </message>
    <message>
        <source>The password of %1 was changed.</source>
        <translation>The password of %1 was changed.</translation>
    </message>
    <message>
        <source>usage: operators add NAME --role officer|supervisor|auditor | operators list | operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE --reason TEXT | operators password [NAME]</source>
        <translation>usage: operators add NAME --role officer|supervisor|auditor | operators list | operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE --reason TEXT | operators password [NAME]</translation>
    </message>
    <message>
        <source>operators set-role NAME ROLE: ROLE is officer, supervisor or auditor</source>
        <translation>operators set-role NAME ROLE: ROLE is officer, supervisor or auditor</translation>
    </message>
    <message>
        <source>Only supervisors can change an operator&apos;s role.</source>
        <translation>Only supervisors can change an operator&apos;s role.</translation>
    </message>
    <message>
        <source>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2: approvals approve %2).</source>
        <translation>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2: approvals approve %2).</translation>
    </message>
    <message>
        <source>%1 is now a %2.</source>
        <translation>%1 is now a %2.</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <source>Officer</source>
        <translation>Officer</translation>
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
        <translation>&amp;Deactivate…</translation>
    </message>
    <message>
        <source>&amp;Reactivate…</source>
        <translation>&amp;Reactivate…</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Operators</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Deactivated</source>
        <translation>Deactivated</translation>
    </message>
    <message>
        <source>Only supervisors can deactivate or reactivate operators.</source>
        <translation>Only supervisors can deactivate or reactivate operators.</translation>
    </message>
    <message>
        <source>Select an operator first.</source>
        <translation>Select an operator first.</translation>
    </message>
    <message>
        <source>You cannot deactivate or reactivate your own account: ask another supervisor.</source>
        <translation>You cannot deactivate or reactivate your own account: ask another supervisor.</translation>
    </message>
    <message>
        <source>They can no longer sign in; audited with your reason.</source>
        <translation>They can no longer sign in; audited with your reason.</translation>
    </message>
    <message>
        <source>They can sign in again; audited with your reason.</source>
        <translation>They can sign in again; audited with your reason.</translation>
    </message>
    <message>
        <source>Reactivate operator</source>
        <translation>Reactivate operator</translation>
    </message>
    <message>
        <source>Deactivate operator</source>
        <translation>Deactivate operator</translation>
    </message>
    <message>
        <source>Reactivate &lt;b&gt;%1&lt;/b&gt;? They can sign in again.</source>
        <translation>Reactivate &lt;b&gt;%1&lt;/b&gt;? They can sign in again.</translation>
    </message>
    <message>
        <source>Deactivate &lt;b&gt;%1&lt;/b&gt;? They can no longer sign in. Their requests that wait for approval stay in Approvals for a supervisor to decide.</source>
        <translation>Deactivate &lt;b&gt;%1&lt;/b&gt;? They can no longer sign in. Their requests that wait for approval stay in Approvals for a supervisor to decide.</translation>
    </message>
    <message>
        <source>&amp;Reason (kept in the audit log):</source>
        <translation>&amp;Reason (kept in the audit log):</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>%1 was reactivated; the change is in the audit log.</source>
        <translation>%1 was reactivated; the change is in the audit log.</translation>
    </message>
    <message>
        <source>%1 was deactivated and can no longer sign in; the change is in the audit log.</source>
        <translation>%1 was deactivated and can no longer sign in; the change is in the audit log.</translation>
    </message>
    <message>
        <source>Change r&amp;ole…</source>
        <translation>Change r&amp;ole…</translation>
    </message>
    <message>
        <source>New role</source>
        <translation>New role</translation>
    </message>
    <message>
        <source>Reactivate the account first.</source>
        <translation>Reactivate the account first.</translation>
    </message>
    <message>
        <source>Audited with your reason; making a supervisor waits for a second supervisor&apos;s approval in Approvals.</source>
        <translation>Audited with your reason; making a supervisor waits for a second supervisor&apos;s approval in Approvals.</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>Change role</translation>
    </message>
    <message>
        <source>Make &lt;b&gt;%1&lt;/b&gt; a %2?</source>
        <translation>Make &lt;b&gt;%1&lt;/b&gt; a %2?</translation>
    </message>
    <message>
        <source>A second supervisor must approve it in Approvals before it takes effect.</source>
        <translation>A second supervisor must approve it in Approvals before it takes effect.</translation>
    </message>
    <message>
        <source>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2 in Approvals).</source>
        <translation>Making %1 a supervisor waits for a second supervisor&apos;s approval (action #%2 in Approvals).</translation>
    </message>
    <message>
        <source>%1 is now a %2; the change is in the audit log.</source>
        <translation>%1 is now a %2; the change is in the audit log.</translation>
    </message>
</context>
<context>
    <name>OutcomeRules</name>
    <message>
        <source>%1 — the request may have been processed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</source>
        <translation>%1 — the request may have been processed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</translation>
    </message>
    <message>
        <source>%1 — the provider accepted the request (HTTP %2) but its answer could not be read, so the result is not confirmed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</source>
        <translation>%1 — the provider accepted the request (HTTP %2) but its answer could not be read, so the result is not confirmed. It is listed under Unresolved: check the user&apos;s state and resolve it; it will not be sent again automatically.</translation>
    </message>
    <message>
        <source>%1 — the connection was lost after the request was sent, so it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</source>
        <translation>%1 — the connection was lost after the request was sent, so it may have been processed. It is listed under Unresolved; it will not be sent again automatically.</translation>
    </message>
</context>
<context>
    <name>PasswordChange</name>
    <message numerus="yes">
        <source>The new password needs at least %n characters.</source>
        <translation>
            <numerusform>The new password needs at least %n characters.</numerusform>
            <numerusform>The new password needs at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>The new password is the current one: choose another.</source>
        <translation>The new password is the current one: choose another.</translation>
    </message>
</context>
<context>
    <name>PasswordHasher</name>
    <message>
        <source>A password hash needs between %1 and %2 iterations, not %3.</source>
        <translation>A password hash needs between %1 and %2 iterations, not %3.</translation>
    </message>
    <message>
        <source>The system&apos;s random number generator is not available, so no password can be stored. Try again.</source>
        <translation>The system&apos;s random number generator is not available, so no password can be stored. Try again.</translation>
    </message>
    <message>
        <source>OpenSSL could not compute the password hash (PBKDF2). Check the OpenSSL installation.</source>
        <translation>OpenSSL could not compute the password hash (PBKDF2). Check the OpenSSL installation.</translation>
    </message>
</context>
<context>
    <name>PendingResetsModel</name>
    <message>
        <source>%1 (user id %2)</source>
        <translation>%1 (user id %2)</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>waiting %1 d</source>
        <extracomment>How long a request has waited; &quot;d&quot; is days.</extracomment>
        <translation>waiting %1 d</translation>
    </message>
    <message>
        <source>waiting %1 h</source>
        <extracomment>&quot;h&quot; is hours.</extracomment>
        <translation>waiting %1 h</translation>
    </message>
    <message>
        <source>waiting %1 min</source>
        <translation>waiting %1 min</translation>
    </message>
    <message>
        <source>waiting &lt; 1 min</source>
        <translation>waiting &lt; 1 min</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
</context>
<context>
    <name>PendingResetsView</name>
    <message>
        <source>Refresh &amp;now</source>
        <translation>Refresh &amp;now</translation>
    </message>
    <message>
        <source>&amp;Approve…</source>
        <translation>&amp;Approve…</translation>
    </message>
    <message>
        <source>&amp;Decline…</source>
        <translation>&amp;Decline…</translation>
    </message>
    <message>
        <source>Reset &amp;identification…</source>
        <translation>Reset &amp;identification…</translation>
    </message>
    <message>
        <source>Open &amp;user</source>
        <translation>Open &amp;user</translation>
    </message>
    <message>
        <source>SDK.Finance reset-identification requests</source>
        <translation>SDK.Finance reset-identification requests</translation>
    </message>
    <message>
        <source>Request status</source>
        <translation>Request status</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>Refresh interval in seconds</source>
        <translation>Refresh interval in seconds</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Asks SDK.Finance again this often; the selection and scroll position stay. 0 turns it off.</source>
        <translation>Asks SDK.Finance again this often; the selection and scroll position stay. 0 turns it off.</translation>
    </message>
    <message>
        <source>Refresh &amp;every:</source>
        <translation>Refresh &amp;every:</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>Refresh now</translation>
    </message>
    <message>
        <source>Status of the list</source>
        <translation>Status of the list</translation>
    </message>
    <message>
        <source>Reset-identification requests</source>
        <translation>Reset-identification requests</translation>
    </message>
    <message>
        <source>Approve the request</source>
        <translation>Approve the request</translation>
    </message>
    <message>
        <source>Decline the request</source>
        <translation>Decline the request</translation>
    </message>
    <message>
        <source>Reset identification of the request&apos;s user</source>
        <translation>Reset identification of the request&apos;s user</translation>
    </message>
    <message>
        <source>Open the request&apos;s user</source>
        <translation>Open the request&apos;s user</translation>
    </message>
    <message>
        <source>Searches the Users tab for this user (also: double-click a row).</source>
        <translation>Searches the Users tab for this user (also: double-click a row).</translation>
    </message>
    <message>
        <source>Why SDK.Finance actions are not available</source>
        <translation>Why SDK.Finance actions are not available</translation>
    </message>
    <message>
        <source>Result of the last decision</source>
        <translation>Result of the last decision</translation>
    </message>
    <message>
        <source>The connection profile has no &apos;sdkfinance&apos; section.</source>
        <translation>The connection profile has no &apos;sdkfinance&apos; section.</translation>
    </message>
    <message>
        <source>Loading requests from SDK.Finance…</source>
        <translation>Loading requests from SDK.Finance…</translation>
    </message>
    <message>
        <source>%1 requests, %2 shown. Updated %3.</source>
        <translation>%1 requests, %2 shown. Updated %3.</translation>
    </message>
    <message>
        <source>No requests with this status.</source>
        <translation>No requests with this status.</translation>
    </message>
    <message>
        <source>Could not read the requests: %1</source>
        <translation>Could not read the requests: %1</translation>
    </message>
    <message>
        <source>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</source>
        <translation>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</translation>
    </message>
    <message>
        <source>Wait until the current decision has been handled.</source>
        <translation>Wait until the current decision has been handled.</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Select a request first.</translation>
    </message>
    <message>
        <source>Approves the user&apos;s request; you give a reason.</source>
        <translation>Approves the user&apos;s request; you give a reason.</translation>
    </message>
    <message>
        <source>Declines the user&apos;s request; you give a reason.</source>
        <translation>Declines the user&apos;s request; you give a reason.</translation>
    </message>
    <message>
        <source>Chooses the profile fields the user must submit again, for user %1.</source>
        <translation>Chooses the profile fields the user must submit again, for user %1.</translation>
    </message>
    <message>
        <source>Sending to SDK.Finance…</source>
        <translation>Sending to SDK.Finance…</translation>
    </message>
    <message>
        <source>Request %1 is already %2: only a pending request can be approved or declined.</source>
        <translation>Request %1 is already %2: only a pending request can be approved or declined.</translation>
    </message>
    <message>
        <source>Filter the requests</source>
        <translation>Filter the requests</translation>
    </message>
    <message>
        <source>Filter by name, comment or id</source>
        <translation>Filter by name, comment or id</translation>
    </message>
    <message>
        <source>Shows only the loaded requests whose person, comment or id contains the text.</source>
        <translation>Shows only the loaded requests whose person, comment or id contains the text.</translation>
    </message>
    <message>
        <source>APPROVE the reset request of %1</source>
        <translation>APPROVE the reset request of %1</translation>
    </message>
    <message>
        <source>DECLINE the reset request of %1</source>
        <translation>DECLINE the reset request of %1</translation>
    </message>
    <message>
        <source>Approve: the person identifies anew</source>
        <translation>Approve: the person identifies anew</translation>
    </message>
    <message>
        <source>Decline: nothing changes for the person</source>
        <translation>Decline: nothing changes for the person</translation>
    </message>
    <message>
        <source>&amp;Approve the reset</source>
        <translation>&amp;Approve the reset</translation>
    </message>
    <message>
        <source>&amp;Decline the request</source>
        <translation>&amp;Decline the request</translation>
    </message>
    <message>
        <source>Pending resets (%1)</source>
        <translation>Pending resets (%1)</translation>
    </message>
    <message>
        <source>&amp;Pending resets</source>
        <translation>&amp;Pending resets</translation>
    </message>
    <message>
        <source>SDK.Finance reset-identification requests (%1)</source>
        <translation>SDK.Finance reset-identification requests (%1)</translation>
    </message>
</context>
<context>
    <name>Policy</name>
    <message>
        <source>Smile ID: allow re-enrollment</source>
        <translation>Smile ID: allow re-enrollment</translation>
    </message>
    <message>
        <source>Smile ID: deactivate / reactivate</source>
        <translation>Smile ID: deactivate / reactivate</translation>
    </message>
    <message>
        <source>Smile ID: mark / clear fraud</source>
        <translation>Smile ID: mark / clear fraud</translation>
    </message>
    <message>
        <source>Smile ID: delete (permanent block)</source>
        <translation>Smile ID: delete (permanent block)</translation>
    </message>
    <message>
        <source>SDK.Finance: reset identification</source>
        <translation>SDK.Finance: reset identification</translation>
    </message>
    <message>
        <source>SDK.Finance: approve a reset request</source>
        <translation>SDK.Finance: approve a reset request</translation>
    </message>
    <message>
        <source>SDK.Finance: decline a reset request</source>
        <translation>SDK.Finance: decline a reset request</translation>
    </message>
    <message>
        <source>Trust Swiftly: assign re-verification</source>
        <translation>Trust Swiftly: assign re-verification</translation>
    </message>
    <message>
        <source>SmartID: reset biometric enrollment</source>
        <translation>SmartID: reset biometric enrollment</translation>
    </message>
    <message>
        <source>Any bulk job</source>
        <translation>Any bulk job</translation>
    </message>
    <message>
        <source>Lock a console after it has been idle for</source>
        <translation>Lock a console after it has been idle for</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message>
        <source>A request waiting for approval expires after</source>
        <translation>A request waiting for approval expires after</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>The console signs an audit checkpoint every</source>
        <translation>The console signs an audit checkpoint every</translation>
    </message>
    <message>
        <source>entries</source>
        <translation>entries</translation>
    </message>
    <message>
        <source>Failed sign-ins of one name before it must wait</source>
        <translation>Failed sign-ins of one name before it must wait</translation>
    </message>
    <message>
        <source>failures</source>
        <translation>failures</translation>
    </message>
    <message>
        <source>Window and wait after too many failed sign-ins</source>
        <translation>Window and wait after too many failed sign-ins</translation>
    </message>
</context>
<context>
    <name>PolicyDialog</name>
    <message>
        <source>Approval policy — IdentityDesk</source>
        <translation>Approval policy — IdentityDesk</translation>
    </message>
    <message>
        <source>Needs approval</source>
        <translation>Needs approval</translation>
    </message>
    <message>
        <source>Rule “%1”</source>
        <translation>Rule “%1”</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The policy could not be read: %1</source>
        <translation>The policy could not be read: %1</translation>
    </message>
    <message>
        <source>Nothing changed yet.</source>
        <translation>Nothing changed yet.</translation>
    </message>
    <message>
        <source>Approving or declining a user&apos;s request is itself the approval: it never waits for a second one.</source>
        <translation>Approving or declining a user&apos;s request is itself the approval: it never waits for a second one.</translation>
    </message>
    <message>
        <source>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). A change of the policy needs a reason and takes effect only when a second supervisor approves it in Approvals; request and approval are both in the audit log.</source>
        <translation>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). A change of the policy needs a reason and takes effect only when a second supervisor approves it in Approvals; request and approval are both in the audit log.</translation>
    </message>
    <message>
        <source>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). You can read the policy; only supervisors can request a change.</source>
        <translation>A checked action needs a supervisor&apos;s approval before it is sent, and the supervisor must not be the one who requested it (four-eyes rule). You can read the policy; only supervisors can request a change.</translation>
    </message>
    <message>
        <source>Only supervisors can request a change of the policy.</source>
        <translation>Only supervisors can request a change of the policy.</translation>
    </message>
    <message>
        <source>Times and thresholds</source>
        <translation>Times and thresholds</translation>
    </message>
    <message>
        <source>&amp;Reason for the change:</source>
        <translation>&amp;Reason for the change:</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <source>Why the rules should change (required)</source>
        <translation>Why the rules should change (required)</translation>
    </message>
    <message>
        <source>Request change</source>
        <translation>Request change</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The changes waiting for approval could not be read: %1</source>
        <translation>The changes waiting for approval could not be read: %1</translation>
    </message>
    <message>
        <source>#%1 by %2: %3</source>
        <translation>#%1 by %2: %3</translation>
    </message>
    <message>
        <source>Waiting for a second supervisor in Approvals:</source>
        <translation>Waiting for a second supervisor in Approvals:</translation>
    </message>
    <message>
        <source>Give a reason for the change.</source>
        <translation>Give a reason for the change.</translation>
    </message>
    <message>
        <source>The change was not requested: %1</source>
        <translation>The change was not requested: %1</translation>
    </message>
</context>
<context>
    <name>PresenceDialog</name>
    <message>
        <source>Console locked — IdentityDesk</source>
        <translation>Console locked — IdentityDesk</translation>
    </message>
    <message>
        <source>Confirm it is you — IdentityDesk</source>
        <translation>Confirm it is you — IdentityDesk</translation>
    </message>
    <message>
        <source>&amp;Password of %1:</source>
        <translation>&amp;Password of %1:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>&amp;Confirm</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Sign &amp;out</translation>
    </message>
</context>
<context>
    <name>ProductionBanner</name>
    <message>
        <source>PRODUCTION — profile “%1”. Every action here changes real people&apos;s records at the provider.</source>
        <translation>PRODUCTION — profile “%1”. Every action here changes real people&apos;s records at the provider.</translation>
    </message>
</context>
<context>
    <name>ProfileExchange</name>
    <message>
        <source>The file is not a profile export: not valid JSON at offset %1 (%2).</source>
        <translation>The file is not a profile export: not valid JSON at offset %1 (%2).</translation>
    </message>
    <message>
        <source>The file holds no profile.</source>
        <translation>The file holds no profile.</translation>
    </message>
    <message>
        <source>The file holds secrets for profile “%1” (%2). They were NOT imported: secrets belong in the keychain. Type them in the profile editor, and delete or protect the file.</source>
        <translation>The file holds secrets for profile “%1” (%2). They were NOT imported: secrets belong in the keychain. Type them in the profile editor, and delete or protect the file.</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>unnamed</translation>
    </message>
    <message>
        <source>Profile “%1”, field &apos;%2&apos;: %3</source>
        <translation>Profile “%1”, field &apos;%2&apos;: %3</translation>
    </message>
    <message>
        <source>Profile “%1” configures no provider.</source>
        <translation>Profile “%1” configures no provider.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Cannot make %1 private (mode 0600).</source>
        <translation>Cannot make %1 private (mode 0600).</translation>
    </message>
</context>
<context>
    <name>ProfileFingerprint</name>
    <message>
        <source>profile “%1” (%2)</source>
        <translation>profile “%1” (%2)</translation>
    </message>
</context>
<context>
    <name>ProfileForm</name>
    <message>
        <source>&amp;Portal URL:</source>
        <translation>&amp;Portal URL:</translation>
    </message>
    <message>
        <source>&amp;API URL:</source>
        <translation>&amp;API URL:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Base URL:</translation>
    </message>
    <message>
        <source>Pa&amp;rtner id:</source>
        <translation>Pa&amp;rtner id:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation>&amp;Login:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API &amp;key:</translation>
    </message>
    <message>
        <source>Pinned &amp;key (optional):</source>
        <translation>Pinned &amp;key (optional):</translation>
    </message>
    <message>
        <source>Extra &amp;CA file (optional):</source>
        <translation>Extra &amp;CA file (optional):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>Profile sections</source>
        <translation>Profile sections</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>kept in the keychain, never in a settings file</source>
        <translation>kept in the keychain, never in a settings file</translation>
    </message>
    <message>
        <source>e.g. Acme production</source>
        <translation>e.g. Acme production</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environment</translation>
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
        <translation>En&amp;vironment:</translation>
    </message>
    <message>
        <source>PEM file of a private CA, e.g. the sandbox&apos;s</source>
        <translation>PEM file of a private CA, e.g. the sandbox&apos;s</translation>
    </message>
    <message>
        <source>A production profile shows a red banner and asks for confirmation before any action is sent. API keys and passwords are kept in the system keychain.</source>
        <translation>A production profile shows a red banner and asks for confirmation before any action is sent. API keys and passwords are kept in the system keychain.</translation>
    </message>
    <message>
        <source>Use %1 in this profile</source>
        <translation>Use %1 in this profile</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Use %1</translation>
    </message>
    <message>
        <source>base64 SHA-256 of the server&apos;s public key</source>
        <translation>base64 SHA-256 of the server&apos;s public key</translation>
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
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <source>Test the %1 connection</source>
        <translation>Test the %1 connection</translation>
    </message>
    <message>
        <source>Use at least one provider.</source>
        <translation>Use at least one provider.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testing…</translation>
    </message>
    <message>
        <source>e.g. https://portal.smileidentity.com or https://prod…</source>
        <translation>e.g. https://portal.smileidentity.com or https://prod…</translation>
    </message>
    <message>
        <source>e.g. %1</source>
        <translation>e.g. %1</translation>
    </message>
    <message>
        <source>e.g. https://your-sub-domain.trustswiftly.com</source>
        <translation>e.g. https://your-sub-domain.trustswiftly.com</translation>
    </message>
    <message>
        <source>https://… as your provider gave it</source>
        <translation>https://… as your provider gave it</translation>
    </message>
    <message>
        <source>e.g. https://testapi.smileidentity.com or https://api…</source>
        <translation>e.g. https://testapi.smileidentity.com or https://api…</translation>
    </message>
    <message>
        <source>%1 environment</source>
        <translation>%1 environment</translation>
    </message>
    <message>
        <source>%1 en&amp;vironment:</source>
        <translation>%1 en&amp;vironment:</translation>
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
        <translation>The secrets could not be saved (%1).</translation>
    </message>
    <message>
        <source>There is no stored profile %1.</source>
        <translation>There is no stored profile %1.</translation>
    </message>
    <message>
        <source>The secrets of profile “%1” could not be read (%2).</source>
        <translation>The secrets of profile “%1” could not be read (%2).</translation>
    </message>
    <message>
        <source>Profile “%1”: the CA file %2 cannot be read (%3).</source>
        <translation>Profile “%1”: the CA file %2 cannot be read (%3).</translation>
    </message>
    <message>
        <source>Profile “%1”: the CA file %2 holds no PEM certificate.</source>
        <translation>Profile “%1”: the CA file %2 holds no PEM certificate.</translation>
    </message>
</context>
<context>
    <name>ProfileSchema</name>
    <message>
        <source>Choose at least one profile field the user must submit again.</source>
        <translation>Choose at least one profile field the user must submit again.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a group of fields, not a field: choose its fields instead (%2).</source>
        <translation>&apos;%1&apos; is a group of fields, not a field: choose its fields instead (%2).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a system field of the profile and cannot be asked for.</source>
        <translation>&apos;%1&apos; is a system field of the profile and cannot be asked for.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a field of the SDK.Finance profile (a field is the dotted path of a leaf, e.g. person.namePlain.first or address.country).</source>
        <translation>&apos;%1&apos; is not a field of the SDK.Finance profile (a field is the dotted path of a leaf, e.g. person.namePlain.first or address.country).</translation>
    </message>
    <message>
        <source>Identity document fields</source>
        <translation>Identity document fields</translation>
    </message>
    <message>
        <source>The names as an identity document shows them, in the local script and in Latin letters.</source>
        <translation>The names as an identity document shows them, in the local script and in Latin letters.</translation>
    </message>
    <message>
        <source>Address only</source>
        <translation>Address only</translation>
    </message>
    <message>
        <source>Every field of the postal address.</source>
        <translation>Every field of the postal address.</translation>
    </message>
    <message>
        <source>Everything personal</source>
        <translation>Everything personal</translation>
    </message>
    <message>
        <source>Every field of the person, contact and address sections.</source>
        <translation>Every field of the person, contact and address sections.</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Name (as written)</source>
        <translation>Name (as written)</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Middle name</source>
        <translation>Middle name</translation>
    </message>
    <message>
        <source>Name (Latin letters)</source>
        <translation>Name (Latin letters)</translation>
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
        <translation>Contact id</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>Nickname</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>City</source>
        <translation>City</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Country</translation>
    </message>
    <message>
        <source>Post code</source>
        <translation>Post code</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>Social media accounts</source>
        <translation>Social media accounts</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Account number</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>SWIFT / BIC</source>
        <translation>SWIFT / BIC</translation>
    </message>
    <message>
        <source>Owner id</source>
        <translation>Owner id</translation>
    </message>
    <message>
        <source>Linked user id</source>
        <translation>Linked user id</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>Business</translation>
    </message>
    <message>
        <source>Company name</source>
        <translation>Company name</translation>
    </message>
    <message>
        <source>Legal form</source>
        <translation>Legal form</translation>
    </message>
    <message>
        <source>Business type</source>
        <translation>Business type</translation>
    </message>
    <message>
        <source>VAT number</source>
        <translation>VAT number</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>ZIP code</source>
        <translation>ZIP code</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>House number</source>
        <translation>House number</translation>
    </message>
    <message>
        <source>Additional data</source>
        <translation>Additional data</translation>
    </message>
</context>
<context>
    <name>ProfileSectionBox</name>
    <message>
        <source>%1 details</source>
        <translation>%1 details</translation>
    </message>
    <message>
        <source>%1 list</source>
        <translation>%1 list</translation>
    </message>
    <message>
        <source>⟳ Loading…</source>
        <translation>⟳ Loading…</translation>
    </message>
</context>
<context>
    <name>ProfileStoreBinding</name>
    <message>
        <source>The production profile “%1” is bound to the store %2, where it was first used; this store (%3) is %4. A production profile works with one store only: open it with that store, or ask an administrator.</source>
        <translation>The production profile “%1” is bound to the store %2, where it was first used; this store (%3) is %4. A production profile works with one store only: open it with that store, or ask an administrator.</translation>
    </message>
</context>
<context>
    <name>ProfileValidator</name>
    <message>
        <source>Required: the provider&apos;s https:// address.</source>
        <translation>Required: the provider&apos;s https:// address.</translation>
    </message>
    <message>
        <source>Remove the spaces around the address.</source>
        <translation>Remove the spaces around the address.</translation>
    </message>
    <message>
        <source>Must start with https:// (TLS is always on).</source>
        <translation>Must start with https:// (TLS is always on).</translation>
    </message>
    <message>
        <source>Not a valid address: expected https://host[:port][/prefix].</source>
        <translation>Not a valid address: expected https://host[:port][/prefix].</translation>
    </message>
    <message>
        <source>Must not carry a query (?…) or fragment (#…).</source>
        <translation>Must not carry a query (?…) or fragment (#…).</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>Required.</translation>
    </message>
    <message>
        <source>Required: the partner id from the Smile ID portal, exactly as shown (e.g. 0042).</source>
        <translation>Required: the partner id from the Smile ID portal, exactly as shown (e.g. 0042).</translation>
    </message>
    <message>
        <source>Remove the spaces: the partner id is sent exactly as typed.</source>
        <translation>Remove the spaces: the partner id is sent exactly as typed.</translation>
    </message>
    <message>
        <source>Choose test or production.</source>
        <translation>Choose test or production.</translation>
    </message>
    <message>
        <source>A pin is the base64 SHA-256 of the server&apos;s public key (44 characters ending in &apos;=&apos;).</source>
        <translation>A pin is the base64 SHA-256 of the server&apos;s public key (44 characters ending in &apos;=&apos;).</translation>
    </message>
</context>
<context>
    <name>ProfilesController</name>
    <message>
        <source>No keychain available</source>
        <translation>No keychain available</translation>
    </message>
    <message>
        <source>IdentityDesk keeps API keys and passwords in the system keychain, but none is available: %1</source>
        <translation>IdentityDesk keeps API keys and passwords in the system keychain, but none is available: %1</translation>
    </message>
    <message>
        <source>Secrets are never written to a settings file. You can keep them in memory for this session only: you will have to type them again next time.</source>
        <translation>Secrets are never written to a settings file. You can keep them in memory for this session only: you will have to type them again next time.</translation>
    </message>
    <message>
        <source>&amp;Keep secrets only for this session</source>
        <translation>&amp;Keep secrets only for this session</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t keep secrets</source>
        <translation>&amp;Don&apos;t keep secrets</translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation>&amp;Profiles</translation>
    </message>
    <message>
        <source>&amp;Edit profiles…</source>
        <translation>&amp;Edit profiles…</translation>
    </message>
    <message>
        <source>%1  [PRODUCTION]</source>
        <translation>%1  [PRODUCTION]</translation>
    </message>
    <message>
        <source>Profiles are edited outside demo mode: the demo&apos;s operators have a published password.</source>
        <translation>Profiles are edited outside demo mode: the demo&apos;s operators have a published password.</translation>
    </message>
    <message numerus="yes">
        <source>%n production profile(s) not shown in demo mode</source>
        <translation>
            <numerusform>%n production profile(s) not shown in demo mode</numerusform>
            <numerusform>%n production profile(s) not shown in demo mode</numerusform>
        </translation>
    </message>
    <message>
        <source>Demo mode never opens a production profile (“%1”): the demo&apos;s operators have a published password. Start IdentityDesk without --demo.</source>
        <translation>Demo mode never opens a production profile (“%1”): the demo&apos;s operators have a published password. Start IdentityDesk without --demo.</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>Connection profiles — IdentityDesk</source>
        <translation>Connection profiles — IdentityDesk</translation>
    </message>
    <message>
        <source>Connection profiles</source>
        <translation>Connection profiles</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;New</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Import…</translation>
    </message>
    <message>
        <source>Read profiles from a JSON export. Secrets in the file are not imported.</source>
        <translation>Read profiles from a JSON export. Secrets in the file are not imported.</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;xport…</translation>
    </message>
    <message>
        <source>Write every profile to a JSON file, without any secret.</source>
        <translation>Write every profile to a JSON file, without any secret.</translation>
    </message>
    <message>
        <source>Export &amp;CLI profile…</source>
        <translation>Export &amp;CLI profile…</translation>
    </message>
    <message>
        <source>Write the selected profile with its secrets for identitydesk-cli (mode 0600).</source>
        <translation>Write the selected profile with its secrets for identitydesk-cli (mode 0600).</translation>
    </message>
    <message>
        <source>Net&amp;work…</source>
        <translation>Net&amp;work…</translation>
    </message>
    <message>
        <source>Proxy settings (the system&apos;s by default).</source>
        <translation>Proxy settings (the system&apos;s by default).</translation>
    </message>
    <message>
        <source>Secrets are kept in %1.</source>
        <translation>Secrets are kept in %1.</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>Import profiles</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>Profiles (*.json)</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>Export profiles</translation>
    </message>
    <message>
        <source>%1  [PRODUCTION]</source>
        <translation>%1  [PRODUCTION]</translation>
    </message>
    <message>
        <source>The secrets could not be read: %1</source>
        <translation>The secrets could not be read: %1</translation>
    </message>
    <message>
        <source>New profile</source>
        <translation>New profile</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>Delete profile</translation>
    </message>
    <message>
        <source>Delete the profile “%1” and its secrets in the keychain?</source>
        <translation>Delete the profile “%1” and its secrets in the keychain?</translation>
    </message>
    <message>
        <source>Save the profile; secrets go to the keychain.</source>
        <translation>Save the profile; secrets go to the keychain.</translation>
    </message>
    <message>
        <source>Fix first: %1</source>
        <translation>Fix first: %1</translation>
    </message>
    <message>
        <source>Not saved: %1 — %2</source>
        <translation>Not saved: %1 — %2</translation>
    </message>
    <message>
        <source>Saved “%1”. Secrets are kept in %2.</source>
        <translation>Saved “%1”. Secrets are kept in %2.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>Nothing was imported. %1</source>
        <translation>Nothing was imported. %1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s) from %1.</source>
        <translation>
            <numerusform>Imported %n profile from %1.</numerusform>
            <numerusform>Imported %n profiles from %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
    <message>
        <source>Exported the profiles to %1 (without secrets).</source>
        <translation>Exported the profiles to %1 (without secrets).</translation>
    </message>
    <message>
        <source>Fix the profile first: %1</source>
        <translation>Fix the profile first: %1</translation>
    </message>
    <message>
        <source>Export CLI profile</source>
        <translation>Export CLI profile</translation>
    </message>
    <message>
        <source>The CLI profile file holds this profile&apos;s API keys and passwords in plain text (readable by your user only, mode 0600). Anyone who can read it can act on the providers as you. Write it?</source>
        <translation>The CLI profile file holds this profile&apos;s API keys and passwords in plain text (readable by your user only, mode 0600). Anyone who can read it can act on the providers as you. Write it?</translation>
    </message>
    <message>
        <source>Write the file with secrets</source>
        <translation>Write the file with secrets</translation>
    </message>
    <message>
        <source>Profile (*.json)</source>
        <translation>Profile (*.json)</translation>
    </message>
    <message>
        <source>Wrote %1 (mode 0600).</source>
        <translation>Wrote %1 (mode 0600).</translation>
    </message>
</context>
<context>
    <name>ProviderIdField</name>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Read-only; select it to copy the id.</source>
        <translation>Read-only; select it to copy the id.</translation>
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
        <translation>%1 for %2</translation>
    </message>
</context>
<context>
    <name>ProxySettings</name>
    <message>
        <source>Type the proxy&apos;s host name.</source>
        <translation>Type the proxy&apos;s host name.</translation>
    </message>
    <message>
        <source>The proxy port must be between 1 and 65535.</source>
        <translation>The proxy port must be between 1 and 65535.</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Confirm on PRODUCTION</source>
        <translation>Confirm on PRODUCTION</translation>
    </message>
    <message>
        <source>&lt;b&gt;This is the PRODUCTION environment&lt;/b&gt; (profile “%1”).</source>
        <translation>&lt;b&gt;This is the PRODUCTION environment&lt;/b&gt; (profile “%1”).</translation>
    </message>
    <message>
        <source>%1

It acts on a real person&apos;s record. Submit it on production?</source>
        <translation>%1

It acts on a real person&apos;s record. Submit it on production?</translation>
    </message>
    <message>
        <source>Submit on &amp;PRODUCTION</source>
        <translation>Submit on &amp;PRODUCTION</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Operator console for identity-verification providers.</source>
        <translation>Operator console for identity-verification providers.</translation>
    </message>
    <message>
        <source>Start the bundled sandbox and connect to it, with a throwaway store and demo operators.</source>
        <translation>Start the bundled sandbox and connect to it, with a throwaway store and demo operators.</translation>
    </message>
    <message>
        <source>Connection profile file.</source>
        <translation>Connection profile file.</translation>
    </message>
    <message>
        <source>Store URL: sqlite:PATH or postgresql://… (default: %1).</source>
        <translation>Store URL: sqlite:PATH or postgresql://… (default: %1).</translation>
    </message>
    <message>
        <source>Population of the demo sandbox (default 100000).</source>
        <translation>Population of the demo sandbox (default 100000).</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>Required</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Type a reason first.</source>
        <translation>Type a reason first.</translation>
    </message>
</context>
<context>
    <name>ResetFieldsEditor</name>
    <message>
        <source>Mandatory profile fields</source>
        <translation>Mandatory profile fields</translation>
    </message>
    <message>
        <source>The user will be asked to submit the ticked profile fields again. Tick a branch to select all of its fields.</source>
        <translation>The user will be asked to submit the ticked profile fields again. Tick a branch to select all of its fields.</translation>
    </message>
    <message>
        <source>Filter profile fields</source>
        <translation>Filter profile fields</translation>
    </message>
    <message>
        <source>Filter fields, e.g. name or address.city</source>
        <translation>Filter fields, e.g. name or address.city</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>Presets:</source>
        <translation>Presets:</translation>
    </message>
    <message>
        <source>Preset: %1</source>
        <translation>Preset: %1</translation>
    </message>
    <message>
        <source>%1 Replaces the current selection.</source>
        <translation>%1 Replaces the current selection.</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>C&amp;lear</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>Clear the selection</translation>
    </message>
    <message>
        <source>Unticks every field.</source>
        <translation>Unticks every field.</translation>
    </message>
    <message>
        <source>Profile fields</source>
        <translation>Profile fields</translation>
    </message>
    <message>
        <source>Space ticks or unticks the current field or branch.</source>
        <translation>Space ticks or unticks the current field or branch.</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Path</translation>
    </message>
    <message>
        <source>Fields that will be sent</source>
        <translation>Fields that will be sent</translation>
    </message>
    <message>
        <source>Fields that will be sent (%1):</source>
        <translation>Fields that will be sent (%1):</translation>
    </message>
</context>
<context>
    <name>SdkFinanceClient</name>
    <message>
        <source>The SDK.Finance login &apos;%1&apos; lacks the permission %2, so identifications cannot be reset and reset requests cannot be decided with it. Ask the SDK.Finance administrator to grant it.</source>
        <translation>The SDK.Finance login &apos;%1&apos; lacks the permission %2, so identifications cannot be reset and reset requests cannot be decided with it. Ask the SDK.Finance administrator to grant it.</translation>
    </message>
    <message>
        <source>log in as &apos;%1&apos;</source>
        <translation>log in as &apos;%1&apos;</translation>
    </message>
    <message>
        <source>the token was refused right after a fresh login</source>
        <translation>the token was refused right after a fresh login</translation>
    </message>
    <message>
        <source>the token was refused right after a fresh login (%1)</source>
        <translation>the token was refused right after a fresh login (%1)</translation>
    </message>
    <message>
        <source>list reset-identification requests</source>
        <translation>list reset-identification requests</translation>
    </message>
    <message>
        <source>search profiles</source>
        <translation>search profiles</translation>
    </message>
    <message>
        <source>Only a supervisor can approve or decline a user&apos;s SDK.Finance reset request (deciding it is itself the approval, so it needs no second one).</source>
        <translation>Only a supervisor can approve or decline a user&apos;s SDK.Finance reset request (deciding it is itself the approval, so it needs no second one).</translation>
    </message>
    <message>
        <source>SDK.Finance has no action &apos;%1&apos; (known: %2).</source>
        <translation>SDK.Finance has no action &apos;%1&apos; (known: %2).</translation>
    </message>
    <message>
        <source>An SDK.Finance user id is required.</source>
        <translation>An SDK.Finance user id is required.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an SDK.Finance user id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</source>
        <translation>&apos;%1&apos; is not an SDK.Finance user id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</translation>
    </message>
    <message>
        <source>A reset needs the list of profile fields the user must submit again.</source>
        <translation>A reset needs the list of profile fields the user must submit again.</translation>
    </message>
    <message>
        <source>Every profile field must be a dotted path given as text.</source>
        <translation>Every profile field must be a dotted path given as text.</translation>
    </message>
    <message>
        <source>The id of the reset request to %1 is required.</source>
        <translation>The id of the reset request to %1 is required.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a reset request id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</source>
        <translation>&apos;%1&apos; is not a reset request id (no &apos;/&apos;, &apos;?&apos;, &apos;#&apos;, &apos;%&apos; or spaces).</translation>
    </message>
    <message>
        <source>Reset the identification of SDK.Finance user %1 (fields to submit again: %2)</source>
        <translation>Reset the identification of SDK.Finance user %1 (fields to submit again: %2)</translation>
    </message>
    <message>
        <source>Approve reset request %1 of SDK.Finance user %2</source>
        <translation>Approve reset request %1 of SDK.Finance user %2</translation>
    </message>
    <message>
        <source>Decline reset request %1 of SDK.Finance user %2</source>
        <translation>Decline reset request %1 of SDK.Finance user %2</translation>
    </message>
    <message>
        <source>Change SDK.Finance user %1</source>
        <translation>Change SDK.Finance user %1</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: done.</translation>
    </message>
    <message>
        <source>Nothing was sent.</source>
        <translation>Nothing was sent.</translation>
    </message>
    <message>
        <source> (SDK.Finance: %1)</source>
        <translation> (SDK.Finance: %1)</translation>
    </message>
    <message>
        <source>Nothing was changed at SDK.Finance.</source>
        <translation>Nothing was changed at SDK.Finance.</translation>
    </message>
    <message>
        <source>Reset request %1 of SDK.Finance user %2 is already decided (HTTP 409): the earlier attempt, whose outcome was unknown, most likely went through. Check the request&apos;s status in the list if in doubt.</source>
        <translation>Reset request %1 of SDK.Finance user %2 is already decided (HTTP 409): the earlier attempt, whose outcome was unknown, most likely went through. Check the request&apos;s status in the list if in doubt.</translation>
    </message>
    <message>
        <source>Reset request %1 is pending for SDK.Finance user %2, not for %3.</source>
        <translation>Reset request %1 is pending for SDK.Finance user %2, not for %3.</translation>
    </message>
    <message numerus="yes">
        <source>SDK.Finance has no pending reset request %1 (of %n pending): it is unknown or already decided. &apos;sdkfinance requests&apos; and the Pending resets tab list the pending ones.</source>
        <translation>
            <numerusform>SDK.Finance has no pending reset request %1 (of %n pending): it is unknown or already decided. &apos;sdkfinance requests&apos; and the Pending resets tab list the pending ones.</numerusform>
            <numerusform>SDK.Finance has no pending reset request %1 (of %n pending): it is unknown or already decided. &apos;sdkfinance requests&apos; and the Pending resets tab list the pending ones.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SdkFinanceCommand</name>
    <message>
        <source>usage: sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
       sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT
       sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT</source>
        <translation>usage: sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]
       sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT
       sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT</translation>
    </message>
    <message>
        <source>sdkfinance reset needs at least one --field PATH (e.g. --field person.namePlain.first --field address.country)</source>
        <translation>sdkfinance reset needs at least one --field PATH (e.g. --field person.namePlain.first --field address.country)</translation>
    </message>
    <message>
        <source>Known fields: %1</source>
        <translation>Known fields: %1</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXT is required</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;sdkfinance&apos; section</source>
        <translation>the connection profile %1 has no &apos;sdkfinance&apos; section</translation>
    </message>
    <message>
        <source>--page takes a page number from 1</source>
        <translation>--page takes a page number from 1</translation>
    </message>
    <message>
        <source>--limit takes a page size from 1 to %1</source>
        <translation>--limit takes a page size from 1 to %1</translation>
    </message>
    <message>
        <source>REQUEST</source>
        <translation>REQUEST</translation>
    </message>
    <message>
        <source>USER ID</source>
        <translation>USER ID</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>CREATED</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message>
        <source>COMMENT</source>
        <translation>COMMENT</translation>
    </message>
    <message>
        <source>Page %1 of %2; %3 request(s)%4 in all.</source>
        <translation>Page %1 of %2; %3 request(s)%4 in all.</translation>
    </message>
    <message>
        <source> with status %1</source>
        <translation> with status %1</translation>
    </message>
    <message>
        <source>--status takes %1 or ALL</source>
        <translation>--status takes %1 or ALL</translation>
    </message>
</context>
<context>
    <name>SdkFinanceModule</name>
    <message>
        <source>Reset the identification of %1: SDK.Finance asks the person to submit %2 again and identify anew</source>
        <translation>Reset the identification of %1: SDK.Finance asks the person to submit %2 again and identify anew</translation>
    </message>
    <message>
        <source>the chosen fields</source>
        <translation>the chosen fields</translation>
    </message>
    <message>
        <source>Approve the reset request %2 of %1: SDK.Finance resets the identification, and the person identifies anew</source>
        <translation>Approve the reset request %2 of %1: SDK.Finance resets the identification, and the person identifies anew</translation>
    </message>
    <message>
        <source>Decline the reset request %2 of %1: SDK.Finance keeps the identification as it is</source>
        <translation>Decline the reset request %2 of %1: SDK.Finance keeps the identification as it is</translation>
    </message>
    <message>
        <source>Change %1 at SDK.Finance</source>
        <translation>Change %1 at SDK.Finance</translation>
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
        <translation>Reset identification…</translation>
    </message>
    <message>
        <source>SDK.Finance actions</source>
        <translation>SDK.Finance actions</translation>
    </message>
    <message>
        <source>SDK.Finance user id</source>
        <translation>SDK.Finance user id</translation>
    </message>
    <message>
        <source>Reset SDK.Finance identification</source>
        <translation>Reset SDK.Finance identification</translation>
    </message>
    <message>
        <source>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</source>
        <translation>Not connected to SDK.Finance: open a connection profile with an &apos;sdkfinance&apos; section.</translation>
    </message>
    <message>
        <source>Choose the profile fields the user must submit again.</source>
        <translation>Choose the profile fields the user must submit again.</translation>
    </message>
    <message>
        <source>The id SDK.Finance knows the selected person by.</source>
        <translation>The id SDK.Finance knows the selected person by.</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>User id:</translation>
    </message>
    <message>
        <source>Select a person known to SDK.Finance first.</source>
        <translation>Select a person known to SDK.Finance first.</translation>
    </message>
    <message>
        <source>Result of the last SDK.Finance action</source>
        <translation>Result of the last SDK.Finance action</translation>
    </message>
    <message>
        <source>Wait until the current SDK.Finance action has finished.</source>
        <translation>Wait until the current SDK.Finance action has finished.</translation>
    </message>
    <message>
        <source>Sending to SDK.Finance…</source>
        <translation>Sending to SDK.Finance…</translation>
    </message>
</context>
<context>
    <name>SdkFinanceSectionView</name>
    <message>
        <source>SDK.Finance — profile and reset requests</source>
        <translation>SDK.Finance — profile and reset requests</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>User id</translation>
    </message>
    <message>
        <source>Profile status</source>
        <translation>Profile status</translation>
    </message>
    <message>
        <source>RESET PENDING</source>
        <translation>RESET PENDING</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>No pending reset-identification request.</source>
        <translation>No pending reset-identification request.</translation>
    </message>
</context>
<context>
    <name>SdkFinanceWire</name>
    <message>
        <source>the login answer is not a JSON object</source>
        <translation>the login answer is not a JSON object</translation>
    </message>
    <message>
        <source>the login answer has no &quot;members&quot;</source>
        <translation>the login answer has no &quot;members&quot;</translation>
    </message>
    <message>
        <source>the login answer has no token</source>
        <translation>the login answer has no token</translation>
    </message>
    <message>
        <source>the list of reset requests is not a JSON object</source>
        <translation>the list of reset requests is not a JSON object</translation>
    </message>
    <message>
        <source>the list of reset requests has no &quot;records&quot; array</source>
        <translation>the list of reset requests has no &quot;records&quot; array</translation>
    </message>
    <message>
        <source>a reset request has no &quot;id&quot;</source>
        <translation>a reset request has no &quot;id&quot;</translation>
    </message>
    <message>
        <source>the reset answer is not a JSON object</source>
        <translation>the reset answer is not a JSON object</translation>
    </message>
    <message>
        <source>the reset answer has no &quot;profile&quot; document</source>
        <translation>the reset answer has no &quot;profile&quot; document</translation>
    </message>
    <message>
        <source>the answer is not a JSON object</source>
        <translation>the answer is not a JSON object</translation>
    </message>
    <message>
        <source>the profile list is not a JSON object</source>
        <translation>the profile list is not a JSON object</translation>
    </message>
    <message>
        <source>the profile list has no &quot;records&quot; array</source>
        <translation>the profile list has no &quot;records&quot; array</translation>
    </message>
    <message>
        <source>a profile has no &quot;id&quot;</source>
        <translation>a profile has no &quot;id&quot;</translation>
    </message>
    <message>
        <source>unknown user or request</source>
        <translation>unknown user or request</translation>
    </message>
    <message>
        <source>the answer says status &quot;error&quot;</source>
        <translation>the answer says status &quot;error&quot;</translation>
    </message>
    <message>
        <source>the answer says status &quot;error&quot;: %1</source>
        <translation>the answer says status &quot;error&quot;: %1</translation>
    </message>
    <message>
        <source>the SDK.Finance login is not permitted to do this</source>
        <translation>the SDK.Finance login is not permitted to do this</translation>
    </message>
    <message>
        <source>the SDK.Finance login is not permitted to do this (%1)</source>
        <translation>the SDK.Finance login is not permitted to do this (%1)</translation>
    </message>
</context>
<context>
    <name>SearchSourceStatus</name>
    <message>
        <source>loading…</source>
        <translation>loading…</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s), loading more…</source>
        <translation>
            <numerusform>%n result, loading more…</numerusform>
            <numerusform>%n results, loading more…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) of %1</source>
        <translation>
            <numerusform>%n result of %1</numerusform>
            <numerusform>%n results of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>error: %1</translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>IdentityDesk locked itself after the idle time the policy sets. Type your password to go on, or sign out.</source>
        <translation>IdentityDesk locked itself after the idle time the policy sets. Type your password to go on, or sign out.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts — IdentityDesk</source>
        <translation>Keyboard shortcuts — IdentityDesk</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Command</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Shortcut</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>&amp;Confirm password:</translation>
    </message>
    <message>
        <source>Sign in — IdentityDesk</source>
        <translation>Sign in — IdentityDesk</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>Operator name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>Confirm password</translation>
    </message>
    <message>
        <source>Sign-in problem</source>
        <translation>Sign-in problem</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Store: %1</translation>
    </message>
    <message>
        <source>Demo mode: sign in as %1 with the password “%2”. Everything happens in a throwaway store and against the bundled sandbox.</source>
        <translation>Demo mode: sign in as %1 with the password “%2”. Everything happens in a throwaway store and against the bundled sandbox.</translation>
    </message>
    <message>
        <source>Create the first supervisor</source>
        <translation>Create the first supervisor</translation>
    </message>
    <message>
        <source>Sign in to IdentityDesk</source>
        <translation>Sign in to IdentityDesk</translation>
    </message>
    <message>
        <source>This store has no operators yet. The first one is a supervisor, who can then add officers, auditors and other supervisors.</source>
        <translation>This store has no operators yet. The first one is a supervisor, who can then add officers, auditors and other supervisors.</translation>
    </message>
    <message>
        <source>Sign in with your operator name and password. Every action you take is recorded under your name.</source>
        <translation>Sign in with your operator name and password. Every action you take is recorded under your name.</translation>
    </message>
    <message>
        <source>&amp;Create supervisor</source>
        <translation>&amp;Create supervisor</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <source>The store is not open.</source>
        <translation>The store is not open.</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>Enter your name and password.</translation>
    </message>
    <message numerus="yes">
        <source>The password needs at least %n characters.</source>
        <translation>
            <numerusform>The password needs at least %n character.</numerusform>
            <numerusform>The password needs at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>Type the same password twice.</source>
        <translation>Type the same password twice.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>The passwords do not match.</translation>
    </message>
    <message>
        <source>Creating the supervisor…</source>
        <translation>Creating the supervisor…</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>This team store&apos;s server checks who you are: sign in with your database login and its password (your organisation&apos;s directory password, if it signs you in that way). Every action you take is recorded under that name.</source>
        <translation>This team store&apos;s server checks who you are: sign in with your database login and its password (your organisation&apos;s directory password, if it signs you in that way). Every action you take is recorded under that name.</translation>
    </message>
</context>
<context>
    <name>SmartIdClient</name>
    <message>
        <source>SmartID has no action &apos;%1&apos;.</source>
        <translation>SmartID has no action &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>A SmartID user id is required (the id the user enrolled with, usually their e-mail).</source>
        <translation>A SmartID user id is required (the id the user enrolled with, usually their e-mail).</translation>
    </message>
    <message>
        <source>The SmartID un-enroll takes no parameter &apos;%1&apos;.</source>
        <translation>The SmartID un-enroll takes no parameter &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>Reset the biometric enrollment of SmartID user %1 (un-enroll)</source>
        <translation>Reset the biometric enrollment of SmartID user %1 (un-enroll)</translation>
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
        <translation>SmartID answered the un-enroll of user %1 with HTTP %2, but the answer could not be read (%3), so it is not known whether it was processed. It is listed under Unresolved: check the user&apos;s enrollment at SmartID and resolve it; it is not sent again automatically.</translation>
    </message>
    <message>
        <source>SmartID: the biometric enrollment of user %1 was removed; they can enroll again from the app.</source>
        <translation>SmartID: the biometric enrollment of user %1 was removed; they can enroll again from the app.</translation>
    </message>
    <message>
        <source>user cannot be null or empty</source>
        <translation>user cannot be null or empty</translation>
    </message>
    <message>
        <source>SmartID refused the un-enroll: the user id was empty (%1). Nothing was changed; enter the user&apos;s SmartID id (the e-mail they enrolled with) and send again.</source>
        <translation>SmartID refused the un-enroll: the user id was empty (%1). Nothing was changed; enter the user&apos;s SmartID id (the e-mail they enrolled with) and send again.</translation>
    </message>
    <message>
        <source>SmartID no longer knows user %1 (%2, user not found) after an earlier un-enroll whose outcome was unknown: that one was processed, the user is already un-enrolled. Resolve the earlier action as succeeded.</source>
        <translation>SmartID no longer knows user %1 (%2, user not found) after an earlier un-enroll whose outcome was unknown: that one was processed, the user is already un-enrolled. Resolve the earlier action as succeeded.</translation>
    </message>
    <message>
        <source>SmartID: user %1 not found (%2). Nothing was un-enrolled. Check the id (SmartID knows users by the id they enrolled with, usually their e-mail). If an earlier un-enroll of this user ended in a SmartID fault, it may have been processed after all.</source>
        <translation>SmartID: user %1 not found (%2). Nothing was un-enrolled. Check the id (SmartID knows users by the id they enrolled with, usually their e-mail). If an earlier un-enroll of this user ended in a SmartID fault, it may have been processed after all.</translation>
    </message>
    <message>
        <source>SmartID: user channel not found for user %1 (%2). Nothing was un-enrolled. The user&apos;s app registration is missing at SmartID: ask the user to open the app again, or contact SmartID support.</source>
        <translation>SmartID: user channel not found for user %1 (%2). Nothing was un-enrolled. The user&apos;s app registration is missing at SmartID: ask the user to open the app again, or contact SmartID support.</translation>
    </message>
    <message>
        <source>a service call error</source>
        <translation>a service call error</translation>
    </message>
    <message>
        <source>an internal error</source>
        <translation>an internal error</translation>
    </message>
    <message>
        <source>SmartID had %1 (%2%3) while un-enrolling user %4. This proves nothing about processing: the un-enroll may or may not have been done, and it was not resent automatically. Check the user&apos;s enrollment and retry by hand if needed.</source>
        <translation>SmartID had %1 (%2%3) while un-enrolling user %4. This proves nothing about processing: the un-enroll may or may not have been done, and it was not resent automatically. Check the user&apos;s enrollment and retry by hand if needed.</translation>
    </message>
    <message>
        <source>SmartID answered the un-enroll of user %1 with an unexpected result (%2%3). Check the user&apos;s enrollment at SmartID before sending it again.</source>
        <translation>SmartID answered the un-enroll of user %1 with an unexpected result (%2%3). Check the user&apos;s enrollment at SmartID before sending it again.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a SmartID user id: use the id the user enrolled with (usually their e-mail address): 1 to %2 characters, with no spaces, line breaks or other control characters, no &apos;/&apos;, &apos;\&apos;, &apos;%&apos; and no &apos;..&apos;.</source>
        <translation>&apos;%1&apos; is not a SmartID user id: use the id the user enrolled with (usually their e-mail address): 1 to %2 characters, with no spaces, line breaks or other control characters, no &apos;/&apos;, &apos;\&apos;, &apos;%&apos; and no &apos;..&apos;.</translation>
    </message>
</context>
<context>
    <name>SmartIdCommand</name>
    <message>
        <source>usage: smartid unenroll USER --reason TEXT</source>
        <translation>usage: smartid unenroll USER --reason TEXT</translation>
    </message>
</context>
<context>
    <name>SmartIdModule</name>
    <message>
        <source>Reset the biometric enrollment of %1: SmartID un-enrolls the person, who must enroll again from the mobile app</source>
        <translation>Reset the biometric enrollment of %1: SmartID un-enrolls the person, who must enroll again from the mobile app</translation>
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
        <translation>Reset biometric enrollment…</translation>
    </message>
    <message>
        <source>SmartID Suite actions</source>
        <translation>SmartID Suite actions</translation>
    </message>
    <message>
        <source>SmartID user</source>
        <translation>SmartID user</translation>
    </message>
    <message>
        <source>Reset biometric enrollment</source>
        <translation>Reset biometric enrollment</translation>
    </message>
    <message>
        <source>Result of the last SmartID action</source>
        <translation>Result of the last SmartID action</translation>
    </message>
    <message>
        <source>Wait until the current SmartID action has finished.</source>
        <translation>Wait until the current SmartID action has finished.</translation>
    </message>
    <message>
        <source>Sending to SmartID…</source>
        <translation>Sending to SmartID…</translation>
    </message>
    <message>
        <source>The user SmartID Suite knows this person by: SmartID identifies users by their e-mail address, the selected person&apos;s.</source>
        <translation>The user SmartID Suite knows this person by: SmartID identifies users by their e-mail address, the selected person&apos;s.</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>SmartID knows people by e-mail, and this person has none.</source>
        <translation>SmartID knows people by e-mail, and this person has none.</translation>
    </message>
    <message>
        <source>Removes the person&apos;s biometric enrollment at SmartID so that they can enroll again. Opens a confirmation naming the person; you give a reason.</source>
        <translation>Removes the person&apos;s biometric enrollment at SmartID so that they can enroll again. Opens a confirmation naming the person; you give a reason.</translation>
    </message>
</context>
<context>
    <name>SmartIdProbe</name>
    <message>
        <source>test the connection</source>
        <translation>test the connection</translation>
    </message>
    <message>
        <source>SmartID is reachable over TLS (HTTP %1). The API key cannot be verified without a state change (SmartID has no read-only call), so it was not.</source>
        <translation>SmartID is reachable over TLS (HTTP %1). The API key cannot be verified without a state change (SmartID has no read-only call), so it was not.</translation>
    </message>
</context>
<context>
    <name>SmartIdSectionView</name>
    <message>
        <source>SmartID — enrollment</source>
        <translation>SmartID — enrollment</translation>
    </message>
    <message>
        <source>User</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation>Enrollment</translation>
    </message>
</context>
<context>
    <name>SmartIdWire</name>
    <message>
        <source>user cannot be null or empty</source>
        <translation>user cannot be null or empty</translation>
    </message>
</context>
<context>
    <name>SmileIdClient</name>
    <message>
        <source>Smile ID has no action &apos;%1&apos;.</source>
        <translation>Smile ID has no action &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>A Smile ID user id is required.</source>
        <translation>A Smile ID user id is required.</translation>
    </message>
    <message>
        <source>Unknown Smile ID flag &apos;%1&apos; (known: %2).</source>
        <translation>Unknown Smile ID flag &apos;%1&apos; (known: %2).</translation>
    </message>
    <message>
        <source>The value of the Smile ID flag &apos;%1&apos; must be true or false.</source>
        <translation>The value of the Smile ID flag &apos;%1&apos; must be true or false.</translation>
    </message>
    <message>
        <source>The Smile ID flag &apos;%1&apos; can only be set to true.</source>
        <translation>The Smile ID flag &apos;%1&apos; can only be set to true.</translation>
    </message>
    <message>
        <source>Allow Smile ID user %1 to re-enroll</source>
        <translation>Allow Smile ID user %1 to re-enroll</translation>
    </message>
    <message>
        <source>Reactivate Smile ID user %1</source>
        <translation>Reactivate Smile ID user %1</translation>
    </message>
    <message>
        <source>Deactivate Smile ID user %1</source>
        <translation>Deactivate Smile ID user %1</translation>
    </message>
    <message>
        <source>Delete (permanently block) Smile ID user %1</source>
        <translation>Delete (permanently block) Smile ID user %1</translation>
    </message>
    <message>
        <source>Mark Smile ID user %1 as fraudulent</source>
        <translation>Mark Smile ID user %1 as fraudulent</translation>
    </message>
    <message>
        <source>Clear the fraud flag of Smile ID user %1</source>
        <translation>Clear the fraud flag of Smile ID user %1</translation>
    </message>
    <message>
        <source>Change Smile ID user %1</source>
        <translation>Change Smile ID user %1</translation>
    </message>
    <message>
        <source>%1: done.</source>
        <translation>%1: done.</translation>
    </message>
    <message>
        <source>Smile ID user %1 was already deleted.</source>
        <translation>Smile ID user %1 was already deleted.</translation>
    </message>
    <message>
        <source>read the status of Smile ID job %1 of user %2</source>
        <translation>read the status of Smile ID job %1 of user %2</translation>
    </message>
    <message>
        <source>SECURITY WARNING: the answer carries no signature, so it cannot be shown as Smile ID&apos;s. Do not rely on it; tell your administrator</source>
        <translation>SECURITY WARNING: the answer carries no signature, so it cannot be shown as Smile ID&apos;s. Do not rely on it; tell your administrator</translation>
    </message>
    <message>
        <source>SECURITY WARNING: the answer&apos;s signature does not match (forged, tampered with, or a wrong API key in the profile). Do not rely on it; tell your administrator</source>
        <translation>SECURITY WARNING: the answer&apos;s signature does not match (forged, tampered with, or a wrong API key in the profile). Do not rely on it; tell your administrator</translation>
    </message>
    <message>
        <source>The job&apos;s status is not shown. If the API key in the connection profile is right, the answer did not come from Smile ID.</source>
        <translation>The job&apos;s status is not shown. If the API key in the connection profile is right, the answer did not come from Smile ID.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Smile ID user id (at most 100 characters, no line breaks, tabs or other control characters, no space at either end).</source>
        <translation>&apos;%1&apos; is not a Smile ID user id (at most 100 characters, no line breaks, tabs or other control characters, no space at either end).</translation>
    </message>
    <message>
        <source>load a Smile ID job image</source>
        <translation>load a Smile ID job image</translation>
    </message>
    <message>
        <source>the image link is not https: %1</source>
        <translation>the image link is not https: %1</translation>
    </message>
</context>
<context>
    <name>SmileIdCommand</name>
    <message>
        <source>usage: smileid flag USER_ID (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXT</source>
        <translation>usage: smileid flag USER_ID (--active true|false | --fraudulent true|false | --allow-reenroll | --delete) --reason TEXT</translation>
    </message>
    <message>
        <source>choose one of --active, --fraudulent, --allow-reenroll, --delete</source>
        <translation>choose one of --active, --fraudulent, --allow-reenroll, --delete</translation>
    </message>
    <message>
        <source>one flag per request: %1 given</source>
        <translation>one flag per request: %1 given</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXT is required</translation>
    </message>
    <message>
        <source>--%1 takes true or false</source>
        <translation>--%1 takes true or false</translation>
    </message>
</context>
<context>
    <name>SmileIdJobStatus</name>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>complete, success</source>
        <translation>complete, success</translation>
    </message>
    <message>
        <source>complete, failed</source>
        <translation>complete, failed</translation>
    </message>
</context>
<context>
    <name>SmileIdJobStatusCommand</name>
    <message>
        <source>usage: smileid job-status USER_ID JOB_ID [--history] [--image-links]</source>
        <translation>usage: smileid job-status USER_ID JOB_ID [--history] [--image-links]</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;smileid&apos; section</source>
        <translation>the connection profile %1 has no &apos;smileid&apos; section</translation>
    </message>
    <message>
        <source>Smile ID job %1 of user %2</source>
        <translation>Smile ID job %1 of user %2</translation>
    </message>
    <message>
        <source>Signature: verified</source>
        <translation>Signature: verified</translation>
    </message>
    <message>
        <source>State:     %1 (code %2)</source>
        <translation>State:     %1 (code %2)</translation>
    </message>
    <message>
        <source>Result:    %1 %2 (%3), confidence %4%5</source>
        <translation>Result:    %1 %2 (%3), confidence %4%5</translation>
    </message>
    <message>
        <source>, final</source>
        <translation>, final</translation>
    </message>
    <message>
        <source>, not final</source>
        <translation>, not final</translation>
    </message>
    <message>
        <source>Job type:  %1%2</source>
        <translation>Job type:  %1%2</translation>
    </message>
    <message>
        <source> (SmartSelfie registration)</source>
        <translation> (SmartSelfie registration)</translation>
    </message>
    <message>
        <source>Smile job: %1</source>
        <translation>Smile job: %1</translation>
    </message>
    <message>
        <source>History:   %1 %2</source>
        <translation>History:   %1 %2</translation>
    </message>
    <message>
        <source>Image:     %1 %2</source>
        <translation>Image:     %1 %2</translation>
    </message>
</context>
<context>
    <name>SmileIdModule</name>
    <message>
        <source>Allow %1 to enroll again: Smile ID accepts a new enrollment under the same user id</source>
        <translation>Allow %1 to enroll again: Smile ID accepts a new enrollment under the same user id</translation>
    </message>
    <message>
        <source>Reactivate %1: Smile ID processes this person&apos;s jobs again</source>
        <translation>Reactivate %1: Smile ID processes this person&apos;s jobs again</translation>
    </message>
    <message>
        <source>Deactivate %1: Smile ID disables this user id for now (it can be reactivated)</source>
        <translation>Deactivate %1: Smile ID disables this user id for now (it can be reactivated)</translation>
    </message>
    <message>
        <source>Delete %1 for good: Smile ID removes and permanently blocks this user id</source>
        <translation>Delete %1 for good: Smile ID removes and permanently blocks this user id</translation>
    </message>
    <message>
        <source>Mark %1 as fraudulent: Smile ID keeps processing this person&apos;s jobs but marks every one failed</source>
        <translation>Mark %1 as fraudulent: Smile ID keeps processing this person&apos;s jobs but marks every one failed</translation>
    </message>
    <message>
        <source>Clear the fraud flag of %1: Smile ID lets this person authenticate again</source>
        <translation>Clear the fraud flag of %1: Smile ID lets this person authenticate again</translation>
    </message>
    <message>
        <source>Change %1 at Smile ID</source>
        <translation>Change %1 at Smile ID</translation>
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
        <translation>Smile ID actions</translation>
    </message>
    <message>
        <source>Smile ID user id</source>
        <translation>Smile ID user id</translation>
    </message>
    <message>
        <source>Allow re-enroll…</source>
        <translation>Allow re-enroll…</translation>
    </message>
    <message>
        <source>Allow re-enroll</source>
        <translation>Allow re-enroll</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Deactivate…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Deactivate</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>Reactivate…</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reactivate</translation>
    </message>
    <message>
        <source>Mark fraudulent…</source>
        <translation>Mark fraudulent…</translation>
    </message>
    <message>
        <source>Mark fraudulent</source>
        <translation>Mark fraudulent</translation>
    </message>
    <message>
        <source>Clear fraud…</source>
        <translation>Clear fraud…</translation>
    </message>
    <message>
        <source>Clear fraud</source>
        <translation>Clear fraud</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Result of the last Smile ID action</source>
        <translation>Result of the last Smile ID action</translation>
    </message>
    <message>
        <source>Wait until the current Smile ID action has finished.</source>
        <translation>Wait until the current Smile ID action has finished.</translation>
    </message>
    <message>
        <source>Deleting is permanent: Smile ID blocks this user id for good. Type the user id &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>Deleting is permanent: Smile ID blocks this user id for good. Type the user id &lt;b&gt;%1&lt;/b&gt; to confirm:</translation>
    </message>
    <message>
        <source>Sending to Smile ID…</source>
        <translation>Sending to Smile ID…</translation>
    </message>
    <message>
        <source>The id Smile ID knows this person by: the id linked in the subject index, else Trust Swiftly&apos;s reference id (the partner&apos;s own user id, the one the enrollment was made with). If the person was enrolled under another id, link it with Link id…</source>
        <translation>The id Smile ID knows this person by: the id linked in the subject index, else Trust Swiftly&apos;s reference id (the partner&apos;s own user id, the one the enrollment was made with). If the person was enrolled under another id, link it with Link id…</translation>
    </message>
    <message>
        <source>User id:</source>
        <translation>User id:</translation>
    </message>
    <message>
        <source>&amp;Link id…</source>
        <translation>&amp;Link id…</translation>
    </message>
    <message>
        <source>Link a Smile ID user id</source>
        <translation>Link a Smile ID user id</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Select a person first.</translation>
    </message>
    <message>
        <source>This person has no Smile ID user id: link one with Link id….</source>
        <translation>This person has no Smile ID user id: link one with Link id….</translation>
    </message>
    <message>
        <source>Opens a confirmation naming the person; you give a reason.</source>
        <translation>Opens a confirmation naming the person; you give a reason.</translation>
    </message>
    <message>
        <source>The person is known to Smile ID under another id: link that id to their subject (audited).</source>
        <translation>The person is known to Smile ID under another id: link that id to their subject (audited).</translation>
    </message>
</context>
<context>
    <name>SmileIdProbe</name>
    <message>
        <source>test the connection</source>
        <translation>test the connection</translation>
    </message>
    <message>
        <source>Smile ID answered the signed status request (HTTP %1%2), so the API key and partner id were accepted.</source>
        <translation>Smile ID answered the signed status request (HTTP %1%2), so the API key and partner id were accepted.</translation>
    </message>
    <message>
        <source>Smile ID accepted the signed status request: the API key and partner id are valid.</source>
        <translation>Smile ID accepted the signed status request: the API key and partner id are valid.</translation>
    </message>
    <message>
        <source>The server answered HTTP %1 without a Smile ID answer, so the API key was not checked: make sure the API URL is Smile ID&apos;s job-status base (e.g. https://testapi.smileidentity.com).</source>
        <translation>The server answered HTTP %1 without a Smile ID answer, so the API key was not checked: make sure the API URL is Smile ID&apos;s job-status base (e.g. https://testapi.smileidentity.com).</translation>
    </message>
</context>
<context>
    <name>SmileIdSectionView</name>
    <message>
        <source>Smile ID — flags</source>
        <translation>Smile ID — flags</translation>
    </message>
    <message>
        <source>Smile ID — enrollment job (SmartSelfie registration)</source>
        <translation>Smile ID — enrollment job (SmartSelfie registration)</translation>
    </message>
    <message>
        <source>Load &amp;history and image links</source>
        <translation>Load &amp;history and image links</translation>
    </message>
    <message>
        <source>Load the enrollment job&apos;s history and image links</source>
        <translation>Load the enrollment job&apos;s history and image links</translation>
    </message>
    <message>
        <source>Asks Smile ID again for the job, with its history and image links.</source>
        <translation>Asks Smile ID again for the job, with its history and image links.</translation>
    </message>
    <message>
        <source>Show the &amp;images</source>
        <translation>Show the &amp;images</translation>
    </message>
    <message>
        <source>Show the enrollment job&apos;s images</source>
        <translation>Show the enrollment job&apos;s images</translation>
    </message>
    <message>
        <source>Loads the selfie and liveness images from Smile ID over TLS and shows them here; they are kept in memory only.</source>
        <translation>Loads the selfie and liveness images from Smile ID over TLS and shows them here; they are kept in memory only.</translation>
    </message>
    <message>
        <source>Smile ID job: &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>Smile ID job: &lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>Marked fraudulent</source>
        <translation>Marked fraudulent</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <source>May enroll again</source>
        <translation>May enroll again</translation>
    </message>
    <message>
        <source>⚠ Security warning: Smile ID&apos;s answer about the enrollment job did not carry a valid signature. Its content is not shown and must not be trusted. %1</source>
        <translation>⚠ Security warning: Smile ID&apos;s answer about the enrollment job did not carry a valid signature. Its content is not shown and must not be trusted. %1</translation>
    </message>
    <message>
        <source>Not shown: the answer failed the signature check (see the security warning).</source>
        <translation>Not shown: the answer failed the signature check (see the security warning).</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>User id</translation>
    </message>
    <message>
        <source>Last known state, from this console&apos;s audit log (Smile ID cannot be asked).</source>
        <translation>Last known state, from this console&apos;s audit log (Smile ID cannot be asked).</translation>
    </message>
    <message>
        <source>FRAUDULENT</source>
        <translation>FRAUDULENT</translation>
    </message>
    <message>
        <source>DEACTIVATED</source>
        <translation>DEACTIVATED</translation>
    </message>
    <message>
        <source>DELETED</source>
        <translation>DELETED</translation>
    </message>
    <message>
        <source>No flag change recorded yet.</source>
        <translation>No flag change recorded yet.</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>As of</source>
        <translation>As of</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Job</translation>
    </message>
    <message>
        <source>%1 (job_type %2)</source>
        <translation>%1 (job_type %2)</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>none yet</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confidence</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>verified ✔</source>
        <translation>verified ✔</translation>
    </message>
    <message>
        <source>History</source>
        <translation>History</translation>
    </message>
    <message numerus="yes">
        <source>%n entry(ies)</source>
        <translation>
            <numerusform>%n entry(ies)</numerusform>
            <numerusform>%n entry(ies)</numerusform>
        </translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Images</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s): selfie and liveness</source>
        <translation>
            <numerusform>%n image(s): selfie and liveness</numerusform>
            <numerusform>%n image(s): selfie and liveness</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Selfie</source>
        <translation>Selfie</translation>
    </message>
    <message>
        <source>Liveness image</source>
        <translation>Liveness image</translation>
    </message>
    <message>
        <source>Not an image</source>
        <translation>Not an image</translation>
    </message>
    <message>
        <source>Could not be loaded</source>
        <translation>Could not be loaded</translation>
    </message>
</context>
<context>
    <name>SmileIdWire</name>
    <message>
        <source>the request was not valid JSON (2203)</source>
        <translation>the request was not valid JSON (2203)</translation>
    </message>
    <message>
        <source>a field has the wrong type (2204)</source>
        <translation>a field has the wrong type (2204)</translation>
    </message>
    <message>
        <source>not authorised (%1): check the partner id, API key and environment in the connection profile</source>
        <translation>not authorised (%1): check the partner id, API key and environment in the connection profile</translation>
    </message>
    <message>
        <source>the user is disabled (2207)</source>
        <translation>the user is disabled (2207)</translation>
    </message>
    <message>
        <source>the user has been deleted (2208)</source>
        <translation>the user has been deleted (2208)</translation>
    </message>
    <message>
        <source>the user is already enrolled (2209)</source>
        <translation>the user is already enrolled (2209)</translation>
    </message>
    <message>
        <source>there is no enrolled user with this id (2210)</source>
        <translation>there is no enrolled user with this id (2210)</translation>
    </message>
    <message>
        <source>the user must re-enroll (2211)</source>
        <translation>the user must re-enroll (2211)</translation>
    </message>
    <message>
        <source>a required parameter is missing (2213)</source>
        <translation>a required parameter is missing (2213)</translation>
    </message>
    <message>
        <source>Smile ID error %1</source>
        <translation>Smile ID error %1</translation>
    </message>
    <message>
        <source>the job status is not a JSON object</source>
        <translation>the job status is not a JSON object</translation>
    </message>
    <message>
        <source>the job status has no &quot;job_complete&quot;</source>
        <translation>the job status has no &quot;job_complete&quot;</translation>
    </message>
    <message>
        <source>the answer says &quot;success&quot;: false</source>
        <translation>the answer says &quot;success&quot;: false</translation>
    </message>
</context>
<context>
    <name>SourceStatusStrip</name>
    <message>
        <source>Search sources</source>
        <translation>Search sources</translation>
    </message>
    <message>
        <source>Search status of %1</source>
        <translation>Search status of %1</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>Search %1 again</source>
        <translation>Search %1 again</translation>
    </message>
    <message>
        <source>Ask %1 again for the page that failed.</source>
        <translation>Ask %1 again for the page that failed.</translation>
    </message>
    <message>
        <source>%1: waiting for a query</source>
        <translation>%1: waiting for a query</translation>
    </message>
    <message>
        <source>%1: ⟳ loading…</source>
        <translation>%1: ⟳ loading…</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n result(s)</source>
        <translation>
            <numerusform>%1: %n result</numerusform>
            <numerusform>%1: %n results</numerusform>
        </translation>
    </message>
    <message>
        <source> (more when you scroll)</source>
        <translation> (more when you scroll)</translation>
    </message>
    <message>
        <source>%1: failed — %2</source>
        <translation>%1: failed — %2</translation>
    </message>
</context>
<context>
    <name>SqlStore</name>
    <message>
        <source>Check that the file still exists, its folder is writable and the disk is not full, then try again.</source>
        <translation>Check that the file still exists, its folder is writable and the disk is not full, then try again.</translation>
    </message>
    <message>
        <source>Check that the PostgreSQL server is running and reachable, then try again.</source>
        <translation>Check that the PostgreSQL server is running and reachable, then try again.</translation>
    </message>
    <message>
        <source>unknown database error</source>
        <translation>unknown database error</translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: %3. %4</source>
        <translation>Cannot %1 in the store at %2: %3. %4</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: the Qt SQL driver %2 is not installed. Install it (on Debian and Ubuntu: %3) and try again.</source>
        <translation>Cannot open the store at %1: the Qt SQL driver %2 is not installed. Install it (on Debian and Ubuntu: %3) and try again.</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the store. Check that you may write there, or choose another place with sqlite:PATH.</source>
        <translation>Cannot create the folder %1 for the store. Check that you may write there, or choose another place with sqlite:PATH.</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: %2. Check the folder exists and is writable.</source>
        <translation>Cannot open the store at %1: %2. Check the folder exists and is writable.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: %2. Check that the server is running and reachable, and the user name, password and database name.</source>
        <translation>Cannot connect to the PostgreSQL store at %1: %2. Check that the server is running and reachable, and the user name, password and database name.</translation>
    </message>
    <message>
        <source>prepare the connection</source>
        <translation>prepare the connection</translation>
    </message>
    <message>
        <source>Cannot open the store at %1: %2. Is it an IdentityDesk store? Choose another file with sqlite:PATH.</source>
        <translation>Cannot open the store at %1: %2. Is it an IdentityDesk store? Choose another file with sqlite:PATH.</translation>
    </message>
    <message>
        <source>The PostgreSQL database at %1 uses the encoding %2; IdentityDesk needs UTF8 so that audit entries read back exactly as they were hashed. Create the database with ENCODING &apos;UTF8&apos;.</source>
        <translation>The PostgreSQL database at %1 uses the encoding %2; IdentityDesk needs UTF8 so that audit entries read back exactly as they were hashed. Create the database with ENCODING &apos;UTF8&apos;.</translation>
    </message>
    <message>
        <source>read the schema version</source>
        <translation>read the schema version</translation>
    </message>
    <message>
        <source>The store at %1 was created by a newer IdentityDesk (schema version %2; this version knows up to %3). Update IdentityDesk, or choose another store.</source>
        <translation>The store at %1 was created by a newer IdentityDesk (schema version %2; this version knows up to %3). Update IdentityDesk, or choose another store.</translation>
    </message>
    <message>
        <source>prepare the schema</source>
        <translation>prepare the schema</translation>
    </message>
    <message>
        <source>apply schema migration %1 (%2)</source>
        <translation>apply schema migration %1 (%2)</translation>
    </message>
    <message>
        <source>The store file %1 has been deleted, moved or replaced since IdentityDesk opened it, so nothing can be read from or saved to it safely. Restore the file (or choose another store) and restart IdentityDesk.</source>
        <translation>The store file %1 has been deleted, moved or replaced since IdentityDesk opened it, so nothing can be read from or saved to it safely. Restore the file (or choose another store) and restart IdentityDesk.</translation>
    </message>
    <message>
        <source>The store at %1 is not open. Restart IdentityDesk, or choose another store.</source>
        <translation>The store at %1 is not open. Restart IdentityDesk, or choose another store.</translation>
    </message>
    <message>
        <source>Cannot finish saving to the store at %1 (%2): %3. It is not certain whether the change was saved; check before repeating it. %4</source>
        <translation>Cannot finish saving to the store at %1 (%2): %3. It is not certain whether the change was saved; check before repeating it. %4</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>unknown error</translation>
    </message>
    <message>
        <source>count the operators</source>
        <translation>count the operators</translation>
    </message>
    <message>
        <source>An operator needs a name.</source>
        <translation>An operator needs a name.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a password hash; the store never keeps plain passwords. This is a bug in IdentityDesk: please report it.</source>
        <translation>The password for operator “%1” is not a password hash; the store never keeps plain passwords. This is a bug in IdentityDesk: please report it.</translation>
    </message>
    <message>
        <source>add the operator “%1”</source>
        <translation>add the operator “%1”</translation>
    </message>
    <message>
        <source>An operator named “%1” already exists. Choose another name.</source>
        <translation>An operator named “%1” already exists. Choose another name.</translation>
    </message>
    <message>
        <source>add an operator</source>
        <translation>add an operator</translation>
    </message>
    <message>
        <source>look up the operator “%1”</source>
        <translation>look up the operator “%1”</translation>
    </message>
    <message>
        <source>Operator “%1” has the unknown role “%2” in the store at %3. A supervisor must correct it.</source>
        <translation>Operator “%1” has the unknown role “%2” in the store at %3. A supervisor must correct it.</translation>
    </message>
    <message>
        <source>list the operators</source>
        <translation>list the operators</translation>
    </message>
    <message>
        <source>read the policy</source>
        <translation>read the policy</translation>
    </message>
    <message>
        <source>A policy rule needs an action key.</source>
        <translation>A policy rule needs an action key.</translation>
    </message>
    <message>
        <source>change the policy for “%1”</source>
        <translation>change the policy for “%1”</translation>
    </message>
    <message>
        <source>change the policy</source>
        <translation>change the policy</translation>
    </message>
    <message>
        <source>record the action</source>
        <translation>record the action</translation>
    </message>
    <message>
        <source>Cannot record the action in the store at %1: the database returned no id. %2</source>
        <translation>Cannot record the action in the store at %1: the database returned no id. %2</translation>
    </message>
    <message>
        <source>update action %1</source>
        <translation>update action %1</translation>
    </message>
    <message>
        <source>There is no action %1 in the store at %2.</source>
        <translation>There is no action %1 in the store at %2.</translation>
    </message>
    <message>
        <source>Action %1 is no longer %2 (it is now %3): another operator or console has already handled it. Refresh the list and check it before doing anything else.</source>
        <translation>Action %1 is no longer %2 (it is now %3): another operator or console has already handled it. Refresh the list and check it before doing anything else.</translation>
    </message>
    <message>
        <source>Action %1 has the unknown state “%2” in the store at %3; it was probably written by a newer IdentityDesk. Update IdentityDesk.</source>
        <translation>Action %1 has the unknown state “%2” in the store at %3; it was probably written by a newer IdentityDesk. Update IdentityDesk.</translation>
    </message>
    <message>
        <source>read action %1</source>
        <translation>read action %1</translation>
    </message>
    <message>
        <source>list the %1 actions</source>
        <translation>list the %1 actions</translation>
    </message>
    <message>
        <source>append to the audit log</source>
        <translation>append to the audit log</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>read the audit log</translation>
    </message>
    <message>
        <source>record the bulk job</source>
        <translation>record the bulk job</translation>
    </message>
    <message>
        <source>record the rows of the bulk job</source>
        <translation>record the rows of the bulk job</translation>
    </message>
    <message>
        <source>record line %1 of the bulk job</source>
        <translation>record line %1 of the bulk job</translation>
    </message>
    <message>
        <source>read the bulk jobs</source>
        <translation>read the bulk jobs</translation>
    </message>
    <message>
        <source>There is no bulk job %1 in the store at %2.</source>
        <translation>There is no bulk job %1 in the store at %2.</translation>
    </message>
    <message>
        <source>update bulk job %1</source>
        <translation>update bulk job %1</translation>
    </message>
    <message>
        <source>read the rows of bulk job %1</source>
        <translation>read the rows of bulk job %1</translation>
    </message>
    <message>
        <source>record line %1 of bulk job %2</source>
        <translation>record line %1 of bulk job %2</translation>
    </message>
    <message>
        <source>cancel bulk job %1</source>
        <translation>cancel bulk job %1</translation>
    </message>
    <message>
        <source>count the rows of bulk job %1</source>
        <translation>count the rows of bulk job %1</translation>
    </message>
    <message>
        <source>read the subject index</source>
        <translation>read the subject index</translation>
    </message>
    <message>
        <source>There is no subject “%1” in the index.</source>
        <translation>There is no subject “%1” in the index.</translation>
    </message>
    <message>
        <source>search the subject index</source>
        <translation>search the subject index</translation>
    </message>
    <message>
        <source>save subjects to the index</source>
        <translation>save subjects to the index</translation>
    </message>
    <message numerus="yes">
        <source>record %n outcome(s)</source>
        <translation>
            <numerusform>record %n outcome</numerusform>
            <numerusform>record %n outcomes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>record %n line(s) of bulk job %1</source>
        <translation>
            <numerusform>record %n line of bulk job %1</numerusform>
            <numerusform>record %n lines of bulk job %1</numerusform>
        </translation>
    </message>
    <message>
        <source>renew the runner of bulk job %1</source>
        <translation>renew the runner of bulk job %1</translation>
    </message>
    <message>
        <source>start bulk job %1</source>
        <translation>start bulk job %1</translation>
    </message>
    <message>
        <source>The store is locked by another program or console; try again when it is done.</source>
        <translation>The store is locked by another program or console; try again when it is done.</translation>
    </message>
    <message>
        <source>read the store&apos;s id</source>
        <translation>read the store&apos;s id</translation>
    </message>
    <message>
        <source>The store at %1 has no valid id (store_info.store_id): it was damaged or edited.</source>
        <translation>The store at %1 has no valid id (store_info.store_id): it was damaged or edited.</translation>
    </message>
    <message>
        <source>read the checkpoint keys</source>
        <translation>read the checkpoint keys</translation>
    </message>
    <message>
        <source>register the checkpoint key %1</source>
        <translation>register the checkpoint key %1</translation>
    </message>
    <message>
        <source>keep the audit checkpoint of entry %1</source>
        <translation>keep the audit checkpoint of entry %1</translation>
    </message>
    <message>
        <source>read the audit checkpoints</source>
        <translation>read the audit checkpoints</translation>
    </message>
    <message>
        <source>change the operator “%1”</source>
        <translation>change the operator “%1”</translation>
    </message>
    <message>
        <source>There is no operator named “%1”.</source>
        <translation>There is no operator named “%1”.</translation>
    </message>
    <message>
        <source>The team store&apos;s server refused it: your database role may not do this.</source>
        <translation>The team store&apos;s server refused it: your database role may not do this.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is not signed by a CA this store URL trusts (%2). Give the server&apos;s CA with ?sslrootcert=FILE; nothing was read or written.</source>
        <translation>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is not signed by a CA this store URL trusts (%2). Give the server&apos;s CA with ?sslrootcert=FILE; nothing was read or written.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is for another host name (%2). Use the host name the certificate names; nothing was read or written.</source>
        <translation>Cannot connect to the PostgreSQL store at %1: its server&apos;s certificate is for another host name (%2). Use the host name the certificate names; nothing was read or written.</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL store at %1: no CA to check its server&apos;s certificate with (%2). Give the server&apos;s CA with ?sslrootcert=FILE.</source>
        <translation>Cannot connect to the PostgreSQL store at %1: no CA to check its server&apos;s certificate with (%2). Give the server&apos;s CA with ?sslrootcert=FILE.</translation>
    </message>
    <message>
        <source>“%1” is not one of the policy&apos;s settings.</source>
        <translation>“%1” is not one of the policy&apos;s settings.</translation>
    </message>
    <message>
        <source>apply the change of action %1</source>
        <translation>apply the change of action %1</translation>
    </message>
    <message>
        <source>Action %1 is no longer waiting for approval: another supervisor or console has decided it. Refresh to see its state.</source>
        <translation>Action %1 is no longer waiting for approval: another supervisor or console has decided it. Refresh to see its state.</translation>
    </message>
    <message>
        <source>Operator “%1” is no longer an active %2: request the change again.</source>
        <translation>Operator “%1” is no longer an active %2: request the change again.</translation>
    </message>
    <message>
        <source>record the profile used with this store</source>
        <translation>record the profile used with this store</translation>
    </message>
    <message>
        <source>record a bulk job</source>
        <translation>record a bulk job</translation>
    </message>
    <message>
        <source>record rows of a bulk job</source>
        <translation>record rows of a bulk job</translation>
    </message>
    <message>
        <source>explain a subject search</source>
        <translation>explain a subject search</translation>
    </message>
    <message>
        <source>Cannot save subjects to the index: the database returned no id.</source>
        <translation>Cannot save subjects to the index: the database returned no id.</translation>
    </message>
    <message>
        <source>The import was cancelled: nothing was written.</source>
        <translation>The import was cancelled: nothing was written.</translation>
    </message>
    <message>
        <source>read the store&apos;s team mode</source>
        <translation>read the store&apos;s team mode</translation>
    </message>
    <message>
        <source>The team store at %1 has an older schema than this IdentityDesk, and only its owner may upgrade it: ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</source>
        <translation>The team store at %1 has an older schema than this IdentityDesk, and only its owner may upgrade it: ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: the database returned nothing. %3</source>
        <translation>Cannot %1 in the store at %2: the database returned nothing. %3</translation>
    </message>
    <message>
        <source>sign in</source>
        <translation>sign in</translation>
    </message>
    <message>
        <source>Cannot sign in to the store at %1.</source>
        <translation>Cannot sign in to the store at %1.</translation>
    </message>
    <message>
        <source>The database role “%1” is not an active operator of the team store at %2 (it is in none of its group roles, or deactivated). Ask the administrator: identitydesk-cli admin init --check lists what is missing.</source>
        <translation>The database role “%1” is not an active operator of the team store at %2 (it is in none of its group roles, or deactivated). Ask the administrator: identitydesk-cli admin init --check lists what is missing.</translation>
    </message>
    <message>
        <source>The database role “%1” has no operator record in the store at %2.</source>
        <translation>The database role “%1” has no operator record in the store at %2.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a SCRAM verifier; a team store never receives plain passwords. This is a bug in IdentityDesk: please report it.</source>
        <translation>The password for operator “%1” is not a SCRAM verifier; a team store never receives plain passwords. This is a bug in IdentityDesk: please report it.</translation>
    </message>
    <message>
        <source>The password for operator “%1” is not a SCRAM verifier. This is a bug in IdentityDesk: please report it.</source>
        <translation>The password for operator “%1” is not a SCRAM verifier. This is a bug in IdentityDesk: please report it.</translation>
    </message>
    <message>
        <source>In a team store each operator changes their own password (their database role&apos;s); the database administrator resets a forgotten one.</source>
        <translation>In a team store each operator changes their own password (their database role&apos;s); the database administrator resets a forgotten one.</translation>
    </message>
    <message>
        <source>set up the team mode</source>
        <translation>set up the team mode</translation>
    </message>
    <message>
        <source>The role in the store URL may not create roles: give it CREATEROLE (ALTER ROLE owner CREATEROLE, as a superuser) and run admin init again.</source>
        <translation>The role in the store URL may not create roles: give it CREATEROLE (ALTER ROLE owner CREATEROLE, as a superuser) and run admin init again.</translation>
    </message>
    <message>
        <source>group roles %1</source>
        <translation>group roles %1</translation>
    </message>
    <message>
        <source>functions and privileges</source>
        <translation>functions and privileges</translation>
    </message>
    <message>
        <source>Operator “%1” has the unknown role “%2”.</source>
        <translation>Operator “%1” has the unknown role “%2”.</translation>
    </message>
    <message>
        <source>The database role “%1” (an operator&apos;s name) may create roles or databases: it cannot be an operator. Rename the operator or the role.</source>
        <translation>The database role “%1” (an operator&apos;s name) may create roles or databases: it cannot be an operator. Rename the operator or the role.</translation>
    </message>
    <message>
        <source>admin init: team mode brought up to date</source>
        <translation>admin init: team mode brought up to date</translation>
    </message>
    <message>
        <source>admin init: team mode enabled</source>
        <translation>admin init: team mode enabled</translation>
    </message>
    <message>
        <source>check the team mode</source>
        <translation>check the team mode</translation>
    </message>
    <message>
        <source>the owner role %1 may not create roles (it needs CREATEROLE)</source>
        <translation>the owner role %1 may not create roles (it needs CREATEROLE)</translation>
    </message>
    <message>
        <source>the group role %1 is missing (or can log in)</source>
        <translation>the group role %1 is missing (or can log in)</translation>
    </message>
    <message>
        <source>the table %1 is missing</source>
        <translation>the table %1 is missing</translation>
    </message>
    <message>
        <source>the group role %1 may write the table %2 directly</source>
        <translation>the group role %1 may write the table %2 directly</translation>
    </message>
    <message>
        <source>the group role %1 may not read the table %2</source>
        <translation>the group role %1 may not read the table %2</translation>
    </message>
    <message>
        <source>the function %1 is missing</source>
        <translation>the function %1 is missing</translation>
    </message>
    <message>
        <source>the group role %1 may call %2, which it must not</source>
        <translation>the group role %1 may call %2, which it must not</translation>
    </message>
    <message>
        <source>the group role %1 may not call %2</source>
        <translation>the group role %1 may not call %2</translation>
    </message>
    <message>
        <source>PUBLIC may write or call %1</source>
        <translation>PUBLIC may write or call %1</translation>
    </message>
    <message>
        <source>the function %1 runs without a fixed search_path</source>
        <translation>the function %1 runs without a fixed search_path</translation>
    </message>
    <message>
        <source>the append-only trigger %1 on audit is missing or disabled</source>
        <translation>the append-only trigger %1 on audit is missing or disabled</translation>
    </message>
    <message>
        <source>the operator %1 has no login role</source>
        <translation>the operator %1 has no login role</translation>
    </message>
    <message>
        <source>the operator %1 is in the group role %2 but is a %3</source>
        <translation>the operator %1 is in the group role %2 but is a %3</translation>
    </message>
    <message>
        <source>the operator %1 (a %3) is not in the group role %2</source>
        <translation>the operator %1 (a %3) is not in the group role %2</translation>
    </message>
    <message>
        <source>prepare the import</source>
        <translation>prepare the import</translation>
    </message>
    <message>
        <source>Cannot %1 in the team store at %2: its server functions for bulk jobs are missing (team mode %3). Ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</source>
        <translation>Cannot %1 in the team store at %2: its server functions for bulk jobs are missing (team mode %3). Ask the administrator to run identitydesk-cli --store postgresql://OWNER@… admin init.</translation>
    </message>
    <message>
        <source>the column %1.%2 (the bulk rows&apos; hashes) is missing: run admin init</source>
        <translation>the column %1.%2 (the bulk rows&apos; hashes) is missing: run admin init</translation>
    </message>
    <message numerus="yes">
        <source>%n bulk job(s) have rows that were never hashed: run admin init</source>
        <translation>
            <numerusform>%n bulk job(s) have rows that were never hashed: run admin init</numerusform>
            <numerusform>%n bulk job(s) have rows that were never hashed: run admin init</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot %1 in the store at %2: the database answered with %3 outcome(s) and %4 row(s) for %5 and %6. %7</source>
        <translation>Cannot %1 in the store at %2: the database answered with %3 outcome(s) and %4 row(s) for %5 and %6. %7</translation>
    </message>
    <message>
        <source>the store is not an enforced team store yet: run admin init</source>
        <translation>the store is not an enforced team store yet: run admin init</translation>
    </message>
    <message>
        <source>the store is at team mode %1, older than this console&apos;s team mode %2: run admin init to upgrade it</source>
        <translation>the store is at team mode %1, older than this console&apos;s team mode %2: run admin init to upgrade it</translation>
    </message>
    <message>
        <source>the store is at team mode %1, newer than this console&apos;s team mode %2: use a newer identitydesk-cli</source>
        <translation>the store is at team mode %1, newer than this console&apos;s team mode %2: use a newer identitydesk-cli</translation>
    </message>
    <message>
        <source>There is no store at %1; nothing was created.</source>
        <translation>There is no store at %1; nothing was created.</translation>
    </message>
    <message>
        <source>read who is signed in</source>
        <translation>read who is signed in</translation>
    </message>
    <message>
        <source>Type the password of %1.</source>
        <translation>Type the password of %1.</translation>
    </message>
    <message>
        <source>Wrong password for %1 (the team store&apos;s server refused it).</source>
        <translation>Wrong password for %1 (the team store&apos;s server refused it).</translation>
    </message>
    <message>
        <source>read when your password expires</source>
        <translation>read when your password expires</translation>
    </message>
</context>
<context>
    <name>StoreUrl</name>
    <message>
        <source>The store URL “%1” names a folder, not a file. Use sqlite:PATH/identitydesk.sqlite.</source>
        <translation>The store URL “%1” names a folder, not a file. Use sqlite:PATH/identitydesk.sqlite.</translation>
    </message>
    <message>
        <source>Unknown store URL “%1”. Use sqlite:PATH or postgresql://user@host:port/dbname.</source>
        <translation>Unknown store URL “%1”. Use sqlite:PATH or postgresql://user@host:port/dbname.</translation>
    </message>
    <message>
        <source>The store URL %1 is not a valid URL. Use postgresql://user:password@host:port/dbname and percent-encode special characters in the password.</source>
        <translation>The store URL %1 is not a valid URL. Use postgresql://user:password@host:port/dbname and percent-encode special characters in the password.</translation>
    </message>
    <message>
        <source>The store URL %1 needs one database name: postgresql://user@host:port/DBNAME.</source>
        <translation>The store URL %1 needs one database name: postgresql://user@host:port/DBNAME.</translation>
    </message>
    <message>
        <source>The store URL %1 has the option “%2”, which IdentityDesk does not pass on. Supported: %3. Put a password in the URL&apos;s user part or in ~/.pgpass.</source>
        <translation>The store URL %1 has the option “%2”, which IdentityDesk does not pass on. Supported: %3. Put a password in the URL&apos;s user part or in ~/.pgpass.</translation>
    </message>
    <message>
        <source>The store URL option “%1” must not contain “;”.</source>
        <translation>The store URL option “%1” must not contain “;”.</translation>
    </message>
    <message>
        <source>The store URL %1 connects to %2 without checking the server&apos;s certificate (sslmode=%3), so anyone on the way could read or change what is stored. Leave sslmode out (IdentityDesk uses verify-full) and give the server&apos;s CA with ?sslrootcert=FILE. Nothing was written.</source>
        <translation>The store URL %1 connects to %2 without checking the server&apos;s certificate (sslmode=%3), so anyone on the way could read or change what is stored. Leave sslmode out (IdentityDesk uses verify-full) and give the server&apos;s CA with ?sslrootcert=FILE. Nothing was written.</translation>
    </message>
    <message>
        <source>The store URL %1 checks the server&apos;s certificate but not that it was issued to %2 (sslmode=verify-ca), so another server with a certificate from the same CA could stand in for it. Leave sslmode out (IdentityDesk uses verify-full). Nothing was written.</source>
        <translation>The store URL %1 checks the server&apos;s certificate but not that it was issued to %2 (sslmode=verify-ca), so another server with a certificate from the same CA could stand in for it. Leave sslmode out (IdentityDesk uses verify-full). Nothing was written.</translation>
    </message>
</context>
<context>
    <name>SubjectCsv</name>
    <message>
        <source>line %1: a quoted field is never closed</source>
        <translation>line %1: a quoted field is never closed</translation>
    </message>
</context>
<context>
    <name>SubjectImportJob</name>
    <message>
        <source>Cannot read the subject index: %1</source>
        <translation>Cannot read the subject index: %1</translation>
    </message>
    <message>
        <source>Nothing was imported: cannot open the store: %1</source>
        <translation>Nothing was imported: cannot open the store: %1</translation>
    </message>
</context>
<context>
    <name>SubjectImportSpool</name>
    <message>
        <source>Cannot make a temporary file: %1</source>
        <translation>Cannot make a temporary file: %1</translation>
    </message>
    <message>
        <source>Cannot write a temporary file: %1</source>
        <translation>Cannot write a temporary file: %1</translation>
    </message>
    <message>
        <source>Cannot read a temporary file: %1</source>
        <translation>Cannot read a temporary file: %1</translation>
    </message>
</context>
<context>
    <name>SubjectProfileService</name>
    <message>
        <source>Unknown provider “%1” (known: %2).</source>
        <translation>Unknown provider “%1” (known: %2).</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Store</translation>
    </message>
    <message>
        <source>read the audit log</source>
        <translation>read the audit log</translation>
    </message>
    <message>
        <source>No Smile ID user id is linked.</source>
        <translation>No Smile ID user id is linked.</translation>
    </message>
    <message>
        <source>last known, from the audit log</source>
        <translation>last known, from the audit log</translation>
    </message>
    <message>
        <source>known only from the index and the audit log</source>
        <translation>known only from the index and the audit log</translation>
    </message>
    <message>
        <source>read the approvals queue</source>
        <translation>read the approvals queue</translation>
    </message>
    <message>
        <source>The connection profile has no Smile ID section.</source>
        <translation>The connection profile has no Smile ID section.</translation>
    </message>
    <message>
        <source>No enrollment job id is known for this person (import it in the smileid_job column).</source>
        <translation>No enrollment job id is known for this person (import it in the smileid_job column).</translation>
    </message>
    <message>
        <source>No e-mail address in the index to look the profile up by.</source>
        <translation>No e-mail address in the index to look the profile up by.</translation>
    </message>
    <message>
        <source>Only the first %L1 of %L2 pending requests at SDK.Finance were searched for this user; the Pending resets tab lists them all.</source>
        <translation>Only the first %L1 of %L2 pending requests at SDK.Finance were searched for this user; the Pending resets tab lists them all.</translation>
    </message>
    <message>
        <source>The connection profile has no %1 section.</source>
        <translation>The connection profile has no %1 section.</translation>
    </message>
    <message>
        <source>No %1 user id is linked.</source>
        <translation>No %1 user id is linked.</translation>
    </message>
</context>
<context>
    <name>SubjectProfileView</name>
    <message>
        <source>&amp;Link to subject…</source>
        <translation>&amp;Link to subject…</translation>
    </message>
    <message>
        <source>360 view of the selected person</source>
        <translation>360 view of the selected person</translation>
    </message>
    <message>
        <source>Security warning</source>
        <translation>Security warning</translation>
    </message>
    <message>
        <source>Link to subject</source>
        <translation>Link to subject</translation>
    </message>
    <message>
        <source>Audit history of this person</source>
        <translation>Audit history of this person</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <source>Record in the index that this person&apos;s ids belong to one subject.</source>
        <translation>Record in the index that this person&apos;s ids belong to one subject.</translation>
    </message>
    <message>
        <source>360 view: select a person</source>
        <translation>360 view: select a person</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Not linked to a subject in the index</source>
        <translation>Not linked to a subject in the index</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Subject %1</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Nothing recorded about this person yet.</source>
        <translation>Nothing recorded about this person yet.</translation>
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
        <translation>Requested by</translation>
    </message>
    <message>
        <source>No action about this person is waiting for approval.</source>
        <translation>No action about this person is waiting for approval.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
</context>
<context>
    <name>SubjectService</name>
    <message>
        <source>the id is empty</source>
        <translation>the id is empty</translation>
    </message>
    <message>
        <source>the id “%1” starts or ends with spaces</source>
        <translation>the id “%1” starts or ends with spaces</translation>
    </message>
    <message>
        <source>the id is longer than %1 characters</source>
        <translation>the id is longer than %1 characters</translation>
    </message>
    <message>
        <source>the id “%1” holds control characters</source>
        <translation>the id “%1” holds control characters</translation>
    </message>
    <message>
        <source>unknown provider “%1” (known: %2)</source>
        <translation>unknown provider “%1” (known: %2)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>Cannot read the subject index: %1</source>
        <translation>Cannot read the subject index: %1</translation>
    </message>
    <message>
        <source>expected %1 columns, found %2</source>
        <translation>expected %1 columns, found %2</translation>
    </message>
    <message>
        <source>subject: empty (every row needs the team&apos;s reference for the person)</source>
        <translation>subject: empty (every row needs the team&apos;s reference for the person)</translation>
    </message>
    <message>
        <source>subject: %1</source>
        <translation>subject: %1</translation>
    </message>
    <message>
        <source>subject: “%1” is already on line %2</source>
        <translation>subject: “%1” is already on line %2</translation>
    </message>
    <message>
        <source>email: “%1” is not an e-mail address</source>
        <translation>email: “%1” is not an e-mail address</translation>
    </message>
    <message>
        <source>smileid_job: a Smile ID job needs the person&apos;s Smile ID user id (column smileid)</source>
        <translation>smileid_job: a Smile ID job needs the person&apos;s Smile ID user id (column smileid)</translation>
    </message>
    <message>
        <source>%1 id “%2” is also given on line %3 for subject “%4”</source>
        <translation>%1 id “%2” is also given on line %3 for subject “%4”</translation>
    </message>
    <message>
        <source>%1 id “%2” is already linked to subject “%3”</source>
        <translation>%1 id “%2” is already linked to subject “%3”</translation>
    </message>
    <message>
        <source>%1 is an auditor and cannot change the subject index.</source>
        <translation>%1 is an auditor and cannot change the subject index.</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>line %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was imported from %1: %n row(s) cannot be imported.
</source>
        <translation>
            <numerusform>Nothing was imported from %1: %n row cannot be imported.
</numerusform>
            <numerusform>Nothing was imported from %1: %n rows cannot be imported.
</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 id “%2” is already linked to subject “%3”; unlink it there first.</source>
        <translation>%1 id “%2” is already linked to subject “%3”; unlink it there first.</translation>
    </message>
    <message>
        <source>Neither record is linked yet: give the subject reference to link both to.</source>
        <translation>Neither record is linked yet: give the subject reference to link both to.</translation>
    </message>
    <message>
        <source>email: %1 characters; an e-mail address has at most %2</source>
        <translation>email: %1 characters; an e-mail address has at most %2</translation>
    </message>
    <message>
        <source>%1 characters; a name has at most %2</source>
        <translation>%1 characters; a name has at most %2</translation>
    </message>
    <message>
        <source>“%1” holds control characters</source>
        <translation>“%1” holds control characters</translation>
    </message>
    <message>
        <source>“%1” is not a phone number (digits, spaces and + ( ) . - / only)</source>
        <translation>“%1” is not a phone number (digits, spaces and + ( ) . - / only)</translation>
    </message>
    <message>
        <source>%1 is empty: the first line must be a header naming its columns (of %2)</source>
        <translation>%1 is empty: the first line must be a header naming its columns (of %2)</translation>
    </message>
    <message>
        <source>“%1” is not a column</source>
        <translation>“%1” is not a column</translation>
    </message>
    <message>
        <source>“%1” is given twice</source>
        <translation>“%1” is given twice</translation>
    </message>
    <message>
        <source>there is no subject column</source>
        <translation>there is no subject column</translation>
    </message>
    <message>
        <source>%1, line %2: the header must name its columns, of %3, subject included (%4)</source>
        <translation>%1, line %2: the header must name its columns, of %3, subject included (%4)</translation>
    </message>
    <message>
        <source>Checking %1 was cancelled.</source>
        <translation>Checking %1 was cancelled.</translation>
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
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>“%1” is not PROVIDER:ID (e.g. %2:42)</source>
        <translation>“%1” is not PROVIDER:ID (e.g. %2:42)</translation>
    </message>
    <message>
        <source>Cannot write a temporary file</source>
        <translation>Cannot write a temporary file</translation>
    </message>
</context>
<context>
    <name>SubjectsCommand</name>
    <message>
        <source>usage: subjects import FILE.csv [--dry-run] | subjects link SUBJECT PROVIDER:ID</source>
        <translation>usage: subjects import FILE.csv [--dry-run] | subjects link SUBJECT PROVIDER:ID</translation>
    </message>
    <message>
        <source>%1 is an auditor and cannot change the subject index.</source>
        <translation>%1 is an auditor and cannot change the subject index.</translation>
    </message>
    <message>
        <source>Cannot read the subject index</source>
        <translation>Cannot read the subject index</translation>
    </message>
    <message>
        <source>%1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad</source>
        <translation>%1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad</translation>
    </message>
    <message>
        <source>line %1: %2 %3</source>
        <translation>line %1: %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>Imported: %n subject(s) written to the index.</source>
        <translation>
            <numerusform>Imported: %n subject written to the index.</numerusform>
            <numerusform>Imported: %n subjects written to the index.</numerusform>
        </translation>
    </message>
    <message>
        <source>Dry run: nothing was written.</source>
        <translation>Dry run: nothing was written.</translation>
    </message>
    <message>
        <source>%1, line %2: %3: %4</source>
        <translation>%1, line %2: %3: %4</translation>
    </message>
    <message>
        <source>Nothing was imported from %1.</source>
        <translation>Nothing was imported from %1.</translation>
    </message>
    <message>
        <source>Linked %1:%2 to subject %3.</source>
        <translation>Linked %1:%2 to subject %3.</translation>
    </message>
    <message>
        <source>checking rows</source>
        <translation>checking rows</translation>
    </message>
    <message>
        <source>writing subjects</source>
        <translation>writing subjects</translation>
    </message>
    <message>
        <source>reading the file</source>
        <translation>reading the file</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyClient</name>
    <message>
        <source>search users</source>
        <translation>search users</translation>
    </message>
    <message>
        <source>look up user %1</source>
        <translation>look up user %1</translation>
    </message>
    <message>
        <source>list workflows</source>
        <translation>list workflows</translation>
    </message>
    <message>
        <source>Trust Swiftly has no action &apos;%1&apos;.</source>
        <translation>Trust Swiftly has no action &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>A Trust Swiftly user id is required.</source>
        <translation>A Trust Swiftly user id is required.</translation>
    </message>
    <message>
        <source>Choose the workflow Trust Swiftly user %1 is on now (from).</source>
        <translation>Choose the workflow Trust Swiftly user %1 is on now (from).</translation>
    </message>
    <message>
        <source>Choose the re-verification workflow to assign to Trust Swiftly user %1 (to).</source>
        <translation>Choose the re-verification workflow to assign to Trust Swiftly user %1 (to).</translation>
    </message>
    <message>
        <source>The re-verification workflow must differ from the current one (both are %1).</source>
        <translation>The re-verification workflow must differ from the current one (both are %1).</translation>
    </message>
    <message>
        <source>Assign re-verification workflow %1 to Trust Swiftly user %2 (now on %3)</source>
        <translation>Assign re-verification workflow %1 to Trust Swiftly user %2 (now on %3)</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 already has re-verification workflow %2: nothing changed.</source>
        <translation>Trust Swiftly user %1 already has re-verification workflow %2: nothing changed.</translation>
    </message>
    <message>
        <source>Trust Swiftly did not assign re-verification workflow %1 to user %2 (it answered &quot;success&quot;: false%3). Check the user in Trust Swiftly and try again.</source>
        <translation>Trust Swiftly did not assign re-verification workflow %1 to user %2 (it answered &quot;success&quot;: false%3). Check the user in Trust Swiftly and try again.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 now has re-verification workflow %2 (from %3); they will be asked to re-verify the next time they open their magic link.</source>
        <translation>Trust Swiftly user %1 now has re-verification workflow %2 (from %3); they will be asked to re-verify the next time they open their magic link.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 not found (HTTP 404): nothing was changed. Check the id: it is Trust Swiftly&apos;s own user id (e.g. 647), not your reference id.</source>
        <translation>Trust Swiftly user %1 not found (HTTP 404): nothing was changed. Check the id: it is Trust Swiftly&apos;s own user id (e.g. 647), not your reference id.</translation>
    </message>
    <message>
        <source>the data was invalid</source>
        <translation>the data was invalid</translation>
    </message>
    <message>
        <source>Trust Swiftly refused to assign re-verification workflow %1 to user %2 (HTTP 422): %3. Nothing was changed; correct the workflow named and send again.</source>
        <translation>Trust Swiftly refused to assign re-verification workflow %1 to user %2 (HTTP 422): %3. Nothing was changed; correct the workflow named and send again.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has re-verification workflow %2 assigned: the reverify took effect.</source>
        <translation>Trust Swiftly user %1 has re-verification workflow %2 assigned: the reverify took effect.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has no re-verification workflow assigned, not %2: the reverify did not take effect. Resolve it as failed, or send it again.</source>
        <translation>Trust Swiftly user %1 has no re-verification workflow assigned, not %2: the reverify did not take effect. Resolve it as failed, or send it again.</translation>
    </message>
    <message>
        <source>Trust Swiftly user %1 has re-verification workflow %2 assigned, not %3: the reverify did not take effect (or was changed since). Resolve it as failed, or send it again.</source>
        <translation>Trust Swiftly user %1 has re-verification workflow %2 assigned, not %3: the reverify did not take effect (or was changed since). Resolve it as failed, or send it again.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a Trust Swiftly user id: use the id the Trust Swiftly API gave the user (e.g. 647; letters, digits, &apos;-&apos; or &apos;_&apos;), not your own reference id.</source>
        <translation>&apos;%1&apos; is not a Trust Swiftly user id: use the id the Trust Swiftly API gave the user (e.g. 647; letters, digits, &apos;-&apos; or &apos;_&apos;), not your own reference id.</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyCommand</name>
    <message>
        <source>usage: trustswiftly workflows | trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT</source>
        <translation>usage: trustswiftly workflows | trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;trustswiftly&apos; section</source>
        <translation>the connection profile %1 has no &apos;trustswiftly&apos; section</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <source>trustswiftly reverify needs --from WORKFLOW and --to WORKFLOW (see &apos;trustswiftly workflows&apos;)</source>
        <translation>trustswiftly reverify needs --from WORKFLOW and --to WORKFLOW (see &apos;trustswiftly workflows&apos;)</translation>
    </message>
    <message>
        <source>--reason TEXT is required</source>
        <translation>--reason TEXT is required</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyModule</name>
    <message>
        <source>Assign re-verification to %1: Trust Swiftly switches the person from workflow %2 to %3 for the next check</source>
        <translation>Assign re-verification to %1: Trust Swiftly switches the person from workflow %2 to %3 for the next check</translation>
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
        <translation>Current workflow</translation>
    </message>
    <message>
        <source>Re-verification workflow</source>
        <translation>Re-verification workflow</translation>
    </message>
    <message>
        <source>Trust Swiftly actions</source>
        <translation>Trust Swiftly actions</translation>
    </message>
    <message>
        <source>Assign re-verification…</source>
        <translation>Assign re-verification…</translation>
    </message>
    <message>
        <source>Assign re-verification</source>
        <translation>Assign re-verification</translation>
    </message>
    <message>
        <source>Result of the last Trust Swiftly action</source>
        <translation>Result of the last Trust Swiftly action</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</source>
        <translation>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</translation>
    </message>
    <message>
        <source>Re-verification is for Trust Swiftly users.</source>
        <translation>Re-verification is for Trust Swiftly users.</translation>
    </message>
    <message>
        <source>Trust Swiftly has not said which workflow this user is on.</source>
        <translation>Trust Swiftly has not said which workflow this user is on.</translation>
    </message>
    <message>
        <source>Choose a workflow the user must go through again; opens a confirmation with the exact request.</source>
        <translation>Choose a workflow the user must go through again; opens a confirmation with the exact request.</translation>
    </message>
    <message>
        <source>Wait until the current Trust Swiftly action has finished.</source>
        <translation>Wait until the current Trust Swiftly action has finished.</translation>
    </message>
    <message>
        <source>Sending to Trust Swiftly…</source>
        <translation>Sending to Trust Swiftly…</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlySectionView</name>
    <message>
        <source>Trust Swiftly — workflow and verification</source>
        <translation>Trust Swiftly — workflow and verification</translation>
    </message>
    <message>
        <source>User id</source>
        <translation>User id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Verification status</source>
        <translation>Verification status</translation>
    </message>
    <message>
        <source>Current workflow</source>
        <translation>Current workflow</translation>
    </message>
    <message>
        <source>RE-VERIFICATION ASSIGNED</source>
        <translation>RE-VERIFICATION ASSIGNED</translation>
    </message>
    <message>
        <source>Re-verification workflow</source>
        <translation>Re-verification workflow</translation>
    </message>
</context>
<context>
    <name>TrustSwiftlyWire</name>
    <message>
        <source>a user has no &apos;id&apos;</source>
        <translation>a user has no &apos;id&apos;</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: [...]} in the users listing</source>
        <translation>expected {&quot;data&quot;: [...]} in the users listing</translation>
    </message>
    <message>
        <source>an entry of the users listing is not an object</source>
        <translation>an entry of the users listing is not an object</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: {...}} for a user</source>
        <translation>expected {&quot;data&quot;: {...}} for a user</translation>
    </message>
    <message>
        <source>expected {&quot;data&quot;: [...]} in the workflow list</source>
        <translation>expected {&quot;data&quot;: [...]} in the workflow list</translation>
    </message>
    <message>
        <source>a workflow has no &apos;id&apos;</source>
        <translation>a workflow has no &apos;id&apos;</translation>
    </message>
</context>
<context>
    <name>UnresolvedCommand</name>
    <message>
        <source>Action #%1 resolved as %2.</source>
        <translation>Action #%1 resolved as %2.</translation>
    </message>
    <message>
        <source>usage: unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXT</source>
        <translation>usage: unresolved list | unresolved recheck ID | unresolved resolve ID --outcome succeeded|failed --reason TEXT</translation>
    </message>
</context>
<context>
    <name>UnresolvedView</name>
    <message>
        <source>Resolve as su&amp;cceeded…</source>
        <translation>Resolve as su&amp;cceeded…</translation>
    </message>
    <message>
        <source>Resolve as fai&amp;led…</source>
        <translation>Resolve as fai&amp;led…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Unresolved actions</source>
        <translation>Unresolved actions</translation>
    </message>
    <message>
        <source>Resolve as succeeded</source>
        <translation>Resolve as succeeded</translation>
    </message>
    <message>
        <source>Resolve as failed</source>
        <translation>Resolve as failed</translation>
    </message>
    <message>
        <source>Refresh the unresolved actions</source>
        <translation>Refresh the unresolved actions</translation>
    </message>
    <message>
        <source>The unresolved actions could not be read: %1</source>
        <translation>The unresolved actions could not be read: %1</translation>
    </message>
    <message>
        <source>No action is unresolved.</source>
        <translation>No action is unresolved.</translation>
    </message>
    <message>
        <source>Select an action first.</source>
        <translation>Select an action first.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Not signed in.</translation>
    </message>
    <message>
        <source>Record what you found at the provider, with a reason.</source>
        <translation>Record what you found at the provider, with a reason.</translation>
    </message>
    <message>
        <source>#%1 requested by %2: %3</source>
        <translation>#%1 requested by %2: %3</translation>
    </message>
    <message>
        <source>Resolve action #%1 — IdentityDesk</source>
        <translation>Resolve action #%1 — IdentityDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record #%1 as succeeded?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was applied.</source>
        <translation>&lt;b&gt;Record #%1 as succeeded?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was applied.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Record #%1 as failed?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was not applied.</source>
        <translation>&lt;b&gt;Record #%1 as failed?&lt;/b&gt; %2.&lt;br&gt;Do this only after checking at the provider that the change was not applied.</translation>
    </message>
    <message>
        <source>&amp;What did you check? (required)</source>
        <translation>&amp;What did you check? (required)</translation>
    </message>
    <message>
        <source>Record as &amp;succeeded</source>
        <translation>Record as &amp;succeeded</translation>
    </message>
    <message>
        <source>Record as &amp;failed</source>
        <translation>Record as &amp;failed</translation>
    </message>
    <message>
        <source>#%1 recorded as succeeded.</source>
        <translation>#%1 recorded as succeeded.</translation>
    </message>
    <message>
        <source>#%1 recorded as failed.</source>
        <translation>#%1 recorded as failed.</translation>
    </message>
    <message>
        <source>#%1 could not be resolved: %2</source>
        <translation>#%1 could not be resolved: %2</translation>
    </message>
    <message>
        <source>Re-check at the &amp;provider</source>
        <translation>Re-check at the &amp;provider</translation>
    </message>
    <message>
        <source>An unresolved action was sent, but its outcome is unknown: the provider did not answer in time, the connection was lost after sending, or the console stopped while waiting. It may or may not have been applied, so it is never sent again automatically. Check the person&apos;s state at the provider (Re-check asks it, where the provider can tell), then record what you found. To try again after a failure, request the action anew.</source>
        <translation>An unresolved action was sent, but its outcome is unknown: the provider did not answer in time, the connection was lost after sending, or the console stopped while waiting. It may or may not have been applied, so it is never sent again automatically. Check the person&apos;s state at the provider (Re-check asks it, where the provider can tell), then record what you found. To try again after a failure, request the action anew.</translation>
    </message>
    <message>
        <source>Re-check at the provider</source>
        <translation>Re-check at the provider</translation>
    </message>
    <message>
        <source>Asking the provider…</source>
        <translation>Asking the provider…</translation>
    </message>
    <message>
        <source>Asks the provider whether the change took effect; if it did, the action is resolved as succeeded.</source>
        <translation>Asks the provider whether the change took effect; if it did, the action is resolved as succeeded.</translation>
    </message>
</context>
<context>
    <name>UserDetailPane</name>
    <message>
        <source>User details</source>
        <translation>User details</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Provider id</translation>
    </message>
    <message>
        <source>No user selected</source>
        <translation>No user selected</translation>
    </message>
    <message>
        <source>Search for a user and select a row to see the details here.</source>
        <translation>Search for a user and select a row to see the details here.</translation>
    </message>
    <message>
        <source>Refreshing from %1…</source>
        <translation>Refreshing from %1…</translation>
    </message>
    <message>
        <source>Up to date as of %1.</source>
        <translation>Up to date as of %1.</translation>
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
        <translation>Not connected: open a connection profile first.</translation>
    </message>
    <message>
        <source>Select a person first.</source>
        <translation>Select a person first.</translation>
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
        <translation>NAME</translation>
    </message>
    <message>
        <source>E-MAIL</source>
        <translation>E-MAIL</translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation>STATUS</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) shown</source>
        <translation>
            <numerusform>%n user shown</numerusform>
            <numerusform>%n users shown</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 match(es) in all</source>
        <translation>, %1 match(es) in all</translation>
    </message>
</context>
<context>
    <name>UsersCommand</name>
    <message>
        <source>&apos;users search&apos; takes exactly one TEXT argument</source>
        <translation>&apos;users search&apos; takes exactly one TEXT argument</translation>
    </message>
    <message>
        <source>--limit takes a positive whole number</source>
        <translation>--limit takes a positive whole number</translation>
    </message>
    <message>
        <source>usage: users search TEXT [--provider NAME] [--limit N] | users show ID [--provider NAME]</source>
        <translation>usage: users search TEXT [--provider NAME] [--limit N] | users show ID [--provider NAME]</translation>
    </message>
    <message>
        <source>the connection profile %1 has no &apos;%2&apos; section</source>
        <translation>the connection profile %1 has no &apos;%2&apos; section</translation>
    </message>
    <message>
        <source>--provider: &apos;%1&apos; cannot search users (known: %2, %3)</source>
        <translation>--provider: &apos;%1&apos; cannot search users (known: %2, %3)</translation>
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
        <translation>Name</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Provider id</source>
        <translation>Provider id</translation>
    </message>
</context>
<context>
    <name>UsersShowCommand</name>
    <message>
        <source>usage: users show ID [--provider NAME]</source>
        <translation>usage: users show ID [--provider NAME]</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Not in the subject index</source>
        <translation>Not in the subject index</translation>
    </message>
    <message>
        <source>Subject %1</source>
        <translation>Subject %1</translation>
    </message>
    <message>
        <source>  e-mail: %1</source>
        <translation>  e-mail: %1</translation>
    </message>
    <message>
        <source>  %1 id: %2</source>
        <translation>  %1 id: %2</translation>
    </message>
    <message>
        <source>users show needs an ID: a subject reference, or a provider&apos;s id with --provider NAME (an empty ID is never valid)</source>
        <translation>users show needs an ID: a subject reference, or a provider&apos;s id with --provider NAME (an empty ID is never valid)</translation>
    </message>
    <message>
        <source>users show: not a subject reference: %1</source>
        <translation>users show: not a subject reference: %1</translation>
    </message>
</context>
<context>
    <name>WaitNotice</name>
    <message>
        <source>%1 rate limit: waiting %2 s (until %3)…</source>
        <translation>%1 rate limit: waiting %2 s (until %3)…</translation>
    </message>
    <message>
        <source>provider</source>
        <translation>provider</translation>
    </message>
    <message>
        <source>%1 Trying again in %2 s…</source>
        <translation>%1 Trying again in %2 s…</translation>
    </message>
    <message>
        <source>still waiting for %1… Ctrl-C to stop</source>
        <translation>still waiting for %1… Ctrl-C to stop</translation>
    </message>
    <message>
        <source>still waiting for %1 (%2 s)… Ctrl-C to stop</source>
        <translation>still waiting for %1 (%2 s)… Ctrl-C to stop</translation>
    </message>
</context>
<context>
    <name>WorkflowPicker</name>
    <message>
        <source>&amp;Refresh workflows</source>
        <translation>&amp;Refresh workflows</translation>
    </message>
    <message>
        <source>Re-verification workflows</source>
        <translation>Re-verification workflows</translation>
    </message>
    <message>
        <source>Current workflow (from)</source>
        <translation>Current workflow (from)</translation>
    </message>
    <message>
        <source>The workflow the user is on now; Trust Swiftly refuses the request if it does not match.</source>
        <translation>The workflow the user is on now; Trust Swiftly refuses the request if it does not match.</translation>
    </message>
    <message>
        <source>Re-verification workflow (to)</source>
        <translation>Re-verification workflow (to)</translation>
    </message>
    <message>
        <source>The workflow the user will be asked to go through; it must differ from the current one.</source>
        <translation>The workflow the user will be asked to go through; it must differ from the current one.</translation>
    </message>
    <message>
        <source>Refresh workflows</source>
        <translation>Refresh workflows</translation>
    </message>
    <message>
        <source>Asks Trust Swiftly for its workflows again (they are kept for the session).</source>
        <translation>Asks Trust Swiftly for its workflows again (they are kept for the session).</translation>
    </message>
    <message>
        <source>&amp;From (current):</source>
        <translation>&amp;From (current):</translation>
    </message>
    <message>
        <source>&amp;To (re-verification):</source>
        <translation>&amp;To (re-verification):</translation>
    </message>
    <message>
        <source>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</source>
        <translation>Not connected to Trust Swiftly: open a connection profile with a Trust Swiftly section.</translation>
    </message>
    <message>
        <source>Reading the workflows from Trust Swiftly…</source>
        <translation>Reading the workflows from Trust Swiftly…</translation>
    </message>
    <message>
        <source>The workflows could not be read: %1</source>
        <translation>The workflows could not be read: %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Unknown workflow (%1)</source>
        <translation>Unknown workflow (%1)</translation>
    </message>
    <message>
        <source>This is the current workflow: choose another one.</source>
        <translation>This is the current workflow: choose another one.</translation>
    </message>
</context>
</TS>
