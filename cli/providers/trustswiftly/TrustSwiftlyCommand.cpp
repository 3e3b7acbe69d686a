// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrustSwiftlyCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "WaitNotice.h"
#include "domain/ActionRequest.h"
#include "domain/Workflow.h"
#include "net/HttpReply.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "services/Session.h"

#include <QJsonArray>
#include <QJsonDocument>

void TrustSwiftlyCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    if (verb == QLatin1String("workflows") && words.size() == 1)
        return listWorkflows();
    if (verb == QLatin1String("reverify") && words.size() == 2)
        return reverify(words.at(1));
    m_context.error(
        tr("usage: trustswiftly workflows | trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW "
           "--reason TEXT"));
    emit finished(ExitCode::Usage);
}

void TrustSwiftlyCommand::listWorkflows()
{
    QString error;
    Session* session = m_context.session(&error);
    if (!session) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    if (!session->client<TrustSwiftlyClient>()) {
        m_context.error(
            tr("the connection profile %1 has no 'trustswiftly' section").arg(session->profile().filePath));
        emit finished(ExitCode::Usage);
        return;
    }
    const auto reply = session->client<TrustSwiftlyClient>()->workflows();
    connect(reply, &HttpReply::throttled, this, [this](int, int delayMs) {
        ApiError reason;
        reason.kind = ApiError::Kind::RateLimited;
        m_context.error(WaitNotice::text(delayMs, reason));
    });
    connect(reply, &HttpReply::retrying, this, [this](int, int delayMs, const ApiError& reason) {
        m_context.error(WaitNotice::text(delayMs, reason));
    });
    connect(reply, &HttpReply::finished, this, [this, reply] {
        const HttpResult& result = reply->result();
        if (!result.ok()) {
            m_context.error(result.error.message());
            emit finished(ExitCode::forError(result.error));
            return;
        }
        const WorkflowList workflows = reply.value();
        if (m_context.json()) {
            QJsonArray list;
            for (const Workflow& w : workflows)
                list.append(QJsonObject{{QStringLiteral("id"), w.id},
                                        {QStringLiteral("name"), w.name},
                                        {QStringLiteral("types"), QJsonArray::fromStringList(w.types)}});
            m_context.out() << QJsonDocument(QJsonObject{{QStringLiteral("workflows"), list}})
                                   .toJson(QJsonDocument::Indented);
        } else {
            qsizetype width = 2;
            for (const Workflow& w : workflows)
                width = qMax(width, w.id.size());
            m_context.out() << tr("ID").leftJustified(int(width)) << "  " << tr("NAME") << '\n';
            for (const Workflow& w : workflows)
                m_context.out() << w.id.leftJustified(int(width)) << "  " << w.name << '\n';
        }
        m_context.out().flush();
        emit finished(ExitCode::Done);
    });
}

void TrustSwiftlyCommand::reverify(const QString& userId)
{
    auto usage = [this](const QString& message) {
        m_context.error(message);
        emit finished(ExitCode::Usage);
    };
    if (m_context.value("from").trimmed().isEmpty() || m_context.value("to").trimmed().isEmpty())
        return usage(tr("trustswiftly reverify needs --from WORKFLOW and --to WORKFLOW (see 'trustswiftly "
                        "workflows')"));
    if (m_context.value("reason").trimmed().isEmpty())
        return usage(tr("--reason TEXT is required"));

    ActionRequest request;
    request.provider = QStringLiteral("trustswiftly");
    request.action = QStringLiteral("reverify");
    request.userId = userId;
    request.params = {{QStringLiteral("from"), m_context.value("from").trimmed()},
                      {QStringLiteral("to"), m_context.value("to").trimmed()}};
    request.reason = m_context.value("reason");
    submit(request);
}

CliCommandSpec TrustSwiftlyCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("trustswiftly");
    s.summary = QStringLiteral("Trust Swiftly: verification workflows and re-verification");
    s.verbs = {QStringLiteral("workflows"), QStringLiteral("reverify")};
    s.forms = {
        {QStringLiteral("trustswiftly workflows"),
         QStringLiteral("Lists the workflows (templates) users can be on.")},
        {QStringLiteral("trustswiftly reverify USER_ID --from WORKFLOW --to WORKFLOW --reason TEXT"),
         QStringLiteral(
             "Assigns a user a re-verification workflow; --from is the workflow the user is on now, and "
             "nothing is sent if that has changed.")},
    };
    s.options = {{QStringLiteral("from"), QStringLiteral("WORKFLOW"),
                  QStringLiteral("The workflow the user is on now."), CliOption::Value::Text},
                 {QStringLiteral("to"), QStringLiteral("WORKFLOW"), QStringLiteral("The workflow to assign."),
                  CliOption::Value::Text},
                 CliCommonOptions::reason(),
                 CliCommonOptions::despite()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new TrustSwiftlyCommand(context, parent);
    };
    return s;
}
