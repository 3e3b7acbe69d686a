// SPDX-License-Identifier: GPL-3.0-or-later
#include "OperatorsCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "services/GovernanceService.h"
#include "services/OperatorService.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>

void OperatorsCommand::run(const QStringList& words)
{
    int code = ExitCode::Usage;
    if (words.value(0) == QLatin1String("add") && words.size() == 2)
        code = add(words.at(1));
    else if (words.value(0) == QLatin1String("list") && words.size() == 1)
        code = list();
    else if ((words.value(0) == QLatin1String("deactivate") || words.value(0) == QLatin1String("activate")) &&
             words.size() == 2)
        code = setActive(words.at(1), words.at(0) == QLatin1String("activate"));
    else if (words.value(0) == QLatin1String("password") && words.size() <= 2)
        code = password(words.value(1));
    else if (words.value(0) == QLatin1String("set-role") && words.size() == 3)
        code = setRole(words.at(1), words.at(2));
    else
        m_context.error(tr("usage: operators add NAME --role officer|supervisor|auditor | operators list | "
                           "operators deactivate|activate NAME --reason TEXT | operators set-role NAME ROLE "
                           "--reason TEXT | operators password [NAME]"));
    emit finished(code);
}

int OperatorsCommand::add(const QString& name)
{
    const std::optional<Role> role = Roles::fromString(m_context.value("role"));
    if (!role) {
        m_context.error(tr("operators add needs --role officer, supervisor or auditor"));
        return ExitCode::Usage;
    }
    QString error;
    Store* store = m_context.store(&error);
    if (!store) {
        m_context.error(error);
        return m_context.failureCode();
    }
    OperatorService service(store);
    const std::optional<bool> bootstrap = service.needsBootstrap(&error);
    if (!bootstrap) {
        m_context.error(error);
        return ExitCode::Network; // the store could not be read
    }
    std::optional<Operator> actor;
    if (!*bootstrap) {
        actor = m_context.signIn(&error);
        if (!actor) {
            m_context.error(error);
            return m_context.failureCode();
        }
    }
    QString password =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"));
    if (password.isEmpty())
        password = CliContext::readSecret(tr("Password for the new operator %1: ").arg(name));
    const std::optional<Operator> added = service.addOperator(actor, name, *role, password, &error);
    if (!added) {
        m_context.error(error);
        const bool permission = error.contains(QLatin1String("supervisor"));
        return permission ? ExitCode::NotPermitted : ExitCode::Usage;
    }
    if (m_context.json())
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("name"), added->name},
                                                     {QStringLiteral("role"), Roles::toString(added->role)}})
                               .toJson(QJsonDocument::Compact)
                        << '\n';
    else
        m_context.out() << tr("Operator %1 added as %2.").arg(added->name, Roles::toString(added->role))
                        << '\n';
    return ExitCode::Done;
}

int OperatorsCommand::list()
{
    QString error;
    if (!m_context.signIn(&error)) {
        m_context.error(error);
        return m_context.failureCode();
    }
    const std::optional<QList<Operator>> ops = m_context.store(&error)->operators(&error);
    if (!ops) {
        m_context.error(error);
        return ExitCode::Network; // the store could not be read
    }
    if (m_context.json()) {
        QJsonArray array;
        for (const Operator& op : *ops)
            array.append(QJsonObject{{QStringLiteral("name"), op.name},
                                     {QStringLiteral("role"), Roles::toString(op.role)},
                                     {QStringLiteral("active"), op.active}});
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("operators"), array}}).toJson();
    } else {
        for (const Operator& op : *ops)
            m_context.out() << op.name << '\t' << Roles::toString(op.role)
                            << (op.active ? "" : "\t(inactive)") << '\n';
    }
    return ExitCode::Done;
}

std::optional<Operator> OperatorsCommand::signedInWithReason(int* code)
{
    if (m_context.value("reason").trimmed().isEmpty()) {
        m_context.error(tr("--reason TEXT is required"));
        *code = ExitCode::Usage;
        return std::nullopt;
    }
    QString error;
    const std::optional<Operator> actor = m_context.signIn(&error);
    if (!actor) {
        m_context.error(error);
        *code = m_context.failureCode();
    }
    return actor;
}

int OperatorsCommand::setActive(const QString& name, bool active)
{
    const QString reason = m_context.value("reason");
    int code = ExitCode::Done;
    const std::optional<Operator> actor = signedInWithReason(&code);
    if (!actor)
        return code;
    QString error;
    Store* store = m_context.store(&error);
    if (!Roles::canManageOperators(actor->role)) {
        m_context.error(tr("Only supervisors can deactivate or reactivate operators."));
        return ExitCode::NotPermitted;
    }
    if (!OperatorService(store).setActive(*actor, name, active, reason, &error)) {
        m_context.error(error);
        return name.trimmed() == actor->name ? ExitCode::NotPermitted : ExitCode::Usage;
    }
    // What the deactivated operator left waiting: a supervisor decides on each.
    QList<qint64> waiting;
    if (!active) {
        if (const std::optional<QList<ActionRecord>> pending =
                store->actionsInState(ActionRecord::State::PendingApproval, &error)) {
            for (const ActionRecord& a : *pending) {
                if (a.initiator == name.trimmed())
                    waiting << a.id;
            }
        }
    }
    if (m_context.json()) {
        QJsonArray ids;
        for (qint64 id : std::as_const(waiting))
            ids.append(id);
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("name"), name.trimmed()},
                                                     {QStringLiteral("active"), active},
                                                     {QStringLiteral("pending_actions"), ids}})
                               .toJson(QJsonDocument::Compact)
                        << '\n';
        return ExitCode::Done;
    }
    m_context.out() << (active ? tr("Operator %1 reactivated.")
                               : tr("Operator %1 deactivated: they cannot sign in."))
                           .arg(name.trimmed())
                    << '\n';
    if (!waiting.isEmpty()) {
        QStringList ids;
        for (qint64 id : std::as_const(waiting))
            ids << QString::number(id);
        m_context.out() << tr("Their requests still waiting for approval: %1 (approvals approve|reject ID).")
                               .arg(ids.join(QStringLiteral(", ")))
                        << '\n';
    }
    return ExitCode::Done;
}

int OperatorsCommand::setRole(const QString& rawName, const QString& roleWord)
{
    const std::optional<Role> role = Roles::fromString(roleWord);
    if (!role) {
        m_context.error(tr("operators set-role NAME ROLE: ROLE is officer, supervisor or auditor"));
        return ExitCode::Usage;
    }
    const QString reason = m_context.value("reason");
    int code = ExitCode::Done;
    const std::optional<Operator> actor = signedInWithReason(&code);
    if (!actor)
        return code;
    QString error;
    if (!Roles::canManageOperators(actor->role)) {
        m_context.error(tr("Only supervisors can change an operator's role."));
        return ExitCode::NotPermitted;
    }
    const QString name = rawName.trimmed();
    qint64 actionId = 0;
    const GovernanceService::RoleResult result =
        GovernanceService(m_context.store(&error)).setRole(*actor, name, *role, reason, &actionId, &error);
    if (result == GovernanceService::RoleResult::Failed) {
        m_context.error(error);
        return ExitCode::NotPermitted;
    }
    const bool waiting = result == GovernanceService::RoleResult::Waiting;
    if (m_context.json()) {
        QJsonObject o{{QStringLiteral("name"), name},
                      {QStringLiteral("role"), Roles::toString(*role)},
                      {QStringLiteral("state"),
                       waiting ? QStringLiteral("PendingApproval") : QStringLiteral("Changed")}};
        if (waiting)
            o.insert(QStringLiteral("action_id"), actionId);
        m_context.out() << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
    } else if (waiting) {
        m_context.out() << tr("Making %1 a supervisor waits for a second supervisor's approval (action #%2: "
                              "approvals approve %2).")
                               .arg(name)
                               .arg(actionId)
                        << '\n';
    } else {
        m_context.out() << tr("%1 is now a %2.").arg(name, Roles::toString(*role)) << '\n';
    }
    return waiting ? ExitCode::WaitingForApproval : ExitCode::Done;
}

int OperatorsCommand::password(const QString& rawName)
{
    QString error;
    const std::optional<Operator> actor = m_context.signIn(&error);
    if (!actor) {
        m_context.error(error);
        return m_context.failureCode();
    }
    const QString name = rawName.trimmed().isEmpty() ? actor->name : rawName.trimmed();
    if (name != actor->name && !Roles::canManageOperators(actor->role)) {
        m_context.error(tr("Only a supervisor can set another operator's password."));
        return ExitCode::NotPermitted;
    }
    QString password =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_NEW_PASSWORD"));
    if (password.isEmpty())
        password = CliContext::readSecret(tr("New password for %1: ").arg(name));
    if (!OperatorService(m_context.store(&error)).setPassword(*actor, name, password, &error)) {
        m_context.error(error);
        return ExitCode::Usage;
    }
    if (m_context.json())
        m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("name"), name},
                                                     {QStringLiteral("password_changed"), true}})
                               .toJson(QJsonDocument::Compact)
                        << '\n';
    else
        m_context.out() << tr("The password of %1 was changed.").arg(name) << '\n';
    return ExitCode::Done;
}

CliCommandSpec OperatorsCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("operators");
    s.summary = QStringLiteral("the people who may sign in, and their roles");
    s.verbs = {QStringLiteral("add"),      QStringLiteral("list"),     QStringLiteral("deactivate"),
               QStringLiteral("activate"), QStringLiteral("set-role"), QStringLiteral("password")};
    s.forms = {
        {QStringLiteral("operators add NAME --role officer|supervisor|auditor"),
         QStringLiteral(
             "Adds an operator; the password comes from $IDENTITYDESK_NEW_PASSWORD or a prompt. On an "
             "empty store the first one needs no sign-in and must be a supervisor.")},
        {QStringLiteral("operators list"), QStringLiteral("Lists the operators and their roles.")},
        {QStringLiteral("operators deactivate NAME --reason TEXT"),
         QStringLiteral(
             "Supervisors: NAME can no longer sign in (audited with the reason); lists the requests "
             "NAME left waiting for approval.")},
        {QStringLiteral("operators activate NAME --reason TEXT"),
         QStringLiteral("Supervisors: lets a deactivated operator sign in again (audited with the reason).")},
        {QStringLiteral("operators set-role NAME ROLE --reason TEXT"),
         QStringLiteral(
             "Supervisors: changes NAME's role (audited with the reason). Making a supervisor waits "
             "for a second supervisor's approval (exit 5; approvals approve ID), unless the store has "
             "fewer than two supervisors; never one's own role, never the last supervisor.")},
        {QStringLiteral("operators password [NAME]"),
         QStringLiteral("Sets your own password, or (supervisors) NAME's; the new one comes from "
                        "$IDENTITYDESK_NEW_PASSWORD or a prompt. Audited, never the password.")},
    };
    s.options = {{QStringLiteral("role"),
                  QStringLiteral("ROLE"),
                  QStringLiteral("officer (search, view, request actions), supervisor (also approves others' "
                                 "requests) or auditor (reads everything, changes nothing)."),
                  CliOption::Value::Choice,
                  {QStringLiteral("officer"), QStringLiteral("supervisor"), QStringLiteral("auditor")}},
                 CliCommonOptions::reason()};
    s.examples = {QStringLiteral(
        "IDENTITYDESK_NEW_PASSWORD=... identitydesk-cli operators add alice --role supervisor")};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new OperatorsCommand(context, parent);
    };
    return s;
}
