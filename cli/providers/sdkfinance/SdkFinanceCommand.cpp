// SPDX-License-Identifier: GPL-3.0-or-later
#include "SdkFinanceCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "domain/PrintableText.h"
#include "domain/ResetRequestPage.h"
#include "net/HttpReply.h"
#include "providers/sdkfinance/ProfileSchema.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceWire.h"
#include "services/ActionService.h"
#include "services/Session.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
constexpr int kDefaultPageSize = 50;

QString usageText()
{
    return QCoreApplication::translate(
        "SdkFinanceCommand",
        "usage: sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]\n"
        "       sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT\n"
        "       sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT");
}

QString createdText(const ResetRequest& r)
{
    return r.createdAt.isValid() ? r.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                                 : r.createdAtText;
}
} // namespace

void SdkFinanceCommand::usageError(const QString& message)
{
    m_context.error(message);
    emit finished(ExitCode::Usage);
}

void SdkFinanceCommand::run(const QStringList& words)
{
    const QString verb = words.value(0);
    if (verb == QLatin1String("requests") && words.size() == 1)
        return listRequests();

    ActionRequest request;
    request.provider = QLatin1String(SdkFinanceWire::kProviderKey);
    request.reason = m_context.value("reason");
    if (verb == QLatin1String("reset") && words.size() == 2) {
        // Every path is checked here, before the store, the profile or the network is touched.
        const QStringList fields =
            ProfileSchema::normalized(m_context.parser().values(QStringLiteral("field")));
        if (fields.isEmpty())
            return usageError(tr("sdkfinance reset needs at least one --field PATH (e.g. --field "
                                 "person.namePlain.first --field address.country)"));
        const QString invalid = ProfileSchema::validate(fields);
        if (!invalid.isEmpty())
            return usageError(invalid + QLatin1Char(' ') +
                              tr("Known fields: %1").arg(ProfileSchema::leaves().join(QStringLiteral(", "))));
        request.action = verb;
        request.userId = words.at(1);
        request.params = {{QStringLiteral("fields"), QJsonArray::fromStringList(fields)}};
    } else if ((verb == QLatin1String("approve") || verb == QLatin1String("decline")) && words.size() == 3) {
        request.action = verb;
        request.userId = words.at(1);
        request.params = {{QStringLiteral("request"), words.at(2)}};
    } else {
        return usageError(usageText());
    }
    if (request.reason.trimmed().isEmpty())
        return usageError(tr("--reason TEXT is required"));
    // The pipeline's own check, here before the store, the sign-in or the SDK.Finance login: a user
    // or request id that cannot travel as a path segment ('../x') reaches nobody.
    if (const QString problem = SdkFinanceClient::requestProblem(request); !problem.isEmpty())
        return usageError(problem);
    submit(request);
}

SdkFinanceClient* SdkFinanceCommand::client()
{
    QString error;
    Session* session = m_context.session(&error);
    if (!session) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return nullptr;
    }
    if (!session->client<SdkFinanceClient>()) {
        usageError(
            tr("the connection profile %1 has no 'sdkfinance' section").arg(session->profile().filePath));
        return nullptr;
    }
    return session->client<SdkFinanceClient>();
}

void SdkFinanceCommand::listRequests()
{
    QString status = m_context.isSet("status") ? m_context.value("status").trimmed().toUpper()
                                               : QLatin1String(SdkFinanceWire::kPending);
    if (status == QLatin1String("ALL"))
        status.clear();
    else if (!SdkFinanceWire::statuses().contains(status))
        return usageError(
            tr("--status takes %1 or ALL").arg(SdkFinanceWire::statuses().join(QLatin1Char('|'))));
    int page = 1;
    int pageSize = kDefaultPageSize;
    bool ok = true;
    if (m_context.isSet("page")) {
        page = m_context.value("page").toInt(&ok);
        if (!ok || page < 1)
            return usageError(tr("--page takes a page number from 1"));
    }
    if (m_context.isSet("limit")) {
        pageSize = m_context.value("limit").toInt(&ok);
        if (!ok || pageSize < 1 || pageSize > SdkFinanceWire::kMaxPageSize)
            return usageError(tr("--limit takes a page size from 1 to %1").arg(SdkFinanceWire::kMaxPageSize));
    }
    SdkFinanceClient* sdk = client();
    if (!sdk)
        return;
    const auto reply = sdk->resetRequests(status, page - 1, pageSize);
    connect(reply, &HttpReply::finished, this, [this, reply, status, page, pageSize] {
        const HttpResult& result = reply->result();
        if (!result.ok()) {
            m_context.error(result.error.message());
            emit finished(ExitCode::forError(result.error));
            return;
        }
        const ResetRequestPage p = reply.value();
        QTextStream& out = m_context.out();
        if (m_context.json()) {
            QJsonArray list;
            for (const ResetRequest& r : p.records)
                list.append(
                    QJsonObject{{QStringLiteral("id"), r.id},
                                {QStringLiteral("user_id"), r.userId},
                                {QStringLiteral("user_name"), r.userName},
                                {QStringLiteral("status"), r.status},
                                {QStringLiteral("created_at"),
                                 r.createdAt.isValid() ? r.createdAt.toUTC().toString(Qt::ISODateWithMs)
                                                       : r.createdAtText},
                                {QStringLiteral("comment"), r.comment}});
            const QJsonObject doc{
                {QStringLiteral("status"), status.isEmpty() ? QJsonValue() : QJsonValue(status)},
                {QStringLiteral("page"), page},
                {QStringLiteral("page_size"), pageSize},
                {QStringLiteral("total_records"), double(p.totalRecords)},
                {QStringLiteral("total_pages"), p.totalPages},
                {QStringLiteral("count"), int(p.records.size())},
                {QStringLiteral("requests"), list}};
            out << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        } else {
            qsizetype idWidth = 7;
            qsizetype userWidth = 7;
            qsizetype nameWidth = 4;
            for (const ResetRequest& r : p.records) {
                idWidth = qMax(idWidth, r.id.size());
                userWidth = qMax(userWidth, r.userId.size());
                nameWidth = qMin<qsizetype>(28, qMax(nameWidth, r.userName.size()));
            }
            // What SDK.Finance returns is shown escaped: a line break in a comment keeps to its row.
            auto cell = [](const QString& text, qsizetype width) {
                return PrintableText::escaped(text).left(int(width)).leftJustified(int(width)) +
                       QStringLiteral("  ");
            };
            out << cell(tr("REQUEST"), idWidth) << cell(tr("USER ID"), userWidth)
                << cell(tr("NAME"), nameWidth) << cell(tr("CREATED"), 20) << cell(tr("STATUS"), 9)
                << tr("COMMENT") << '\n';
            for (const ResetRequest& r : p.records)
                out << cell(r.id, idWidth) << cell(r.userId, userWidth) << cell(r.userName, nameWidth)
                    << cell(createdText(r), 20) << cell(r.status, 9) << PrintableText::escaped(r.comment)
                    << '\n';
            out << tr("Page %1 of %2; %3 request(s)%4 in all.")
                       .arg(page)
                       .arg(qMax(1, p.totalPages))
                       .arg(p.totalRecords)
                       .arg(status.isEmpty() ? QString() : tr(" with status %1").arg(status))
                << '\n';
        }
        out.flush();
        emit finished(ExitCode::Done);
    });
}

void SdkFinanceCommand::submit(const ActionRequest& request)
{
    QString error;
    ActionService* service = m_context.actionService(&error);
    if (!service) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    SdkFinanceClient* sdk = client();
    if (!sdk)
        return;
    // Role rules first (a supervisor decides requests), before anything goes to the network.
    const QString restriction = service->authorisation().requestRestriction(request);
    if (!restriction.isEmpty()) {
        m_context.error(restriction);
        emit finished(ExitCode::NotPermitted);
        return;
    }
    // Log in first: a login without RESET_IDENTIFICATION_INITIATOR is refused before an intent is
    // written, as the console's action would be disabled.
    HttpReply* login = sdk->logIn();
    connect(login, &HttpReply::finished, this, [this, login, service, request] {
        if (!login->result().ok()) {
            m_context.error(login->result().error.message());
            emit finished(ExitCode::forError(login->result().error));
            return;
        }
        const QString restriction = service->authorisation().requestRestriction(request);
        if (!restriction.isEmpty()) {
            m_context.error(restriction);
            emit finished(ExitCode::NotPermitted);
            return;
        }
        if (refuseRepeat(service, request))
            return;
        finishWith(service->submit(request));
    });
}

CliCommandSpec SdkFinanceCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("sdkfinance");
    s.summary = QStringLiteral("SDK.Finance: reset-identification requests");
    s.verbs = {QStringLiteral("requests"), QStringLiteral("reset"), QStringLiteral("approve"),
               QStringLiteral("decline")};
    s.forms = {
        {QStringLiteral(
             "sdkfinance requests [--status PENDING|APPROVED|DECLINED|ALL] [--page N] [--limit N]"),
         QStringLiteral("Lists reset-identification requests (default: the pending ones, 50 a page).")},
        {QStringLiteral("sdkfinance reset USER_ID --field PATH [--field PATH ...] --reason TEXT"),
         QStringLiteral(
             "Asks a user to submit the given profile fields again (e.g. --field person.namePlain.first "
             "--field address.country).")},
        {QStringLiteral("sdkfinance approve|decline USER_ID REQUEST_ID --reason TEXT"),
         QStringLiteral("Approves or declines a user's pending reset request; the decision is itself the "
                        "approval.")},
    };
    QStringList statuses = SdkFinanceWire::statuses();
    statuses << QStringLiteral("ALL");
    s.options = {{QStringLiteral("status"), QStringLiteral("STATUS"),
                  QStringLiteral("Which requests to list (default PENDING)."), CliOption::Value::Choice,
                  statuses},
                 {QStringLiteral("page"), QStringLiteral("N"), QStringLiteral("The page to list, from 1."),
                  CliOption::Value::Text},
                 CliCommonOptions::limit(QStringLiteral("At most N results, or rows a page.")),
                 {QStringLiteral("field"), QStringLiteral("PATH"),
                  QStringLiteral("A profile field the user must submit again; repeat for several."),
                  CliOption::Value::Choice, ProfileSchema::leaves()},
                 CliCommonOptions::reason(),
                 CliCommonOptions::despite()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new SdkFinanceCommand(context, parent);
    };
    return s;
}
