// SPDX-License-Identifier: GPL-3.0-or-later
#include "UsersShowCommand.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "providers/ProviderIdGrammar.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"
#include "services/SubjectService.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>

void UsersShowCommand::run(const QStringList& words)
{
    if (words.size() != 1) {
        m_context.error(tr("usage: users show ID [--provider NAME]"));
        emit finished(ExitCode::Usage);
        return;
    }
    // The id is checked before the sign-in, the store or the network: a bad one reads nothing.
    if (const QString problem = idProblem(words.at(0), m_context.value("provider")); !problem.isEmpty()) {
        m_context.error(problem);
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    if (!m_context.signIn(&error)) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    Session* session = m_context.session(&error);
    if (!session) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    Store* store = m_context.store(&error);
    auto* service = new SubjectProfileService(session, *store, this);
    service->setJobDetails(m_context.isSet("history"), m_context.isSet("image-links"));
    connect(service, &SubjectProfileService::finished, this, [this, service] {
        if (!service->problem().isEmpty()) {
            m_context.error(service->problem());
            emit finished(ExitCode::Usage);
            return;
        }
        print(*service);
        int code = ExitCode::Done;
        for (const QString& section : SubjectProfileService::sections()) {
            const ApiError e = service->sectionError(section);
            if (!e.isError())
                continue;
            m_context.error(tr("%1: %2").arg(section, e.message()));
            const int c = ExitCode::forError(e);
            // The network code wins: the document is incomplete for a reason nobody decided.
            if (code == ExitCode::Done || c == ExitCode::Network)
                code = c;
        }
        if (service->hasSecurityWarning() && code == ExitCode::Done)
            code = ExitCode::Rejected;
        emit finished(code);
    });
    service->load(words.at(0), m_context.value("provider"));
}

QString UsersShowCommand::idProblem(const QString& id, const QString& providerIn)
{
    const QString provider = providerIn.trimmed().toLower();
    if (id.trimmed().isEmpty())
        return tr("users show needs an ID: a subject reference, or a provider's id with --provider NAME "
                  "(an empty ID is never valid)");
    if (provider.isEmpty()) {
        const QString problem = SubjectService::idProblem(id);
        return problem.isEmpty() ? QString() : tr("users show: not a subject reference: %1").arg(problem);
    }
    // Each provider's own grammar, the one its actions are validated with; an unknown provider is
    // named by SubjectProfileService.
    return ProviderIdGrammar::problem(provider, id);
}

void UsersShowCommand::print(const SubjectProfileService& service)
{
    const QJsonObject doc = service.document();
    if (m_context.json()) {
        m_context.out() << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        m_context.out().flush();
        return;
    }
    QTextStream& out = m_context.out();
    const QJsonObject subject = doc.value(QStringLiteral("subject")).toObject();
    const QString reference = subject.value(QStringLiteral("reference")).toString();
    out << (reference.isEmpty() ? tr("Not in the subject index") : tr("Subject %1").arg(reference)) << '\n';
    if (!subject.value(QStringLiteral("email")).toString().isEmpty())
        out << tr("  e-mail: %1").arg(subject.value(QStringLiteral("email")).toString()) << '\n';
    const QJsonObject ids = subject.value(QStringLiteral("ids")).toObject();
    for (auto it = ids.constBegin(); it != ids.constEnd(); ++it)
        out << tr("  %1 id: %2").arg(it.key(), it.value().toString()) << '\n';
    for (const QString& section : SubjectProfileService::sections()) {
        if (section == QLatin1String("subject"))
            continue;
        const QJsonObject s = doc.value(section).toObject();
        out << '\n' << section << " [" << s.value(QStringLiteral("status")).toString() << "]\n";
        for (auto it = s.constBegin(); it != s.constEnd(); ++it) {
            if (it.key() == QLatin1String("status"))
                continue;
            const QJsonValue v = it.value();
            const QString text =
                v.isString()   ? v.toString()
                : v.isBool()   ? (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                : v.isDouble() ? QString::number(v.toDouble())
                : v.isArray()  ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                              : QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            out << "  " << it.key() << ": " << text << '\n';
        }
    }
    out.flush();
}
