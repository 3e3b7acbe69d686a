// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdJobStatusCommand.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "net/HttpReply.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/smileid/SmileIdJobStatus.h"
#include "providers/smileid/SmileIdWire.h"
#include "services/Session.h"

#include <QJsonDocument>

void SmileIdJobStatusCommand::run(const QStringList& words)
{
    if (words.size() != 2) {
        m_context.error(tr("usage: smileid job-status USER_ID JOB_ID [--history] [--image-links]"));
        emit finished(ExitCode::Usage);
        return;
    }
    QString error;
    Session* session = m_context.session(&error);
    if (!session) {
        m_context.error(error);
        emit finished(m_context.failureCode()); // 2 for the profile, 7 for the sign-in
        return;
    }
    if (!session->client<SmileIdClient>()) {
        m_context.error(
            tr("the connection profile %1 has no 'smileid' section").arg(session->profile().filePath));
        emit finished(ExitCode::Usage);
        return;
    }
    const QString user = words.at(0);
    const QString job = words.at(1);
    const auto reply = session->client<SmileIdClient>()->jobStatus(user, job, m_context.isSet("history"),
                                                                   m_context.isSet("image-links"));
    connect(reply, &HttpReply::finished, this, [this, reply, user, job] {
        const HttpResult& r = reply->result();
        const bool badSignature = r.error.providerCode == QLatin1String(SmileIdWire::kBadSignatureCode);
        if (!r.ok() && !badSignature) {
            m_context.error(r.error.message());
            emit finished(ExitCode::forError(r.error));
            return;
        }
        const SmileIdJobStatus s = reply.value();
        if (m_context.json()) {
            QJsonObject doc = s.toJson();
            doc.insert(QStringLiteral("user_id"), user);
            doc.insert(QStringLiteral("job_id"), job);
            if (badSignature)
                doc.insert(QStringLiteral("security_warning"), r.error.message());
            m_context.out() << QJsonDocument(doc).toJson(QJsonDocument::Indented);
        } else if (!badSignature) {
            QTextStream& out = m_context.out();
            out << tr("Smile ID job %1 of user %2").arg(job, user) << '\n';
            out << tr("Signature: verified") << '\n';
            out << tr("State:     %1 (code %2)").arg(s.stateText(), s.code) << '\n';
            if (s.hasResult) {
                out << tr("Result:    %1 %2 (%3), confidence %4%5")
                           .arg(s.resultCode, s.resultText, s.resultType, s.confidenceValue,
                                s.isFinalResult ? tr(", final") : tr(", not final"))
                    << '\n';
                out << tr("Job type:  %1%2")
                           .arg(s.jobType, s.jobType == QLatin1String("4") ? tr(" (SmartSelfie registration)")
                                                                           : QString())
                    << '\n';
                out << tr("Smile job: %1").arg(s.smileJobId) << '\n';
            }
            for (const QJsonValue& h : s.history) {
                const QJsonObject o = h.toObject();
                out << tr("History:   %1 %2")
                           .arg(o.value(QStringLiteral("ResultCode")).toString(),
                                o.value(QStringLiteral("ResultText")).toString())
                    << '\n';
            }
            for (auto it = s.imageLinks.constBegin(); it != s.imageLinks.constEnd(); ++it) {
                const QString value =
                    it.value().isArray()
                        ? QString::fromUtf8(
                              QJsonDocument(it.value().toArray()).toJson(QJsonDocument::Compact))
                        : it.value().toString();
                out << tr("Image:     %1 %2").arg(it.key(), value) << '\n';
            }
        }
        m_context.out().flush();
        if (badSignature) {
            m_context.error(r.error.message());
            emit finished(ExitCode::Rejected);
            return;
        }
        emit finished(ExitCode::Done);
    });
}
