// SPDX-License-Identifier: GPL-3.0-or-later
#include "AdminCommand.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "store/SchemaMigrations.h"
#include "store/Store.h"
#include "store/StoreUrl.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {
/// Whether a failure is libpq's word for a connection that went away (not the server's refusal).
bool lostConnection(const QString& error)
{
    for (const char* words : {"server closed the connection", "no connection to the server",
                              "could not receive data", "could not send data", "terminating connection"})
        if (error.contains(QLatin1String(words), Qt::CaseInsensitive))
            return true;
    return false;
}
} // namespace

void AdminCommand::run(const QStringList& words)
{
    if (words != QStringList{QStringLiteral("init")}) {
        m_context.error(tr("usage: admin init [--check]"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    // The URL first: a desk store is refused before anything is opened (or created).
    const std::optional<StoreUrl> url = StoreUrl::parse(m_context.value("store"), &error);
    if (!url) {
        m_context.error(error);
        emit finished(ExitCode::Usage);
        return;
    }
    if (url->backend() != StoreUrl::Backend::Postgresql) {
        m_context.error(tr("admin init sets up a PostgreSQL team store; %1 is a desk store (SQLite), whose "
                           "boundary is the computer's account. Give --store postgresql://OWNER@host/db.")
                            .arg(url->toDisplayString()));
        emit finished(ExitCode::Usage);
        return;
    }
    const bool check = m_context.isSet("check");
    // --check writes nothing: not even the schema of a database admin init did not make.
    Store* store = m_context.store(&error, !check);
    if (!store) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    Store::TeamModeReport report;
    if (check && store->schemaVersion() < SchemaMigrations::latestVersion()) {
        report.problems << (store->schemaVersion() == 0
                                ? tr("The database holds no IdentityDesk store: admin init (without "
                                     "--check), run by its owner, creates it.")
                                : tr("The store is at schema version %1, older than this console's %2: "
                                     "admin init, run by its owner, upgrades it.")
                                      .arg(store->schemaVersion())
                                      .arg(SchemaMigrations::latestVersion()));
    } else if (!store->initTeamMode(check, &report, &error)) {
        m_context.error(error);
        // The server answered and refused (the owner lacks CREATEROLE, a role in the way, a role it
        // will not make an operator): not permitted. Only a lost connection is a network fault.
        // Nothing was written either way (one transaction).
        emit finished(lostConnection(error) ? ExitCode::Network : ExitCode::NotPermitted);
        return;
    }
    QJsonObject json{{QStringLiteral("store"), store->location()},
                     {QStringLiteral("group_roles"), QJsonArray::fromStringList(report.groupRoles)}};
    if (check) {
        json.insert(QStringLiteral("problems"), QJsonArray::fromStringList(report.problems));
        json.insert(QStringLiteral("ok"), report.problems.isEmpty());
        if (!report.problems.isEmpty()) {
            for (const QString& p : report.problems)
                m_context.error(p);
            QString text =
                tr("The team store at %1 is not as admin init makes it (%n problem(s)); run admin init "
                   "as the owner to repair it.",
                   nullptr, int(report.problems.size()))
                    .arg(store->location());
            if (m_context.json())
                m_context.done(text, json);
            else
                m_context.error(text);
            // Like an audit chain that does not verify: the store's guarantees cannot be relied on.
            emit finished(ExitCode::Rejected);
            return;
        }
        m_context.done(tr("The team store at %1 is enforced as admin init makes it: group roles %2.")
                           .arg(store->location(), report.groupRoles.join(QLatin1String(", "))),
                       json);
        emit finished(ExitCode::Done);
        return;
    }
    QJsonArray logins;
    QString text = tr("The team store at %1 is enforced by PostgreSQL: group roles %2.")
                       .arg(store->location(), report.groupRoles.join(QLatin1String(", ")));
    for (const Store::TeamModeReport::Login& l : report.newLogins) {
        logins.append(QJsonObject{{QStringLiteral("name"), l.name},
                                  {QStringLiteral("role"), l.role},
                                  {QStringLiteral("first_password"), l.oneTimePassword}});
        text += QLatin1Char('\n') +
                (l.oneTimePassword.isEmpty()
                     ? tr("  %1 (%2): an existing database role, signs in with its own authentication")
                           .arg(l.name, l.role)
                     : tr("  %1 (%2): first password %3 (hand it over in person; change it with operators "
                          "password)")
                           .arg(l.name, l.role, l.oneTimePassword));
    }
    json.insert(QStringLiteral("new_logins"), logins);
    m_context.done(text, json);
    emit finished(ExitCode::Done);
}

CliCommandSpec AdminCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("admin");
    s.summary = QStringLiteral("team store administration, run by the database owner (not an operator)");
    s.verbs = {QStringLiteral("init")};
    s.forms = {
        {QStringLiteral("admin init [--check]"),
         QStringLiteral(
             "Makes the PostgreSQL store of --store postgresql://OWNER@host/db a team store whose rules the "
             "server enforces: group roles DB_officer, DB_supervisor and DB_auditor, no direct write on the "
             "protected tables, and the functions every change goes through. The store's operators become "
             "login roles (each new one gets a first password, printed once). The owner needs CREATEROLE. "
             "With --check, lists what is missing or wrongly granted and exits 3 if anything is.")},
    };
    s.options = {
        {QStringLiteral("check"), QString(),
         QStringLiteral("Only check the team store (admin init): exit 0 when it is as admin init makes "
                        "it, 3 when not.")}};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new AdminCommand(context, parent);
    };
    return s;
}
